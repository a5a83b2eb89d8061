"""From what people type to comparable words: one normal form for the safety rules and
the ranking alike, so "Don’t", "dont" and "DON'T!!" are the same word everywhere.

For the ranking, `vocabulary` goes one step further and puts what people type into the
words the knowledge base uses: texting shorthand ("ppl"), everyday phrases ("drop off" →
"fall asleep") and everyday words ("puffy" → "swelling"). The maps apply to the
questions and to the knowledge base alike, so an entry may use either form. They are
curated by hand: a word goes in only when it means the same thing wherever it appears in
a question about the pose or the bot.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_WORD = re.compile(r"[\W_]+")
_LONG_RUNS = re.compile(r"(\w)\1{2,}")  # "sooo", "dieee": three or more of one letter


def normalize(text: str) -> str:
    """Lower case, apostrophes dropped ("i'm" → "im"), anything else that is not a letter
    or digit turned into one space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", _APOSTROPHES.sub("", folded)).split())


def squeeze(normal: str) -> str:
    """Letters typed three or more times in a row, once ("nooo" → "no")."""
    return _LONG_RUNS.sub(r"\1", normal)


def words(text: str) -> list[str]:
    return normalize(text).split()


# Texting shorthand, expanded first (typos are the ranking's job).
SHORTHAND = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "ppl": "people",
    "peeps": "people",
    "shud": "should",
    "shld": "should",
    "cud": "could",
    "wud": "would",
    "hw": "how",
    "wat": "what",
    "wats": "whats",
    "wot": "what",
    "abt": "about",
    "bout": "about",
    "w": "with",
    "b4": "before",
    "nite": "night",
    "2nite": "tonight",
    "tonite": "tonight",
    "mins": "minutes",
    "min": "minutes",
    "minuts": "minutes",
    "secs": "seconds",
    "hrs": "hours",
    "hr": "hour",
    "wk": "week",
    "wks": "weeks",
    "wkly": "weekly",
    "yr": "year",
    "info": "information",
    "2x": "twice",
    "x2": "twice",
    "3x": "three times",
    "alot": "a lot",
    "smth": "something",
    "sth": "something",
    "idk": "i dont know",
    "dunno": "dont know",
    "nvm": "never mind",
    "nevermind": "never mind",
    "cuz": "because",
    "coz": "because",
    "cos": "because",
    "bc": "because",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "prob": "probably",
    "def": "definitely",
    "esp": "especially",
    "pic": "picture",
    "bday": "birthday",
    "preggo": "pregnant",
    "preggers": "pregnant",
    "bp": "blood pressure",
    "hbp": "high blood pressure",
    "dst": "daylight saving",
    "pmr": "progressive muscle relaxation",
    "lutw": "legs up the wall",
    "vk": "viparita karani",
}

# Everyday phrases for what the knowledge base says otherwise, longest first when they
# overlap. Keys are in normal form (see `normalize`), after shorthand.
PHRASES = {
    # the pose itself
    "legs on the wall": "legs up the wall",
    "legs against the wall": "legs up the wall",
    "legs against a wall": "legs up the wall",
    "legs up a wall": "legs up the wall",
    "legs up wall": "legs up the wall",
    "feet up the wall": "legs up the wall",
    "feet up a wall": "legs up the wall",
    "feet on the wall": "legs up the wall",
    "upside down": "inversion",
    "head below": "inversion",
    "shoulder stand": "shoulderstand",
    "head stand": "headstand",
    "hand stand": "handstand",
    "work out": "workout",
    "working out": "workout",
    "worked out": "workout",
    "tone up": "tone",
    "out of shape": "unfit",
    "corpse pose": "savasana",
    "body scan": "bodyscan",
    # sleep, and limbs that "fall asleep" (numb), which is another matter
    "legs fall asleep": "legs numb",
    "legs fell asleep": "legs numb",
    "legs falling asleep": "legs numb",
    "leg falls asleep": "legs numb",
    "leg fell asleep": "legs numb",
    "feet fall asleep": "feet numb",
    "feet fell asleep": "feet numb",
    "foot fell asleep": "feet numb",
    "foot falls asleep": "feet numb",
    "legs go to sleep": "legs numb",
    "feet go to sleep": "feet numb",
    "pins and needles": "tingling",
    "drop off": "fall asleep",
    "dropping off": "falling asleep",
    "drift off": "fall asleep",
    "drifting off": "falling asleep",
    "doze off": "fall asleep",
    "dozing off": "falling asleep",
    "get to sleep": "fall asleep",
    "go to sleep": "fall asleep",
    "tossing and turning": "trouble sleeping",
    "sleepless nights": "insomnia",
    "sleepless night": "insomnia",
    "sleep hygiene": "sleep habits",
    "half an hour": "30 minutes",
    "killing me": "ache",
    "lie awake": "cant sleep",
    "lying awake": "cant sleep",
    "wake me up": "alarm",
    "wake me": "alarm",
    "half hour": "30 minutes",
    "quarter of an hour": "15 minutes",
    "middle of the day": "afternoon",
    "bike ride": "cycling",
    "bike rides": "cycling",
    # breathing
    "breathe out": "exhale",
    "breathing out": "exhale",
    "breath out": "exhale",
    "breaths out": "exhale",
    "out breath": "exhale",
    "out breaths": "exhale",
    "breathe in": "inhale",
    "breathing in": "inhale",
    "breath in": "inhale",
    "in breath": "inhale",
    "belly breathing": "diaphragmatic breathing",
    "stomach breathing": "diaphragmatic breathing",
    "tummy breathing": "diaphragmatic breathing",
    "box breathing": "breathing pattern",
    # body
    "heart rate variability": "hrv",
    "heart rate variation": "hrv",
    "stress hormones": "cortisol",
    "stress hormone": "cortisol",
    "fight or flight": "sympathetic",
    "fight and flight": "sympathetic",
    "rest and digest": "parasympathetic",
    "rest and recover": "parasympathetic",
    "vagus nerve": "parasympathetic",
    "vagal tone": "parasympathetic",
    "blood flow": "circulation",
    "blood circulation": "circulation",
    "on my feet": "standing",
    "on your feet": "standing",
    "on their feet": "standing",
    "water retention": "fluid retention",
    "retaining water": "fluid retention",
    "retain water": "fluid retention",
    "holding water": "fluid retention",
    "long haul": "long flight",
    "jet lag": "jetlag",
    "heavy legs": "legs heavy",
    "tired legs": "legs heavy",
    "lymph nodes": "lymph",
    "immune system": "immune",
    # the bot
    "time zone": "timezone",
    "time zones": "timezone",
    "daylight savings": "daylight saving",
    "switch off": "turn off",
    "shut off": "turn off",
    "switch on": "turn on",
    "sign up": "setup",
    "signing up": "setup",
    "set up the bot": "setup bot",
    "never mind": "cancel",
    "what can you do": "what are your features",
    "check in": "checkin",
    "check ins": "checkin",
}

# Everyday words for what the knowledge base names otherwise (one word to one or more).
LAY_WORDS = {
    **dict.fromkeys(
        ["anxious", "nervous", "nerves", "panic", "panicky", "worried", "worry", "jittery"],
        "anxiety",
    ),
    **dict.fromkeys(["overthinking", "edgy", "uneasy"], "anxiety"),
    **dict.fromkeys(
        ["stressed", "stressful", "burnout", "burnt", "overwhelmed", "frazzled", "tense"],
        "stress",
    ),
    **dict.fromkeys(["hectic", "overworked", "destressing"], "stress"),
    **dict.fromkeys(["chill", "chilled", "zen", "unwind", "destress", "soothing"], "relax"),
    **dict.fromkeys(["relaxation", "relaxing", "relaxed", "relaxes", "mellow"], "relax"),
    **dict.fromkeys(["calmer", "calming", "calms", "calmed", "settle", "settles"], "calm"),
    **dict.fromkeys(["wake", "waking", "woke", "awake", "nap"], "sleep"),
    **dict.fromkeys(["sleepless", "insomniac", "sleeplessness"], "insomnia"),
    **dict.fromkeys(["swollen", "puffiness", "bloated", "cankles", "puffy", "balloon"], "swelling"),
    **dict.fromkeys(["ballooning", "swells", "swelled", "swell", "oedema"], "swelling"),
    "edema": "swelling",
    **dict.fromkeys(["calves", "calf", "shins", "thighs"], "legs"),
    **dict.fromkeys(["bum", "butt", "booty", "glutes", "backside", "buttocks", "tailbone"], "hips"),
    **dict.fromkeys(
        ["gp", "physician", "medic", "doc", "physio", "physiotherapy", "physiotherapist"],
        "doctor",
    ),
    **dict.fromkeys(["clinician", "doctors", "dr"], "doctor"),
    **dict.fromkeys(
        ["variation", "variations", "variant", "modification", "modifications", "modify"],
        "modified",
    ),
    **dict.fromkeys(["adapt", "adapted", "adaptation", "tweak", "tweaks", "version"], "modified"),
    **dict.fromkeys(["versions", "alter", "altered"], "modified"),
    **dict.fromkeys(["settings", "setting", "preferences", "options"], "configuration"),
    **dict.fromkeys(["preference", "profile", "config"], "configuration"),
    **dict.fromkeys(["careful", "caution", "cautious"], "avoid"),
    **dict.fromkeys(["perks", "point", "pros", "advantages", "upsides", "upside"], "benefits"),
    "overdo": "long",
    **dict.fromkeys(["vacation", "holidays", "vacations"], "holiday"),
    # the pose
    **dict.fromkeys(["asana", "posture", "position", "positions", "poses"], "pose"),
    **dict.fromkeys(["inverted", "inverting", "inversions", "invert"], "inversion"),
    **dict.fromkeys(["props", "gear", "kit", "accessories"], "equipment"),
    **dict.fromkeys(["workouts", "exercising", "exercises", "fitness"], "exercise"),
    **dict.fromkeys(["stretching", "stretches", "stretchy"], "stretch"),
    **dict.fromkeys(["seniors", "senior", "pensioner", "pensioners", "oap"], "older"),
    **dict.fromkeys(["inflexible", "rigid"], "stiff"),
    **dict.fromkeys(["meditate", "meditating", "meditations"], "meditation"),
    "mindful": "mindfulness",
    **dict.fromkeys(["pillows", "cushion", "cushions", "towel", "towels"], "pillow"),
    **dict.fromkeys(["blankets"], "blanket"),
    **dict.fromkeys(["duration"], "long"),
    **dict.fromkeys(["frequently", "frequency", "regularly"], "often"),
    **dict.fromkeys(["discomfort", "awkward"], "uncomfortable"),
    **dict.fromkeys(["tingle", "tingles", "tingly", "prickly"], "tingling"),
    **dict.fromkeys(["numbness"], "numb"),
    # circulation and swelling
    **dict.fromkeys(["circulate", "circulating", "circulatory"], "circulation"),
    **dict.fromkeys(["bulging", "varicosities", "ropey", "ropy"], "varicose"),
    **dict.fromkeys(["plane", "planes", "airplane", "aeroplane", "flying", "flew"], "flight"),
    "flights": "flight",
    **dict.fromkeys(["traveling", "travelling", "traveled", "travelled", "travels"], "travel"),
    **dict.fromkeys(["lymphedema", "lymphoedema"], "lymph swelling"),
    **dict.fromkeys(["lymphatics", "lymphatic"], "lymph"),
    **dict.fromkeys(["toxins", "toxin", "cleanse", "cleansing", "detoxify", "detoxing"], "detox"),
    **dict.fromkeys(["detoxifying", "flush", "flushes", "flushing"], "detox"),
    **dict.fromkeys(["immunity"], "immune"),
    **dict.fromkeys(["stockings", "tights", "leggings", "sleeves", "sock"], "socks"),
    **dict.fromkeys(["couch", "settee"], "sofa"),
    **dict.fromkeys(["footstool", "pouf", "pouffe", "footrest", "ottoman"], "stool"),
    # training and recovery
    **dict.fromkeys(["runs", "runner", "runners", "running", "jog", "jogging"], "run"),
    **dict.fromkeys(["marathon", "marathons", "5k", "10k", "race", "races", "triathlon"], "run"),
    **dict.fromkeys(["sports", "football", "soccer", "rugby", "tennis", "basketball"], "sport"),
    **dict.fromkeys(["cycling", "biking", "hiking", "hike", "climbing", "swimming"], "sport"),
    **dict.fromkeys(["crossfit", "hiit", "weightlifting", "spin", "netball", "gym"], "sport"),
    "athletic": "athletes",
    **dict.fromkeys(["doms", "achy", "soreness"], "sore"),
    # the nervous system and the research
    **dict.fromkeys(["baroreceptor", "baroreceptors", "baroreflexes"], "baroreflex"),
    **dict.fromkeys(["adrenaline", "adrenalin"], "cortisol"),
    **dict.fromkeys(["scientific", "scientifically", "scientists", "scientist"], "science"),
    **dict.fromkeys(["proof", "proved", "evidenced"], "proven"),
    **dict.fromkeys(["unknowns", "unclear", "uncertainties", "uncertainty"], "unknown"),
    **dict.fromkeys(["contraindication", "contraindicated"], "contraindications"),
    **dict.fromkeys(["dangers", "danger", "dangerous", "unsafe", "harmful"], "risky"),
    **dict.fromkeys(["risk", "risks"], "risky"),
    # the bot
    **dict.fromkeys(["notify", "notifs"], "reminder"),
    **dict.fromkeys(["nudge", "nudges", "reminders", "remind"], "reminder"),
    **dict.fromkeys(["snooze", "pausing"], "pause"),
    **dict.fromkeys(["unpause", "unpaused", "unpausing", "resumed", "resuming"], "resume"),
    **dict.fromkeys(["subjects", "subject", "categories", "category", "themes", "menu"], "topics"),
    **dict.fromkeys(["statistics", "analytics", "graph", "graphs", "progress"], "stats"),
    **dict.fromkeys(["history", "overview", "recap", "report"], "stats"),
    **dict.fromkeys(["erase", "erasing", "wipe", "wiping", "purge", "deleting"], "delete"),
    "deleted": "delete",
    **dict.fromkeys(["backup", "exporting", "exported"], "export"),
    **dict.fromkeys(["gdpr", "private", "confidential"], "privacy"),
    **dict.fromkeys(["abort", "cancelling", "canceling"], "cancel"),
    **dict.fromkeys(["features", "functions", "capabilities", "command"], "commands"),
    **dict.fromkeys(["midday", "noon", "lunchtime", "lunch"], "afternoon"),
    **dict.fromkeys(["grandma", "grandpa", "granny", "grandparents", "nan", "nana"], "older"),
    **dict.fromkeys(["meds", "medication", "medications", "medicine", "medicines"], "treatment"),
    **dict.fromkeys(["bike", "biking", "cyclist", "cyclists"], "sport"),
    **dict.fromkeys(["mum", "mom", "dad", "mother", "father", "parent"], "parents"),
    "state": "mode",
    "timezones": "timezone",
    "onboarding": "setup",
    "checkins": "checkin",
}


def _phrase_pattern(phrases: dict[str, str]) -> re.Pattern[str]:
    keys = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b")


_PHRASE = _phrase_pattern(PHRASES)


# An age worth a word: "im 72", "aged 80", "in her 70s", "85 years old".
_AGE = re.compile(
    r"\b(?:(?:im|i am|is|hes|shes|aged?|turning|turned) (?:[5-9]\d|1[01]\d)|"
    r"in (?:my|his|her|their) (?:[5-9]0)s|(?:[5-9]\d|1[01]\d) ?(?:years? old|yrs? old|yo))\b"
)


def _lay(word: str) -> str:
    """The knowledge base's word for `word`; a plain plural ("balloons") as its singular."""
    if word in LAY_WORDS:
        return LAY_WORDS[word]
    if len(word) > 4 and word.endswith("s") and word[:-1] in LAY_WORDS:
        return LAY_WORDS[word[:-1]]
    return word


def vocabulary(text: str) -> list[str]:
    """The words of `text` as the knowledge base would put them: shorthand expanded, then
    everyday phrases and words replaced by the knowledge base's own."""
    expanded = " ".join(SHORTHAND.get(word, word) for word in words(text))
    phrased = _PHRASE.sub(lambda match: PHRASES[match.group(0)], _AGE.sub(" older ", expanded))
    return [out for word in phrased.split() for out in _lay(word).split()]

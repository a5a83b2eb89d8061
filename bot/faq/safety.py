"""What must be answered before any question is looked up: crisis language, symptoms that
need medical help now, and the health conditions the pose needs a clinician's say-so for.

Rules, not ranking: a missed crisis message costs far more than a false alarm, so every
pattern leans toward recall, and a crisis phrase counts whatever surrounds it (no
negation handling: "I don't want to die" still gets the crisis answer, gently).
Precedence: crisis, then acute symptoms, then conditions. The patterns run on the
normal form of `words.normalize` (lower case, no apostrophes, single spaces), and on a
copy with long letter runs squeezed ("dieee" → "die").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.faq.words import normalize, squeeze

Kind = Literal["crisis", "acute", "safety"]

# "myself" as people type it: my self, myslef, meself, mysefl.
_MYSELF = r"(?:my ?s[ea]?l[fv]e?|myslef|mysefl|meself|mysel)"
_TO = r"(?:to|2|too)"

CRISIS = [
    # suicide, suicidal and their misspellings (sucide, suicde, suiside, sucidal)
    r"\bsu[aeiou]{0,2}[cs][aeiou]{0,2}d(?:e|al|ial|le|ed|es|ing)?",
    r"\bunalive\w*",
    rf"\bk+i+l+(?:ing|in|ed|l)? ?{_MYSELF}",
    r"\bkms\b|\bkys\b",
    r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|injure|injuring|punish)\w* ?"
    + _MYSELF,
    r"\bs[el]{2}f ?(?:har[mn]|injur|mutilat)\w*",
    r"\bend(?:ing)? (?:it all|things all|my (?:own )?life|my life|everything for good)\b",
    r"\btak(?:e|ing) my (?:own )?life\b",
    rf"\b(?:want|wanna|wanted|wanting|wish|ready|need|plan|planning) (?:\w+ )?(?:{_TO} )?(?:just )?"
    r"(?:die|be dead|not be here|not exist|not wake up|disappear forever)\b",
    r"\bwish (?:i|id) (?:was|were|could be) (?:dead|gone|never born)\b",
    r"\bwish (?:i|id) (?:could )?die\b|\bwish (?:i|id) (?:wasnt|werent) (?:alive|here|born)\b",
    r"\b(?:rather|better off) (?:be )?dead\b|\bbetter off without me\b",
    r"\bfeel(?:ing)? like dying\b",
    rf"\b(?:dont|do not|dnt|dont really|no longer) (?:want|wanna) (?:{_TO} )?"
    r"(?:live|be alive|be here anymore|exist|wake up|go on|be around)\b",
    r"\bnever wake up\b",
    r"\b(?:if|hope|hoping|wish|pray) (?:that )?i (?:dont|didnt|never|do not|did not|wont) "
    r"(?:\w+ )?wake up\b",
    r"\b(?:wouldnt|would not|dont|do not) mind (?:if i|dying|being dead|not waking)"
    r"(?: \w+){0,3} (?:died|dead|gone|wake up|waking up|woke up|here|alive|existed)\b",
    r"\b(?:no|any|the) (?:reason|point|will|purpose) (?:\w+ ){0,2}(?:to|in|of|for) (?:\w+ )?"
    r"(?:live|living|go on|going on|be alive|being alive|life|carry on|keep going)\b",
    r"\b(?:tired|sick|done) (?:of|with) (?:living|life|being alive|being here)\b",
    r"\bnothing (?:left )?to live for\b|\bnot worth living\b|\blife (?:isnt|is not) worth\b",
    r"\bcant go on (?:anymore|any more|like this|living)\b|\bcant do this anymore\b",
    r"\boverdos\w*|\b(?:hang|hanging|drown|drowning|shoot|shooting) " + _MYSELF,
    r"\bslit (?:my )?wrists?\b|\bjump(?:ing)? (?:off|from) (?:a|the|my) "
    r"(?:bridge|building|roof|cliff|balcony)\b",
    r"\btake all (?:my|the|of my) (?:pills|tablets|meds)\b",
    r"\bnoose\b|\bbleed(?:ing)? out\b|\b(?:get|buy|find) (?:a |me a )?(?:gun|firearm)\b",
    rf"\bwhat (?:i|ill|i will|i might|im going to) (?:\w+ )?do to {_MYSELF}",
    r"\b(?:hope|hoping|wish|pray)\w* (?:\w+ ){0,4}(?:heart (?:\w+ )?stops|stop breathing)\b",
    r"\b(?:think|thinking|thought)\w* (?:about|of) (?:just )?(?:ending it|ending things|"
    r"ending everything|jumping|not being here)\b",
    r"\bwont need (?:\w+ ){0,3}where (?:im|i am) going\b",
    # means put by, and wanting everything to stop
    r"\b(?:saved|saving|stockpil\w*|hoard\w*|stash\w*|collect(?:ed|ing)) (?:up )?(?:\w+ ){0,2}"
    r"(?:pills|tablets|meds|sleeping pills|painkillers)\b",
    r"\b(?:pills|tablets|meds|painkillers)\b.{0,40}\bend (?:it|things|my life|everything)\b",
    r"\bwant (?:it all|everything|all of it|the pain|all this) to (?:stop|end|be over)\b",
    r"\b(?:cant|cannot|can not|dont|do not|cant even) (?:see|find|think of) (?:a|any) "
    r"(?:reason|point) (?:to|in|for) (?:\w+ )?(?:live|living|go on|going on|keep going|"
    r"carry on|be here|be alive)\b",
    # The warning signs crisis services list, in the words people use: affairs put in
    # order, letters left behind, life after "I'm gone", a sleep meant to last, a method
    # looked at or researched.
    r"\b(?:put|putting|got|get|getting|have|had|sorted|sorting) (?:all )?(?:of )?my affairs "
    r"(?:in order|sorted|straight)\b|\baffairs (?:are )?(?:in order|sorted)\b",
    r"\b(?:suicide|goodbye|farewell|last) (?:note|letter|letters|notes|message|messages)\b",
    r"\b(?:wrote|written|writing|write|left|leaving) (?:\w+ ){0,2}(?:letters?|notes?) "
    r"(?:to|for) (?:my |all my |each of my )?(?:kids|children|family|everyone|wife|husband|"
    r"partner|son|daughter|parents|mum|mom|dad|friends|loved ones)\b",
    r"\b(?:after|when|once|for when) (?:i|im|i am|ive) (?:am )?(?:gone|dead|no longer here|"
    r"not here anymore|not around)(?! (?:on|for|to|away|out|shopping|abroad|travelling))\b",
    r"\b(?:sleep|rest|asleep) (?:\w+ ){0,2}(?:forever|for good|permanently|and never come back|"
    r"and not come back)\b|\b(?:permanent|eternal|final|endless) (?:one|rest|sleep)\b",
    r"\bfall asleep and (?:just )?(?:never|not) (?:come back|wake|be here)\b",
    r"\b(?:step|stepping|jump|jumping|walk|walking|throw|throwing) (?:my ?self |out )?"
    r"in front of (?:a |the )?(?:train|bus|truck|lorry|car|traffic)\b",
    r"\b(?:lethal|fatal|deadly) (?:dose|amount|overdose)\b",
    r"\bhow (?:many|much) (?:\w+ ){0,3}(?:pills|tablets|paracetamol|tylenol|sleeping pills|"
    r"insulin|meds)\b.{0,30}\b(?:kill|fatal|lethal|die|too many to wake|not wake)\b",
    r"\b(?:stopped|stopping|quit) (?:taking )?my (?:\w+ )?(?:meds|medication|medicine|tablets|"
    r"pills|insulin) on purpose\b",
]

ACUTE = [
    r"\bchest (?:pain|pains|hurts?|hurting|ache|aches|aching|tight\w*|pressure|is tight|"
    r"feels (?:tight|heavy|crushed))",
    r"\bpain in (?:my|the) chest\b|\b(?:tight|crushing|sharp|heavy) chest\b",
    r"\bfaint(?:ed|ing|ness|y)?\b|\bpass(?:ed|ing)? out\b|\bpast out\b",
    r"\bblack(?:ed|ing)? out\b|\blost consciousness\b|\bcollaps(?:ed|ing)\b",
    r"\b(?:sudden|suddenly|severe|worst|terrible|intense|excruciating|splitting|pounding|"
    r"thunderclap|massive|awful|horrible|blinding|crushing|extreme|really bad|very bad|so bad)"
    r"(?: \w+){0,3} (?:head ?aches?|hed ?aches?|head ?ake|head pain)\b",
    r"\b(?:head ?aches?|hed ?aches?|head (?:hurts|is hurting|pain)) (?:\w+ ){0,3}(?:suddenly|"
    r"out of nowhere|wont go away|so bad|really bad|very bad|is severe|is killing me)\b",
    r"\bhead (?:is )?(?:pounding|exploding|killing me)\b",
    # numbness or tingling that stays; in passing ("my toes tingle") it is a comfort question
    r"\b(?:numb\w*|tingl\w*|pins and needles)\b.*\b(?:wont|doesnt|does not|isnt|is not|didnt|"
    r"did not|will not|hasnt|not|never) (?:go(?:ing|ne)? away|go|stop\w*|pass\w*|wear\w* off|"
    r"fade\w*|going)\b",
    r"\b(?:numb\w*|tingl\w*|pins and needles)\b.*\b(?:still|hours?|persist\w*|days|all day|"
    r"ever since|since then|constant\w*|keeps?|one side|my face|my arm)\b",
    r"\b(?:still|hours?|persist\w*|constant\w*) (?:\w+ ){0,3}(?:numb\w*|tingl\w*)\b",
    r"\bcant feel (?:my )?(?:legs?|feet|foot|toes|arms?|face|hands?)\b",
    r"\bshort(?:ness)? (?:of|off) breath\b|\bbreathless\w*|\bgasping\b",
    r"\b(?:cant|cannot|can not|couldnt|unable to) (?:breathe?|breath|catch my breath|get air)\b",
    r"\b(?:hard|difficult|struggling|struggle|trouble|difficulty|problems?) (?:to )?breath\w*",
    r"\bsudden(?:ly)? (?:\w+ ){0,2}(?:weak|weakness|paralys\w*|cant move|cant lift)\b",
    r"\b(?:hit|banged|bumped) my head\b.{0,60}\b(?:sick|confused|vomit\w*|dizzy|blurry|"
    r"throw(?:ing)? up)\b",
    # signs of a stroke, and of a clot in the leg (a calf swollen, red and hot)
    r"\b(?:face|mouth|smile|lip)\b.{0,25}\b(?:droop\w*|sagging|lopsided)\b|\bone side of my "
    r"(?:face|body)\b.{0,20}\b(?:numb|weak|droop\w*|dead|heavy)\b",
    r"\bslurr\w* (?:speech|words|my words)\b|\b(?:speech|words) (?:is |are )?slurr\w*",
    r"\b(?:calf|calves)\b.{0,40}\b(?:red|hot|warm)\b|\b(?:red|hot|warm)\b.{0,30}\b(?:calf|calves)\b",
    r"\bhaving a (?:heart attack|stroke|seizure)\b|\b(?:heart attack|stroke) right now\b",
    # the heart or the eyes misbehaving now, in or after the pose
    r"\bheart (?:is )?(?:racing|pounding|hammering|fluttering|beating) (?:\w+ ){0,4}(?:right now|"
    r"now|still|wont (?:stop|slow)|irregular\w*|out of my chest)\b",
    r"\bflashing lights\b|\b(?:vision|sight|eyesight) (?:\w+ ){0,2}(?:blurry|blurred|going dark|"
    r"went dark|gone dark|black|dim|double|strange|weird)\b|\b(?:went|going|gone) blind\b",
]

# The codes of bot.texts.CONDITIONS, in its order.
CONDITIONS: dict[str, list[str]] = {
    "glaucoma": [
        r"\bgl[aou]{1,3}[ck]{1,2}[ao]?m[ae]s?\b",
        r"\b(?:eye|eyes|ocular|intraocular) pressure\b|\bpressure (?:in|behind) my eyes?\b",
        r"\bocular hypertension\b|\bintraocular\b|\biop\b",
    ],
    "heart": [
        r"\bheart (?:condition|conditon|condtion|problem|prob|issue|disease|failure|attack|"
        r"surgery|murmur|trouble|defect|valve|op|operation|rhythm|arrhythmia|stuff|issues)s?\b",
        r"\b(?:bad|weak|dodgy|enlarged|damaged) heart\b|\bheart (?:is|was) (?:weak|bad)\b",
        r"\ba ?fib\b|\batrial fib\w*|\barr?h?yth?mi\w*",
        r"\birregular (?:heart ?beat|heart rate|pulse)",
        r"\bpace ?maker\w*|\bangina\b|\bcardiac\b|\bcardiomyopath\w*|\bstents?\b|\bbypass\b",
        r"\bpalpitations?\b|\bcongestive\b|\bcardiologist\b|\b\w+cardia\b|\bsvt\b",
    ],
    "blood-pressure": [
        r"\bblo{1,2}d ?pres{1,2}u?re?s?\b|\bblood ?pressur\w*",
        r"\bbp\b|\bhbp\b|(?<!ocular )\bhypert[ae]ns\w*|\bhypotens\w*",
        r"(?<!eye )(?<!eyes )\bmy (?:pressure|numbers) (?:is |are |was |were |runs? |been )?"
        r"(?:\w+ )?(?:too |very |really |a bit |quite )?(?:high|up|raised|elevated)\b",
        r"\b(?:high|raised|elevated) pressure\b(?! (?:in|behind) (?:my|the) eyes?)",
    ],
    "pregnancy": [
        r"\bpreg(?!ame)\w*|\bperg?nan\w*|\bprego\b",
        r"\bexpecting (?:a baby|a child|twins|my first|a little one|a boy|a girl)\b",
        r"\btrimester\b|\b(?:weeks|months|wks|mths) along\b|\bbun in the oven\b",
        r"\bbaby bump\b|\b(?:pre|ante)natal\b|\bwith child\b",
        r"(?:^|\b(?:im|i am|baby is|babys|baby|were|we are) )due in "
        r"(?:\d+|a few|two|three|four|five|six) (?:weeks|wks|days)\b|\bmy due date\b",
    ],
    "hip-back": [
        r"\bhips? (?:replacement|replacment|surgery|injury|injuries|pain|problem|issue|op|"
        r"operation|dysplasia|bursitis|impingement|labral|arthritis|fracture|hurts?|hurting|"
        r"aches?|aching)s?\b",
        r"\b(?:bad|sore|injured|broken|dodgy|hurt|painful|arthritic|replaced) hips?\b",
        r"\b(?:bad|sore|injured|hurt|painful|dodgy|weak|bad lower) back\b",
        r"\b(?:lower |low )?back (?:pain|injury|injuries|problem|problems|issue|issues|surgery|"
        r"hurts?|hurting|aches?|aching|spasms?|op)\b|\bback ?ache\b",
        r"\b(?:hurt|pulled|injured|strained|tweaked) my (?:lower )?back\b",
        r"\b(?:put|threw) my back out\b|\bmy back (?:went|has gone|gave) out\b",
        r"\bhurts? my (?:lower )?back\b|\blumbar\b",
        r"\bsc?iat+i?ca?\b|\bherniat\w*|\bspondyl\w*|\bstenosis\b|\bscoliosis\b",
        r"\b(?:slipped|herniated|bulging|prolapsed|ruptured|slip|degenerative) dis[ck]s?\b",
        r"\bdis[ck] (?:problem|issue|injury|herniation|prolapse|bulge)s?\b",
        r"\bspin(?:e|al) (?:surgery|injury|fusion|problem|issue)s?\b",
    ],
    # Swelling in passing ("puffy ankles after a flight") is a question for the FAQ; only
    # the lasting or severe kind, and its medical names, need a clinician first.
    "swelling": [
        r"\bvenous (?:insufficiency|insuficiency|insufficency|disease)\b|\bcvi\b",
        r"\blymph ?o?edema\b|\blymph ?edema\b|\blipoedema\b|\blipedema\b",
        r"\b(?:chronic|severe|serious|significant|major|massive|huge|constant|permanent|"
        r"extreme|terrible|really bad|very bad|bad) (?:\w+ )?(?:swelling|o?edema|swollen)\b",
        r"\b(?:swell\w*|swollen|o?edema)\b.{0,30}\b(?:all the time|never goes? down|"
        r"wont go (?:down|away)|doesnt go (?:down|away)|for (?:weeks|months|years)|constantly)\b",
        r"\b(?:o?edema) (?:that|which) (?:never|wont|doesnt)\b|\bpitting\b",
        r"\b(?:swell\w*|swollen)\b.{0,40}\b(?:every day|daily|for weeks|for months|"
        r"massively|so much|cant get my shoes on)\b",
        r"\bveins? (?:\w+ ){0,2}(?:not working|dont work|doesnt work|leak\w*|failing|valves?)\b",
    ],
}


# Hurting oneself by accident, asked about in plain words ("how do I get up there without
# hurting myself"), and an overdose of coffee or sugar: only these shapes are set aside
# before the crisis rules run; any other words about hurting oneself still get the
# crisis answer.
_CAREFUL = re.compile(
    rf"\b(?:without|avoid|avoiding) (?:hurting|injuring|straining|pulling) {_MYSELF}\b"
    # "overdosed on coffee": a joke about a harmless excess
    r"|\boverdos\w* on (?:coffee|caffeine|sugar|chocolate|candy|sweets|netflix|tv|carbs|"
    r"pizza|cake|espresso|energy drinks?|tea)\b"
)


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_CRISIS = _compile(CRISIS)
_ACUTE = _compile(ACUTE)
_CONDITIONS = {code: _compile(patterns) for code, patterns in CONDITIONS.items()}


@dataclass(frozen=True)
class Route:
    kind: Kind
    conditions: tuple[str, ...] = ()  # for "safety": every condition named, in CONDITIONS order


def _found(pattern: re.Pattern[str], forms: tuple[str, ...]) -> bool:
    return any(pattern.search(form) for form in forms)


def set_aside(normal: str) -> str:
    """A normal form without the harmless uses of crisis words (see _CAREFUL)."""
    return _CAREFUL.sub(" ", normal)


def route(text: str) -> Route | None:
    """The safety answer a message needs before anything else, or None."""
    normal = normalize(text)
    forms = (normal, squeeze(normal))
    if _found(_CRISIS, tuple(set_aside(form) for form in forms)):
        return Route("crisis")
    if _found(_ACUTE, forms):
        return Route("acute")
    codes = tuple(code for code, pattern in _CONDITIONS.items() if _found(pattern, forms))
    return Route("safety", codes) if codes else None

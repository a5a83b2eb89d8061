"""The first look at every message: does it need a safety answer before anything else?

Rules first (bot.faq.safety: crisis wording, acute symptoms, named conditions), then the
leaning model (leaning.py) for what rules can't list: passive wishes, feeling a burden,
goodbyes, means, self-harm, an overdose already taken, symptoms in everyday words. A
message the model is sure of gets the crisis answer; one it leans on without being sure
gets a gentle question instead of a guess. `read` gathers what the rules and the model
see, `decide` turns it into an answer (so thresholds can be weighed on readings). Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from bot.faq.safety import Route, route, set_aside
from bot.faq.words import normalize
from bot.understanding.meaning import URGENT, Meaning

Kind = Literal["crisis", "acute", "safety", "check"]

# How sure the leaning model (leaning.py) must be. Set leaving one strangers' tune writer
# out at a time (scripts/leaning_report.py), never on a held-out question: over the four
# writers' 3,248 messages, a crisis answer from CRISIS_SURE reaches 79.1% of the 646
# crisis messages and 1.96% of the rest (which include requests to the bot in
# final-sounding words written to be hard); the gentle question from CRISIS_ASK (it costs
# one tap) brings the crisis messages reached to 94.1% and asks about 4.2% of the rest.
CRISIS_SURE = 0.9
CRISIS_ASK = 0.5
ACUTE_SURE = 0.8
# A word or two ("tomorrow", "goodbye") says too little for the model; rules still apply.
MIN_WORDS = 3

# Harm already done: "call now" comes first.
_URGENT = re.compile(
    r"\b(?:took|taken|swallowed|downed|had|ate) (?:\w+ ){0,2}(?:all|whole|too many|loads of|"
    r"lots of|a lot of|a bunch of|a handful of|every|everything|\d{2,})\b.{0,40}"
    r"\b(?:pills|tablets|meds|medication|medicine|bottle|packet|box|capsules)\b"
    r"|\boverdosed\b|\b(?:took|taken|had) an? overdose\b"
)


# A crisis sentence can hide in a long message: each sentence is looked at on its own too.
_SENTENCE_END = re.compile(r"(?<=[.!?;,\n])\s+|\s+(?:but|and then|anyway)\s+")
MAX_SENTENCES = 4
SPLIT_FROM_WORDS = 8  # shorter messages say one thing


_QUESTION_START = re.compile(
    r"^(?:how|what|whats|when|where|why|which|who|is|are|can|could|should|would|will|do|"
    r"does|did|may|any|pls|please)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The parts of a long message worth reading on their own, in order: at most
    MAX_SENTENCES, the questions and the last part first (people often give the context
    before they ask), then the earliest of the rest."""
    if len(text.split()) < SPLIT_FROM_WORDS:
        return []
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and len(p.split()) >= 3]
    if len(parts) <= 1:
        return []
    if len(parts) <= MAX_SENTENCES:
        return parts
    asking = [n for n, p in enumerate(parts) if p.endswith("?") or _QUESTION_START.match(p)]
    chosen = dict.fromkeys([*asking[-(MAX_SENTENCES - 1) :], len(parts) - 1])
    for n in range(len(parts)):
        if len(chosen) >= MAX_SENTENCES:
            break
        chosen.setdefault(n)
    return [parts[n] for n in sorted(chosen)]


# Words that may be a goodbye or may be a holiday: ask, don't guess.
_ASK = re.compile(
    r"\b(?:wont|will not|not going to|aint gonna|wont even) be (?:here|around|alive) "
    r"(?:\w+ ){0,2}(?:next|much longer|tomorrow|after|by|for long|anymore|any more)\b"
    r"|\b(?:wont|will not|dont) need (?:\w+ ){0,3}(?:after|past|beyond) (?:tonight|today)\b"
    r"|\b(?:wont|will not) (?:be )?need(?:ing)? (?:\w+ ){0,3}(?:anymore|any more|again)\b"
    r"|\bgoodbye (?:forever|for good|everyone)\b|\bthis is goodbye\b"
    r"|\b(?:there (?:wont|will not) be|i (?:wont|will not) (?:have|see)) (?:a |an )?"
    r"(?:another|next|more|other) (?:week|weeks|month|summer|birthday|christmas)\b"
    r"|\b(?:giv(?:e|ing|en)|gave) (?:away )?(?:all )?(?:of )?my (?:things|stuff|belongings|"
    r"possessions|dog|cat|pets?)\b(?:.{0,40}\b(?:away|to))?"
    r"|\b(?:made|make|have made) (?:my|the|a) (?:final )?decision\b.{0,30}$"
    r"|\blife insurance\b.{0,60}\b(?:happens? to me|if i die|if i (?:was|were) gone|suicide)\b"
    r"|\b(?:doesnt|does not|didnt|dont|never) wake up\b"
    r"|\b(?:winding down|checking out|signing off|going away|leaving|gone|done|sleeping|"
    r"logging off|switching off) for good\b"
    r"|^(?:so )?(?:whats|what is|wheres) the point(?: anymore| of (?:it all|anything|any of it|"
    r"living|life|going on|trying))?$"
)


# A laugh beside idiom-prone crisis words ("this stretch, i want to die lol") is most
# often an idiom, but not always: such a message gets the gentle question instead of the
# crisis answer.
_LAUGH = re.compile(r"\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|jk|kidding|joking)\b|😂|🤣|😅|😆")
# Words no idiom uses: a laugh beside them changes nothing.
_OUTRIGHT = re.compile(
    r"\bsu[aeiou]{0,2}[cs][aeiou]{0,2}d|\bunalive|\bkms\b|\bkys\b|\bkill\w* ?my ?self|"
    r"\bself ?harm|\boverdos|\b(?:cut|cutting|hurt|hurting|harm|harming) ?my ?self|\bend my life"
)


@dataclass(frozen=True)
class Screened:
    kind: Kind
    conditions: tuple[str, ...] = ()  # for "safety"
    urgent: bool = False  # for "crisis": harm may already be done
    by: Literal["rule", "meaning"] = "rule"
    crisis_score: float = 0.0  # the leaning model's probability of a crisis


@dataclass(frozen=True)
class Thresholds:
    crisis_sure: float = CRISIS_SURE
    crisis_ask: float = CRISIS_ASK
    acute_sure: float = ACUTE_SURE


@dataclass(frozen=True)
class Reading:
    """What the rules and the model see in a message, before anything is decided."""

    routed: Route | None  # the rules' safety route
    urgent: bool  # harm already done, by the rules
    laughing: bool  # a laugh, and no word no idiom uses
    asks: bool  # words that may be a goodbye or a holiday
    by_model: bool = False  # the model read it (it is there and the message long enough)
    crisis: float = 0.0  # the leaning model's probabilities, the most leaning sentence's
    acute: float = 0.0
    nearest_urgent: bool = False  # the closest crisis exemplar tells of harm already done


def read(text: str, meaning: Meaning | None = None) -> Reading:
    routed = route(text)
    normal = normalize(text)
    laughing = bool(_LAUGH.search(normal)) and not _OUTRIGHT.search(normal)
    facts = Reading(
        routed,
        bool(_URGENT.search(set_aside(normal))),
        laughing,
        bool(_ASK.search(normal)),
    )
    if meaning is None or len(normal.split()) < MIN_WORDS:
        return facts
    # The message and each of its sentences: the one that leans most decides.
    parts = sentences(text)
    vectors = meaning.vectors_of(text, parts)
    leanings = meaning.lean([text, *parts], vectors)
    return replace(
        facts,
        by_model=True,
        crisis=max(lean.crisis for lean in leanings),
        acute=max(lean.acute for lean in leanings),
        nearest_urgent=meaning.nearest_crisis_kind(vectors) == URGENT,
    )


def decide(seen: Reading, at: Thresholds = Thresholds()) -> Screened | None:
    """The safety answer a reading calls for, or None. Precedence: crisis (rules, then
    the model), acute symptoms (rules, then the model), the gentle question, conditions."""
    routed, urgent = seen.routed, seen.urgent
    joking = seen.laughing and routed is not None and routed.kind == "crisis"
    if urgent or (routed is not None and routed.kind == "crisis" and not joking):
        return Screened("crisis", urgent=urgent)
    if joking:
        routed = None  # "i want to die lol": asked about gently
    acute_by_rule = routed is not None and routed.kind == "acute"
    scores = {"by": "meaning", "crisis_score": seen.crisis}
    if seen.by_model and seen.crisis >= at.crisis_sure:
        urgent = seen.nearest_urgent
        laugh = seen.laughing and not urgent  # "make them stop for good lol": ask
        return Screened("check" if laugh else "crisis", urgent=urgent, **scores)
    if acute_by_rule:
        return Screened("acute")
    # A named condition keeps its caution; the model adds what rules can't list.
    if routed is None and seen.by_model and seen.acute >= at.acute_sure:
        return Screened("acute", **scores)
    if routed is None and seen.by_model and seen.crisis >= at.crisis_ask:
        return Screened("check", **scores)
    if joking or (routed is None and seen.asks):
        return Screened("check")
    if routed is not None:
        return Screened("safety", conditions=routed.conditions)
    return None


def screen(text: str, meaning: Meaning | None = None) -> Screened | None:
    """The safety answer `text` needs first, or None."""
    return decide(read(text, meaning))

"""The first look at every message: does it need a safety answer before anything else?

Rules first (bot.faq.safety: crisis wording, acute symptoms, named conditions), then the
meaning model against the crisis and calm exemplars, for what rules can't list: passive
wishes, feeling a burden, goodbyes, means, self-harm, an overdose already taken. A
message close to a crisis exemplar and clearly closer to it than to anything calm is a
crisis; one in between gets a gentle question instead of a guess. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.faq.safety import route
from bot.faq.words import normalize
from bot.understanding.meaning import URGENT, CrisisMatch, Meaning

Kind = Literal["crisis", "acute", "safety", "check"]

# Set on the tune split of tests/faq/eval_questions.yaml and the exemplars, never on a
# held-out question. A crisis answer needs both: this close to a crisis exemplar, and
# this much closer to it than to the closest calm text.
CRISIS_SURE = 0.60
CRISIS_MARGIN = 0.12
# From here, and at least as close to crisis as to calm, ask: a gentle question costs
# little. The loosest setting that asks no more than 0.5% of the tune splits' messages
# that are not crisis (2 of 889).
CRISIS_ASK = 0.45
ASK_MARGIN = 0.0
# Symptoms that need help now, by meaning, the same way.
ACUTE_SURE = 0.65
ACUTE_MARGIN = 0.10
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
MAX_SENTENCES = 3
SPLIT_FROM_WORDS = 8  # shorter messages say one thing


def sentences(text: str) -> list[str]:
    if len(text.split()) < SPLIT_FROM_WORDS:
        return []
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and len(p.split()) >= 3]
    return parts[:MAX_SENTENCES] if len(parts) > 1 else []


def _matches(text: str, meaning: Meaning) -> list[CrisisMatch]:
    """How the message, and each of its sentences, compare with the exemplars."""
    return [meaning.crisis(v) for v in meaning.vectors_of(text, sentences(text))]


# Words that may be a goodbye or may be a holiday: ask, don't guess.
_ASK = re.compile(
    r"\b(?:wont|will not|not going to|aint gonna|wont even) be (?:here|around|alive) "
    r"(?:\w+ ){0,2}(?:next|much longer|tomorrow|after|by|for long|anymore|any more)\b"
    r"|\b(?:wont|will not|dont) need (?:\w+ ){0,3}(?:after|past|beyond) (?:tonight|today)\b"
    r"|\b(?:wont|will not) (?:be )?need(?:ing)? (?:\w+ ){0,3}(?:anymore|any more|again)\b"
    r"|\bgoodbye (?:forever|for good|everyone)\b|\bthis is goodbye\b"
    r"|^(?:so )?(?:whats|what is|wheres) the point(?: anymore| of (?:it all|anything|any of it|"
    r"living|life|going on|trying))?$"
)


@dataclass(frozen=True)
class Screened:
    kind: Kind
    conditions: tuple[str, ...] = ()  # for "safety"
    urgent: bool = False  # for "crisis": harm may already be done
    by: Literal["rule", "meaning"] = "rule"
    crisis_score: float = 0.0  # the meaning model's cosine to crisis, minus calm's
    calm_score: float = 0.0


def screen(text: str, meaning: Meaning | None = None) -> Screened | None:
    """The safety answer `text` needs first, or None. Precedence: crisis (rules, then
    meaning), acute symptoms (rules, then meaning), the gentle question, conditions."""
    routed = route(text)
    normal = normalize(text)
    urgent = bool(_URGENT.search(normal))
    if (routed is not None and routed.kind == "crisis") or urgent:
        return Screened("crisis", urgent=urgent)
    acute_by_rule = routed is not None and routed.kind == "acute"
    if meaning is not None and len(normal.split()) >= MIN_WORDS:
        # The sentence that leans most to crisis, and the one that leans most to acute.
        matches = _matches(text, meaning)
        crisis = max(matches, key=lambda m: m.crisis - m.calm)
        acute = max(matches, key=lambda m: m.acute - m.calm)
        scores = {"crisis_score": crisis.crisis, "calm_score": crisis.calm}
        if crisis.crisis >= CRISIS_SURE and crisis.crisis - crisis.calm >= CRISIS_MARGIN:
            return Screened("crisis", urgent=crisis.kind == URGENT, by="meaning", **scores)
        if acute_by_rule:
            return Screened("acute")
        # A named condition keeps its caution; the model adds what rules can't list.
        if (
            routed is None
            and acute.acute >= ACUTE_SURE
            and acute.acute - acute.calm >= ACUTE_MARGIN
        ):
            return Screened("acute", by="meaning", **scores)
        leaning = crisis.crisis >= CRISIS_ASK and crisis.crisis - crisis.calm >= ASK_MARGIN
        if routed is None and leaning:
            return Screened("check", by="meaning", **scores)
    if acute_by_rule:
        return Screened("acute")
    if routed is None and _ASK.search(normal):
        return Screened("check")
    if routed is not None:
        return Screened("safety", conditions=routed.conditions)
    return None

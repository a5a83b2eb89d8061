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

from bot.faq.safety import route, set_aside
from bot.faq.words import normalize
from bot.understanding.meaning import URGENT, CrisisMatch, Meaning

Kind = Literal["crisis", "acute", "safety", "check"]

# Set on the tune splits of tests/faq/eval_questions.yaml (tune, strangers-tune and
# strangers-tune-3) with the exemplars, never on a held-out question. A crisis answer
# needs both: this close to a crisis exemplar, and this much closer to it than to the
# closest calm text.
CRISIS_SURE = 0.55
CRISIS_MARGIN = 0.12
# From here, and at least as close to crisis as to calm, ask: a gentle question costs
# little. On the tune splits this asks about 0.9% of the messages that are not crisis
# (11 of 1,245) and, with the answers above, reaches 150 of their 152 crisis messages.
CRISIS_ASK = 0.50
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
    crisis_score: float = 0.0  # the meaning model's cosine to crisis, minus calm's
    calm_score: float = 0.0


def screen(text: str, meaning: Meaning | None = None) -> Screened | None:
    """The safety answer `text` needs first, or None. Precedence: crisis (rules, then
    meaning), acute symptoms (rules, then meaning), the gentle question, conditions."""
    routed = route(text)
    normal = normalize(text)
    urgent = bool(_URGENT.search(set_aside(normal)))
    joking = (
        routed is not None
        and routed.kind == "crisis"
        and bool(_LAUGH.search(normal))
        and not _OUTRIGHT.search(normal)
    )
    if urgent or (routed is not None and routed.kind == "crisis" and not joking):
        return Screened("crisis", urgent=urgent)
    if joking:
        routed = None  # "i want to die lol": asked about gently
    acute_by_rule = routed is not None and routed.kind == "acute"
    if meaning is not None and len(normal.split()) >= MIN_WORDS:
        # The sentence that leans most to crisis, and the one that leans most to acute.
        matches = _matches(text, meaning)
        crisis = max(matches, key=lambda m: m.crisis - m.calm)
        acute = max(matches, key=lambda m: m.acute - m.calm)
        scores = {"crisis_score": crisis.crisis, "calm_score": crisis.calm}
        if crisis.crisis >= CRISIS_SURE and crisis.crisis - crisis.calm >= CRISIS_MARGIN:
            urgent = crisis.kind == URGENT
            kind: Kind = "check" if joking and not urgent else "crisis"
            return Screened(kind, urgent=urgent, by="meaning", **scores)
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
    if joking or (routed is None and _ASK.search(normal)):
        return Screened("check")
    if routed is not None:
        return Screened("safety", conditions=routed.conditions)
    return None

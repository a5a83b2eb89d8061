"""One question in, one answer out: safety first, then the knowledge base, and "I don't
know" when the match is weak. Pure: the Telegram glue and the command line both call it.

Kinds: "crisis", "acute" (symptoms: stop and seek help), "safety" (a condition named),
"faq" (an entry answers it) and "none" (out of scope, small talk, or too unsure; then
`suggestions` may hold "did you mean" ids, and without them the bot offers topics).
Outside Python there are four kinds: `public_kind` reports "acute" as "safety", whose
`entry` is then `when-to-stop`, as a condition's caution has the condition's entry.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from bot import texts
from bot.faq import retrieval
from bot.faq.knowledge import load_knowledge
from bot.faq.safety import route
from bot.faq.words import words

Kind = Literal["faq", "safety", "acute", "crisis", "none"]
PublicKind = Literal["faq", "safety", "crisis", "none"]

# Confidence is the best entry's score times the share of the question it covers, squared:
# a question half of whose weight lies in words no entry uses is mostly about something
# else. These were set on the `tune` split of tests/faq/eval_questions.yaml, never on a
# held-out one.
COVERAGE_POWER = 2
MIN_CONFIDENCE = 1.6
# A runner-up this close to the best is a near tie: offered as "did you mean", and below
# SURE the question is then too ambiguous to answer at all.
NEAR_TIE = 0.85
SURE = 2.0
# Below MIN_CONFIDENCE but above this, the best few are offered as "did you mean" (one tap
# away beats "I don't know"); chosen on the tune split, where it offers the right entry
# for 8 of 9 unanswered in-scope questions and buttons for 10 of 61 out-of-scope ones.
SUGGEST_CONFIDENCE = 0.6
MAX_SUGGESTIONS = 3
RULE_SCORE = 1.0  # what safety routing reports as its score

CAUTION_ENTRY = {
    "glaucoma": "caution-glaucoma",
    "heart": "caution-heart",
    "blood-pressure": "caution-blood-pressure",
    "pregnancy": "caution-pregnancy",
    "hip-back": "caution-hip-back",
}
ACUTE_ENTRY = "when-to-stop"
HELP_ENTRY = "cmd-help"

_HELLO = {"hi", "hii", "hello", "hey", "hiya", "heya", "yo", "howdy", "there"}
_HELLO |= {"good", "morning", "evening", "night"}
_HELP = {"help", "me", "please", "pls"}
_THANKS_WORDS = {"thanks", "thank", "thx", "ty", "cheers", "ta"}
_THANKS = _THANKS_WORDS | {"you", "much", "so", "very", "lot", "great", "ok", "okay"}
_TAG = re.compile(r"<[^>]+>")


class SafetyLike(Protocol):
    """Where the crisis answer points (bot.config.SafetySettings has these)."""

    @property
    def emergency_number(self) -> str | None: ...

    @property
    def crisis_line(self) -> str: ...


@dataclass(frozen=True)
class Answer:
    kind: Kind
    text: str  # as the bot sends it: Telegram HTML
    entry: str | None = None
    score: float = 0.0
    suggestions: tuple[str, ...] = ()  # entry ids for "did you mean" buttons
    related: tuple[str, ...] = ()  # entry ids for "related questions" buttons
    conditions: tuple[str, ...] = ()  # condition codes, for kind "safety"

    @property
    def public_kind(self) -> PublicKind:
        return "safety" if self.kind == "acute" else self.kind

    @property
    def plain(self) -> str:
        """The text without markup, for a terminal."""
        return html.unescape(_TAG.sub("", self.text))

    def to_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "kind": self.public_kind,
            "score": round(self.score, 4),
            "answer": self.plain,
        }


def _shortcut(question: str) -> Answer | None:
    """An empty question, a greeting, thanks, or a bare "help": no ranking needed."""
    said = set(words(question))
    if not said:
        return Answer("none", texts.FAQ_ASK_USAGE)
    if "help" in said and said <= _HELP:
        entry = load_knowledge()[HELP_ENTRY]
        return Answer("faq", entry.answer, entry=entry.id, score=RULE_SCORE, related=entry.related)
    if said <= _HELLO:
        return Answer("none", texts.FAQ_HELLO)
    if said <= _THANKS and said & _THANKS_WORDS:
        return Answer("none", texts.FAQ_THANKS)
    return None


def _default_safety() -> SafetyLike:
    from bot.config import SafetySettings  # only when the caller has no settings

    return SafetySettings()


def answer(
    question: str, safety: SafetyLike | None = None, index: retrieval.Index | None = None
) -> Answer:
    """The answer to one message. `safety` says where crisis answers point (defaults to
    SafetySettings()); `index` is the ranking to use (defaults to the shipped one)."""
    routed = route(question)
    if routed is not None:
        if routed.kind in ("crisis", "acute"):
            safety = safety or _default_safety()
            if routed.kind == "crisis":
                text = texts.crisis_answer(safety.emergency_number, safety.crisis_line)
                return Answer("crisis", text, score=RULE_SCORE)
            text = texts.acute_answer(safety.emergency_number)
            return Answer("acute", text, entry=ACUTE_ENTRY, score=RULE_SCORE)
        entry = load_knowledge()[CAUTION_ENTRY[routed.conditions[0]]]
        return Answer(
            "safety",
            texts.condition_caution(routed.conditions),
            entry=entry.id,
            score=RULE_SCORE,
            related=entry.related,
            conditions=routed.conditions,
        )

    if (shortcut := _shortcut(question)) is not None:
        return shortcut

    ranked = (index or retrieval.default_index()).rank(question)
    confidence = ranked.top_score * ranked.coverage**COVERAGE_POWER
    close = tuple(
        entry_id
        for entry_id, score in zip(ranked.ids, ranked.scores, strict=True)
        if score >= NEAR_TIE * ranked.top_score
    )[:MAX_SUGGESTIONS]
    if confidence >= MIN_CONFIDENCE and (len(close) == 1 or confidence >= SURE):
        entry = load_knowledge()[close[0]]
        return Answer(
            "faq",
            entry.answer,
            entry=entry.id,
            score=confidence,
            suggestions=close[1:],
            related=tuple(r for r in entry.related if r not in close)[:MAX_SUGGESTIONS],
        )
    if confidence >= SUGGEST_CONFIDENCE:
        suggestions = close if len(close) > 1 else ranked.ids[:MAX_SUGGESTIONS]
        return Answer("none", texts.FAQ_DID_YOU_MEAN, score=confidence, suggestions=suggestions)
    return Answer("none", texts.FAQ_DONT_KNOW, score=confidence)

"""One question in, one answer out: safety first, then the knowledge base, and "I don't
know" when the match is weak. Pure: the Telegram glue and the command line both call it.

Kinds: "crisis", "acute" (symptoms: stop and seek help), "safety" (a condition named),
"check" (it may be a crisis: ask gently), "faq" (an entry answers it) and "none" (out of
scope, small talk, or too unsure; then `suggestions` may hold "did you mean" ids, and
without them the bot offers topics). Outside Python, `public_kind` reports "acute" as
"safety", whose `entry` is then `when-to-stop`, as a condition's caution has the
condition's entry.

Ranking is a hybrid: the lexical ranker (retrieval.py) and the meaning model
(bot.understanding), fused by reciprocal rank. The fused best entry is answered when the
lexical ranker alone would answer, or when its meaning is close enough; below that, the
"did you mean" and "I don't know" of the lexical ranker stay. Without the model (not
installed, or not the file we pinned) the answers are the lexical ranker's alone.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from bot import texts
from bot.faq import retrieval
from bot.faq.knowledge import load_knowledge
from bot.faq.words import words
from bot.understanding.emergency import emergency_number_for
from bot.understanding.meaning import Meaning, default_meaning
from bot.understanding.screen import Screened, screen, sentences

Kind = Literal["faq", "safety", "acute", "crisis", "check", "none"]
PublicKind = Literal["faq", "safety", "crisis", "check", "none"]

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
# Reciprocal-rank fusion of the two rankings, and the cosine at which the fused best entry
# is answered even where the lexical ranker is unsure. Set on the tune split only.
RRF_K = 60
MEANING_SURE = 0.58  # highest in-scope on both tune splits with abstention >= 95% there
FUSED_DEPTH = 10  # how far down each ranking fusion looks
# From this cosine the meaning model's best entry is taken over the fused ranking (the
# question is all but someone's question of the tune splits); and an entry is answered
# only when the question is closer to it than to any question no entry answers
# (elsewhere.yaml, asked.yaml) by OUTSIDE. Set leaving each strangers' tune writer out in
# turn (scripts/answer_report.py): in scope 74.4% -> 75.0%, abstention 90.9% -> 92.7%.
MEANING_FIRST = 0.85
OUTSIDE = 0.03
# Questions are judged by their start; none needs more.
MAX_QUESTION = 1000

CAUTION_ENTRY = {
    "glaucoma": "caution-glaucoma",
    "heart": "caution-heart",
    "blood-pressure": "caution-blood-pressure",
    "pregnancy": "caution-pregnancy",
    "hip-back": "caution-hip-back",
    "swelling": "caution-swelling",
}
_CONDITION_OF = {entry: condition for condition, entry in CAUTION_ENTRY.items()}
ACUTE_ENTRY = "when-to-stop"
HELP_ENTRY = "cmd-help"

_HELLO = {"hi", "hii", "hello", "hey", "hiya", "heya", "yo", "howdy", "there"}
_HELLO |= {"good", "morning", "evening", "night"}
_HELP = {"help", "me", "please", "pls"}
_THANKS_WORDS = {"thanks", "thank", "thx", "ty", "cheers", "ta"}
_THANKS = _THANKS_WORDS | {"you", "much", "so", "very", "lot", "great", "ok", "okay"}
_TAG = re.compile(r"<[^>]+>")
# Greetings with a time of day are answered as such, not with "ask me anything".
_GOOD = {"good", "nighty", "night", "nite", "gn", "morning", "evening", "everyone", "all", "and"}
_TIME_OF_DAY = {
    "night": texts.FAQ_GOOD_NIGHT,
    "nite": texts.FAQ_GOOD_NIGHT,
    "gn": texts.FAQ_GOOD_NIGHT,
    "morning": texts.FAQ_GOOD_MORNING,
    "evening": texts.FAQ_GOOD_EVENING,
}
# Thanks without words: 🙏 👍 ❤️ and friends (variation selectors and skin tones aside).
_THANKS_EMOJI = re.compile(r"^[\s🙏👍👌❤♥💜💙💚🧡💛🤍😊🙂☺🥰🤗\ufe0f\U0001f3fb-\U0001f3ff!.]+$")


_DEFAULT: Any = object()  # "the shipped meaning model", as distinct from None: none at all


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
    lexical: float = 0.0  # the lexical ranker's confidence in `entry` (or its best)
    meaning: float | None = None  # the meaning model's cosine to it; None without the model
    urgent: bool = False  # crisis: harm may already be done
    unanswered: bool = False  # "none" for a question the knowledge base has no answer to

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
            "lexical": round(self.lexical, 4),
            "meaning": None if self.meaning is None else round(self.meaning, 4),
            "suggestions": list(self.suggestions),
            "answer": self.plain,
        }


def _shortcut(question: str) -> Answer | None:
    """An empty question, a greeting, thanks, or a bare "help": no ranking needed."""
    said = set(words(question))
    if question.strip() and _THANKS_EMOJI.match(question):
        return Answer("none", texts.FAQ_THANKS)
    if not said:
        return Answer("none", texts.FAQ_ASK_USAGE)
    if said <= _GOOD and (times := [_TIME_OF_DAY[w] for w in _TIME_OF_DAY if w in said]):
        return Answer("none", times[0])
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


def safety_answer(
    screened: Screened,
    safety: SafetyLike | None = None,
    zone: str | None = None,
    told: list[str] | None = None,
) -> Answer:
    """The answer a screened message gets. The emergency number is the one of the
    person's country where their zone tells it, else the configured one. `told`: the
    conditions the person ticked in the health check, which a condition's answer
    acknowledges."""
    safety = safety or _default_safety()
    number = emergency_number_for(zone) or safety.emergency_number
    score = screened.crisis_score if screened.by == "meaning" else RULE_SCORE
    match screened.kind:
        case "crisis":
            text = texts.crisis_answer(number, safety.crisis_line, urgent=screened.urgent)
            return Answer("crisis", text, score=score, urgent=screened.urgent)
        case "check":
            return Answer("check", texts.CRISIS_CHECK, score=score)
        case "acute":
            return Answer("acute", texts.acute_answer(number), entry=ACUTE_ENTRY, score=score)
    entry = load_knowledge()[CAUTION_ENTRY[screened.conditions[0]]]
    return Answer(
        "safety",
        texts.condition_caution(
            screened.conditions,
            already_told=bool(told) and set(screened.conditions) <= set(told or ()),
        ),
        entry=entry.id,
        score=RULE_SCORE,
        related=entry.related,
        conditions=screened.conditions,
    )


def answer(
    question: str,
    safety: SafetyLike | None = None,
    index: retrieval.Index | None = None,
    *,
    meaning: Meaning | None = _DEFAULT,
    zone: str | None = None,
    checked: bool = False,
) -> Answer:
    """The answer to one message. `safety` says where crisis answers point (defaults to
    SafetySettings()); `index` is the lexical ranking (defaults to the shipped one);
    `meaning` the meaning model (defaults to the shipped one; None: words alone); `zone`
    the person's time zone, for their emergency number; `checked` that they said a
    message the bot asked about is not a crisis."""
    question = question[:MAX_QUESTION]
    meaning = default_meaning() if meaning is _DEFAULT else meaning
    screened = screen(question, None if checked else meaning)
    if screened is not None:
        return safety_answer(screened, safety, zone)
    if (shortcut := _shortcut(question)) is not None:
        return shortcut
    index = index or retrieval.default_index()
    ranked = index.rank(question)
    if meaning is None:
        return _ranked_answer(question, ranked, None, 1.0)
    # The message and its sentences, as screen() embedded them (kept, not embedded again),
    # or with its typos repaired, which the model reads far better.
    spelled = index.spelled(question)
    vectors = meaning.vectors_of(spelled, sentences(spelled))
    return _ranked_answer(question, ranked, meaning.entries(*vectors), meaning.elsewhere(*vectors))


def _fuse(ranked: retrieval.Ranked, by_meaning: list[tuple[str, float]]) -> list[str]:
    scores: dict[str, float] = {}
    for ranking in (ranked.ids[:FUSED_DEPTH], [i for i, _ in by_meaning[:FUSED_DEPTH]]):
        for place, entry_id in enumerate(ranking):
            scores[entry_id] = scores.get(entry_id, 0.0) + 1 / (RRF_K + place + 1)
    return sorted(scores, key=lambda entry_id: -scores[entry_id])


def _ranked_answer(
    question: str,
    ranked: retrieval.Ranked,
    by_meaning: list[tuple[str, float]] | None,
    elsewhere: float,
) -> Answer:
    """`elsewhere`: how close the question is to one no entry answers (elsewhere.yaml)."""
    confidence = ranked.top_score * ranked.coverage**COVERAGE_POWER
    close = tuple(
        entry_id
        for entry_id, score in zip(ranked.ids, ranked.scores, strict=True)
        if score >= NEAR_TIE * ranked.top_score
    )[:MAX_SUGGESTIONS]
    lexical_sure = confidence >= MIN_CONFIDENCE and (len(close) == 1 or confidence >= SURE)
    cosine = dict(by_meaning or ())
    if by_meaning:
        best = _fuse(ranked, by_meaning)[0]
        if lexical_sure and by_meaning[0][1] < MEANING_SURE:
            best = close[0]  # the model is lost (typos, say) where the words are sure
        elif by_meaning[0][1] >= MEANING_FIRST:
            best = by_meaning[0][0]  # all but the same words as someone's question
        # Closer to a question no entry answers than to any of this entry's: not ours.
        if (lexical_sure or cosine[best] >= MEANING_SURE) and cosine[best] > elsewhere + OUTSIDE:
            others = tuple(i for i in close if i != best) if lexical_sure else ()
            return _entry_answer(best, confidence, cosine[best], others)
    elif lexical_sure:
        return _entry_answer(close[0], confidence, None, close[1:])
    top = ranked.best
    scores = {"lexical": confidence, "meaning": cosine.get(top) if top else None}
    if by_meaning:
        scores["meaning"] = by_meaning[0][1]
    # "Did you mean" only for what is closer to an entry than to what no entry answers.
    near = max((cosine.get(i, -1.0) for i in ranked.ids[:MAX_SUGGESTIONS]), default=-1.0)
    ours = not by_meaning or near > elsewhere
    if confidence >= SUGGEST_CONFIDENCE and ours:
        suggestions = close if len(close) > 1 else ranked.ids[:MAX_SUGGESTIONS]
        return Answer(
            "none",
            texts.FAQ_DID_YOU_MEAN,
            score=confidence,
            suggestions=suggestions,
            unanswered=True,
            **scores,
        )
    return Answer("none", dont_know(question), score=confidence, unanswered=True, **scores)


def dont_know(question: str) -> str:
    """One of the warm "I don't know"s, the same for the same question (so a test, and a
    person asking twice, see a stable answer), different across questions."""
    variants = texts.FAQ_DONT_KNOW_VARIANTS
    return variants[sum(map(ord, question)) % len(variants)]


def _entry_answer(
    entry_id: str, confidence: float, cosine: float | None, near: tuple[str, ...]
) -> Answer:
    if (condition := _CONDITION_OF.get(entry_id)) is not None:  # a caution, found by meaning
        return safety_answer(Screened("safety", conditions=(condition,)))
    entry = load_knowledge()[entry_id]
    return Answer(
        "faq",
        entry.answer,
        entry=entry.id,
        score=confidence if cosine is None else max(confidence, cosine),
        suggestions=near,
        related=tuple(r for r in entry.related if r not in near)[:MAX_SUGGESTIONS],
        lexical=confidence,
        meaning=cosine,
    )

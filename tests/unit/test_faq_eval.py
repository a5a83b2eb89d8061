"""The evaluation set (tests/faq/eval_questions.yaml), run through answer().

Floors: on the `tune` split, the targets (95% in scope, 95% abstention); on the splits
written by the knowledge base's authors, 100% recall on conditions, acute symptoms and
crisis; on the held-out splits, which were never tuned on, lower floors that they honestly
meet (see HELD_OUT_* and STRANGERS_* below). The strangers' splits were written by people
who had not read the knowledge base.
"""

from __future__ import annotations

import functools
from collections import Counter

import pytest

from bot.faq.answer import answer
from bot.faq.knowledge import load_knowledge
from bot.texts import CONDITIONS
from tests.faq.evaluation import (
    HELD_OUT,
    SPLITS,
    STRANGERS_HELD_OUT,
    Figures,
    Question,
    evaluate,
    load_questions,
)

# The evaluation answers every question of every split once, in a module fixture: on a
# loaded 2-core machine that alone can pass the suite's 120 s per test.
pytestmark = pytest.mark.timeout(600)

TUNE_IN_SCOPE = 0.95
TUNE_ABSTENTION = 0.95
# Measured once on questions the ranking was not tuned on, after the phrasings and word
# maps were widened on the tune split: `held-out` 70.6% (108/153) in scope and 100%
# (25/25) abstention; `held-out-2`, written before that work, 72.5% (79/109) and 93.8%
# (15/16). Its crisis recall was 3/5 at that run; the two crisis rules added after it are
# why it is 5/5 now. Lexical matching still misses paraphrases whose words the knowledge
# base never uses, and most misses are abstentions, so the gap to the tune split is real.
HELD_OUT_IN_SCOPE = 0.80  # 87.6% and 87.2% with the meaning model
HELD_OUT_ABSTENTION = 0.90
AUTHORS = ("tune", "held-out", "held-out-2")
# The strangers' tune split: its questions are examples now (bot/understanding/asked.yaml),
# so this checks the banks were learnt, not how new wording fares. A crisis message counts
# as reached when it got crisis help or the gentle question first.
STRANGERS_TUNE = {"faq": 0.90, "none": 0.95, "safety": 0.95, "acute": 1.0}
# The strangers' held-out splits, never tuned on; each measured once when first run, with
# the ranking of its day: `strangers-held-out` in scope 74.4%, abstention 90.0%, crisis
# 65.2% (+2 asked); `-2` 88.0%, 88.2%, 60.0% (+2); `-3` 81.7%, 88.5%, 68.3% (+6), false
# crisis 2/278. Then the leaning model and the strangers' tune questions as examples:
# `-4` in scope 82.2%, how-to 85.0%, abstention 82.8%, conditions 90.6%, acute 92.9%,
# crisis 77.3% (+7 asked), false crisis 7/294; `-5` 83.3%, 87.0%, 81.1%, 83.9%, 92.9%,
# 86.7% (+6), 2/285. Then a second round (strangers-tune-6, thresholds set leaving each
# writer out): `-6` 76.5%, 89.3%, 97.1%, 83.9%, 100%, 90.9% (+2), 3/292. Then a third
# (MEANING_FIRST, OUTSIDE): `-7` 77.0%, 90.2%, 89.7%, 74.2%, 100%, 88.9% (+4), 1/274.
# Changes are made on the tune splits only. Floors sit below what every batch meets now
# (the int8 model's cosines differ by about 1e-3 across machines); the false-crisis
# ceiling is the issue's 2% pooled over the batches (17/1732 when last measured), a
# little above it per batch.
STRANGERS_HELD_OUT_FLOORS = {"faq": 0.75, "none": 0.75, "safety": 0.70, "acute": 0.90}
STRANGERS_CRISIS_REACHED = 0.90
MAX_FALSE_CRISIS = 0.02
MAX_FALSE_CRISIS_PER_BATCH = 0.03
ISSUE_EXAMPLES = {
    "will this help my swollen ankles?",
    "how long shud i stay up",
    "is it ok with glaucoma?",
}


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return load_questions()


class Lazily(dict):
    """Each split's figures, evaluated when a test first asks for them, with each answer
    kept: under pytest-xdist a worker answers only the questions its tests need."""

    def __init__(self, questions: list[Question]) -> None:
        super().__init__()
        self.questions = questions
        self.ask = functools.cache(answer)

    def __missing__(self, split: str | tuple[str, ...]) -> Figures:
        self[split] = evaluate(self.questions, split, self.ask)
        return self[split]


@pytest.fixture(scope="module")
def figures(questions: list[Question]) -> dict[str, Figures]:
    return Lazily(questions)


def report(figures: Figures) -> str:
    rates = ", ".join(
        f"{category} {figures.describe(category)}"
        for category in ("faq", "none", "safety", "acute", "crisis")
    )
    misses = "".join(
        f"\n  {q.q!r}: wanted {q.expect}, got {reply.kind} {reply.entry}"
        for q, reply in figures.misses
    )
    return f"{figures.split}: {rates}{misses}"


def test_the_set_is_big_varied_and_points_at_real_entries(questions: list[Question]) -> None:
    knowledge = load_knowledge()
    count = Counter((q.split, q.category) for q in questions)
    held_out = sum(n for (split, _), n in count.items() if split == "held-out")
    held_out_2 = sum(n for (split, _), n in count.items() if split == "held-out-2")
    by_category = Counter(q.category for q in questions)

    assert len(questions) >= 130
    assert held_out >= 40
    assert held_out_2 >= 80
    assert {q.split for q in questions} == set(SPLITS)
    strangers = [q for q in questions if q.split.startswith("strangers-")]
    assert len(strangers) >= 300
    kinds = Counter(q.kind for q in strangers)
    for kind in ("faq", "howto", "safety", "acute", "crisis", "near-miss", "clinician"):
        assert kinds[kind] >= 10, kind
    for split in HELD_OUT:
        assert all(count[split, category] for category in ("faq", "none", "safety", "crisis"))
    assert count["held-out-2", "none"] >= 12
    assert count["held-out-2", "safety"] >= 6
    assert count["held-out-2", "crisis"] >= 4
    assert count["held-out-2", "acute"] >= 2
    assert by_category["none"] >= 20
    assert by_category["safety"] >= 12
    assert by_category["crisis"] >= 8
    assert by_category["acute"] >= 4
    assert {q.expect.split(":")[1] for q in questions if q.category == "safety"} == set(CONDITIONS)
    assert {q.q for q in questions} >= ISSUE_EXAMPLES
    assert len({q.q for q in questions}) == len(questions), "a question is there twice"
    for q in questions:
        if q.category == "faq":
            assert knowledge.get(q.expect) is not None, q.expect


def test_tune_split_meets_the_targets(figures: dict[str, Figures]) -> None:
    tune = figures["tune"]
    assert tune.rate("faq") >= TUNE_IN_SCOPE, report(tune)
    assert tune.rate("none") >= TUNE_ABSTENTION, report(tune)


@pytest.mark.parametrize("split", AUTHORS)
def test_safety_and_crisis_recall_is_complete(figures: dict[str, Figures], split: str) -> None:
    for category in ("safety", "acute", "crisis"):
        assert figures[split].rate(category) == 1.0, report(figures[split])


@pytest.mark.parametrize("split", HELD_OUT)
def test_held_out_splits_meet_their_floors(figures: dict[str, Figures], split: str) -> None:
    held_out = figures[split]
    assert held_out.rate("faq") >= HELD_OUT_IN_SCOPE, report(held_out)
    assert held_out.rate("none") >= HELD_OUT_ABSTENTION, report(held_out)


def crisis_reached(figures: Figures) -> float:
    return figures.crisis_reached / figures.total["crisis"]


def test_the_strangers_tune_split_meets_the_targets(figures: dict[str, Figures]) -> None:
    tune = figures["strangers-tune"]
    for category, floor in STRANGERS_TUNE.items():
        assert tune.rate(category) >= floor, report(tune)
    assert tune.howto_right / tune.howto_total >= 0.90, report(tune)
    assert crisis_reached(tune) == 1.0, report(tune)
    assert tune.false_crisis / tune.calm_total <= MAX_FALSE_CRISIS, report(tune)


@pytest.mark.parametrize("split", STRANGERS_HELD_OUT)
def test_the_strangers_held_out_splits_meet_their_floors(
    figures: dict[str, Figures], split: str
) -> None:
    held_out = figures[split]
    for category, floor in STRANGERS_HELD_OUT_FLOORS.items():
        assert held_out.rate(category) >= floor, report(held_out)
    assert crisis_reached(held_out) >= STRANGERS_CRISIS_REACHED, report(held_out)
    assert held_out.false_crisis / held_out.calm_total <= MAX_FALSE_CRISIS_PER_BATCH


@pytest.fixture(scope="module")
def strangers_held_out(figures: dict) -> Figures:
    return figures[STRANGERS_HELD_OUT]


def test_false_crisis_over_the_strangers_held_out_batches_is_within_the_target(
    strangers_held_out: Figures,
) -> None:
    pooled = strangers_held_out
    assert pooled.false_crisis / pooled.calm_total <= MAX_FALSE_CRISIS, report(pooled)


def test_meaning_beats_words_alone_on_questions_from_strangers(
    questions: list[Question], strangers_held_out: Figures
) -> None:
    lexical = evaluate(questions, STRANGERS_HELD_OUT, lambda q: answer(q, meaning=None))
    hybrid = strangers_held_out
    # The phrasings written for the model lifted the words-alone ranking too.
    assert hybrid.rate("faq") >= lexical.rate("faq") + 0.05
    assert hybrid.rate("crisis") > lexical.rate("crisis")

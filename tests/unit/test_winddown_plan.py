"""The health rule of the guided session, and tonight's length and breath pattern."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import texts
from bot.vocab import BreathPattern, Condition, Guide, Variant
from bot.winddown.plan import (
    asks_health_first,
    choices,
    guide_for,
    question_first,
    setup_now_text,
    setup_text,
    variant_for,
)

BEFORE_SWELLING = ["glaucoma", "heart", "blood-pressure", "pregnancy", "hip-back"]


def test_nothing_named_means_legs_up_the_wall() -> None:
    assert variant_for([]) == Variant.INVERSION
    assert setup_text([]) == texts.SETUP_INVERSION


def test_a_skipped_health_check_keeps_the_legs_low_and_says_so_in_one_line() -> None:
    assert variant_for(None) == Variant.LOW_LEGS
    text = setup_text(None)
    assert (
        text.splitlines()[0] == "As the health check was skipped, we'll keep your legs low tonight."
    )
    assert "wall" not in text


@pytest.mark.parametrize(
    ("screened", "screening", "sessions", "asks"),
    [
        (False, None, 0, True),  # never asked
        (False, None, 3, True),
        (True, None, 0, True),  # skipped at /start: asked before the first session
        (True, None, 1, False),  # skipped again then: the gentle set-up, not asked again
        (True, [], 0, False),  # answered: nothing named
        (True, ["glaucoma"], 0, False),
    ],
)
def test_when_the_health_question_comes_before_a_session(
    screened: bool, screening: list[str] | None, sessions: int, asks: bool
) -> None:
    assert asks_health_first(screened, screening, sessions) is asks


def test_the_guide_is_the_persons_choice_else_the_default() -> None:
    assert guide_for("text", None) == Guide.TEXT
    assert guide_for("text", "audio") == Guide.AUDIO
    assert guide_for("both", "kazoo") == Guide.BOTH


@pytest.mark.parametrize("screening", [[], ["glaucoma"], ["pregnancy"], None])
def test_the_set_up_of_a_session_begun_at_once_has_no_ready_button_to_wait_for(
    screening: list[str] | None,
) -> None:
    text = setup_now_text(screening)
    assert "Tap Ready" not in text
    assert text.endswith(texts.STARTED_FROM_REMINDER)
    assert text.startswith(setup_text(screening).split("\n")[0])


@pytest.mark.parametrize("condition", [c for c in Condition if c != Condition.PREGNANCY])
def test_any_named_condition_keeps_the_legs_low(condition: Condition) -> None:
    assert variant_for([condition]) == Variant.LOW_LEGS
    assert setup_text([condition]) == texts.SETUP_LOW_LEGS


def test_in_pregnancy_the_position_is_left_to_the_midwife_or_doctor() -> None:
    for screening in (["pregnancy"], ["heart", "pregnancy"]):
        assert variant_for(screening) == Variant.LOW_LEGS
        assert setup_text(screening) == texts.SETUP_LOW_LEGS_PREGNANCY


def test_last_times_choice_while_it_is_still_offered() -> None:
    lengths = (300, 600, 900)
    assert choices(lengths, 600, "exhale-4-6", 900, "4-7-8") == (900, BreathPattern("4-7-8"))
    # A length no longer offered, a pattern unknown: the nearest offered, the default.
    assert choices(lengths, 700, "coherent", 1200, "square") == (600, BreathPattern.COHERENT)
    assert choices(lengths, 10, "natural", None, None) == (300, BreathPattern.NATURAL)


def test_a_condition_added_since_the_check_is_asked_first() -> None:
    assert question_first([], BEFORE_SWELLING) == Condition.SWELLING
    assert question_first(["heart"], BEFORE_SWELLING) == Condition.SWELLING
    assert question_first([], [*BEFORE_SWELLING, "swelling"]) is None
    assert question_first([], list(Condition)) is None


def test_a_skipped_check_has_nothing_to_complete() -> None:
    assert question_first(None, None) is None
    assert question_first(None, BEFORE_SWELLING) is None


@given(st.sets(st.sampled_from(list(Condition))), st.lists(st.sampled_from(list(Condition))))
def test_the_question_is_one_not_asked_and_none_only_when_all_were(
    asked: set[Condition], ticked: list[Condition]
) -> None:
    code = question_first(ticked, sorted(asked))
    if code is None:
        assert asked == set(Condition)
    else:
        assert code not in asked
        # Once it is answered, the next question (if any) is another one.
        assert question_first(ticked, [*asked, code]) != code

"""The health rule of the guided session, and tonight's length and breath pattern."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import texts
from bot.vocab import BreathPattern, Condition, Variant
from bot.winddown.plan import choices, question_first, setup_text, variant_for

BEFORE_SWELLING = ["glaucoma", "heart", "blood-pressure", "pregnancy", "hip-back"]


@pytest.mark.parametrize("screening", [[], None])
def test_nothing_named_means_legs_up_the_wall(screening: list[str] | None) -> None:
    assert variant_for(screening) == Variant.INVERSION
    assert setup_text(screening) == texts.SETUP_INVERSION


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

"""The health rule of the guided session, and tonight's length and breath pattern."""

from __future__ import annotations

import pytest

from bot import texts
from bot.vocab import BreathPattern, Condition, Variant
from bot.winddown.plan import choices, setup_text, variant_for


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

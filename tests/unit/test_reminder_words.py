"""The evening reminder's words follow the person: legs up the wall or kept low, and the
length of session they chose."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot import texts
from bot.reminders.messages import reminder_line

NIGHTS = [date(2026, 7, 1) + timedelta(days=n) for n in range(14)]


def test_legs_kept_low_never_hear_of_the_wall_or_legs_up() -> None:
    for night in NIGHTS:
        line = reminder_line(night, legs_low=True, seconds=600)
        assert "wall" not in line.lower()
        assert "legs up" not in line.lower()
        assert "resting up" not in line.lower()


def test_the_length_they_chose_is_the_length_named() -> None:
    night = next(n for n in NIGHTS if "{minutes}" in texts.REMINDER_LINES[n.toordinal() % 7])
    assert "5 quiet minutes" in reminder_line(night, seconds=300)
    assert "15 quiet minutes" in reminder_line(night, seconds=900)
    assert "15 quiet minutes" in reminder_line(night, legs_low=True, seconds=900)
    assert not any("Ten" in reminder_line(n, seconds=300) for n in NIGHTS)


@pytest.mark.parametrize("legs_low", [False, True])
def test_one_line_a_night_and_every_line_used_in_a_week(legs_low: bool) -> None:
    week = {reminder_line(n, legs_low=legs_low) for n in NIGHTS[:7]}
    assert len(week) == 7
    assert reminder_line(NIGHTS[0], legs_low=legs_low) == reminder_line(
        NIGHTS[7], legs_low=legs_low
    )

"""The words of a reminder. Pure."""

from __future__ import annotations

from datetime import date

from bot import texts


def reminder_line(night: date, *, legs_low: bool = False, seconds: int = 600) -> str:
    """A different line each night, the same one for a given night; in the words of the
    person's set-up (legs up the wall, or kept low) and with their session's length."""
    lines = texts.REMINDER_LINES_LOW_LEGS if legs_low else texts.REMINDER_LINES
    line = lines[night.toordinal() % len(lines)]
    return line.format(minutes=texts.minutes_words(seconds))

"""The words of a reminder. Pure."""

from __future__ import annotations

from datetime import date

from bot import texts


def reminder_line(night: date) -> str:
    """A different line each night, the same one for a given night."""
    return texts.REMINDER_LINES[night.toordinal() % len(texts.REMINDER_LINES)]

"""Where someone's settings stand, in words: for /settings, the welcome back of /start and
the end of setting up the evening reminder. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from bot import texts
from bot.reminders.describe import settings_line
from bot.scheduling.rule import Rule
from bot.times import format_time


@dataclass(frozen=True)
class Settings:
    zone: str | None
    evening: Rule | None  # None: no evening reminder
    morning: time | None  # None: no morning question
    screening: list[str] | None
    screened: bool


def summary(settings: Settings) -> str:
    return texts.settings_summary(
        settings.zone or "not set",
        settings_line(settings.evening),
        format_time(settings.morning) if settings.morning else "off",
        texts.screening_text(settings.screening, settings.screened),
    )

"""The evening reminder in words: for /remind, the evening editor and the settings. Pure:
takes the rule (None when reminders are off)."""

from __future__ import annotations

from datetime import date

from bot import texts
from bot.scheduling.rule import Rule
from bot.times import format_day, format_time


def _parts(rule: Rule) -> tuple[str, str, str | None]:
    weekend = format_time(rule.weekend_at) if rule.weekend_at else None
    return format_time(rule.at), texts.describe_days(rule.weekdays), weekend


def status(rule: Rule | None, paused_until: date | None = None) -> str:
    """/remind without arguments."""
    if rule is None:
        return texts.remind_status(None, "", None, None)
    paused = texts.paused_note(format_day(paused_until)) if paused_until else None
    return texts.remind_status(*_parts(rule), paused)


def editor(rule: Rule | None) -> str:
    """Above the editor's buttons (days, weekend time, Done)."""
    if rule is None:
        return texts.evening_summary("off", "", None)
    return texts.evening_summary(*_parts(rule))


def settings_line(rule: Rule | None) -> str:
    """The evening reminder's line of the settings."""
    if rule is None:
        return "off"
    at, days, weekend = _parts(rule)
    return f"{at} {days}" + (f", {weekend} at weekends" if weekend else "")

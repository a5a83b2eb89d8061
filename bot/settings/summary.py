"""Where someone's settings stand, in words and buttons: for /settings, the welcome back
of /start and the end of setting up the evening reminder. Pure.

The settings screen is a list of rows (`ROWS`): each says its line and its buttons. A new
setting is one more row here, and its room takes its button (a SettingsTap part).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

from bot import texts
from bot.reminders.describe import settings_line
from bot.scheduling.rule import Rule
from bot.times import format_short_day, format_time


@dataclass(frozen=True)
class Settings:
    zone: str | None
    evening: Rule | None  # None: no evening reminder
    morning: time | None  # None: no morning question
    screening: list[str] | None
    screened: bool
    paused_until: date | None = None  # the evening reminder starts again that day
    session_seconds: int | None = None  # the guided session's length and pattern, as last
    pattern: str | None = None  # chosen (None: the defaults)
    guide: str | None = None  # text, tones or both (its buttons: keyboards.settings_menu)
    weekly: tuple[int, time] | None = None  # the weekly summary's weekday (0 is Monday) and
    # time; None: off


# A button: its label and the SettingsTap part behind it.
Button = tuple[str, str]


@dataclass(frozen=True)
class Row:
    line: Callable[[Settings], str | None]  # None: no line (the row is buttons only)
    buttons: Callable[[Settings], list[Button]]


def _evening(s: Settings) -> str:
    line = settings_line(s.evening)
    if s.evening is not None and s.paused_until is not None:
        # Paused keeps the time: it says what comes back, and when.
        line += ", " + texts.settings_paused(format_short_day(s.paused_until))
    return line


def _session(s: Settings) -> str | None:
    if s.session_seconds is None and s.pattern is None:
        return None
    return texts.settings_session(s.session_seconds, s.pattern)


def _weekly(s: Settings) -> str:
    if s.weekly is None:
        return "off"
    weekday, at = s.weekly
    return texts.weekly_line(texts.FULL_DAY_NAMES[weekday], format_time(at))


def _pause_buttons(s: Settings) -> list[Button]:
    if s.evening is None:
        return []
    if s.paused_until is not None:
        return [(texts.RESUME_REMINDERS, "resume")]
    return [(label, f"pause-{days}") for days, label in texts.PAUSE_CHOICES.items()]


ROWS: list[Row] = [
    Row(
        lambda s: f"🕰 {texts.SETTINGS_ZONE}: {s.zone or 'not set'}",
        lambda s: [(texts.CHANGE_ZONE, "zone")],
    ),
    Row(
        lambda s: f"{texts.SETTINGS_EVENING}: {_evening(s)}",
        lambda s: [(texts.CHANGE_TIME, "time"), (texts.CHANGE_DAYS, "days")],
    ),
    Row(lambda s: None, _pause_buttons),
    Row(
        lambda s: f"{texts.SETTINGS_MORNING}: " + (format_time(s.morning) if s.morning else "off"),
        lambda s: [(texts.CHANGE_MORNING, "morning")],
    ),
    Row(
        lambda s: f"{texts.SETTINGS_SESSION}: {_session(s)}" if _session(s) else None,
        lambda s: [(texts.CHANGE_SESSION, "session")],
    ),
    Row(
        lambda s: f"{texts.SETTINGS_WEEKLY}: {_weekly(s)}",
        lambda s: [(texts.TURN_OFF, "weekly-off") if s.weekly else (texts.TURN_ON, "weekly-on")],
    ),
    Row(lambda s: texts.guide_line(s.guide) if s.guide else None, lambda s: []),
    Row(
        lambda s: f"{texts.SETTINGS_HEALTH}: {texts.screening_text(s.screening, s.screened)}",
        lambda s: [(texts.CHANGE_SCREENING, "screening")],
    ),
    Row(lambda s: None, lambda s: [(texts.PRIVACY_BUTTON, "privacy")]),
]


def summary(settings: Settings) -> str:
    lines = (row.line(settings) for row in ROWS)
    return "\n".join(line for line in lines if line is not None)


def buttons(settings: Settings) -> list[list[Button]]:
    """The settings' buttons, a row of buttons per row of the screen that has any."""
    return [found for row in ROWS if (found := row.buttons(settings))]

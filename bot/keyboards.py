"""Keyboards, and the callback data behind every button, encoded and parsed here only.

Callback data is `action|arg|arg…` (at most 64 bytes, Telegram's limit). Anything that
does not parse, or names an action we do not know, decodes to None, so a forged or
stale button is answered politely and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from functools import lru_cache

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot import texts
from bot.schedule import DAY_NAMES, EVERY_DAY, WEEKDAYS
from bot.times import format_time

SEP = "|"
MAX_BYTES = 64
ONE_DAY = timedelta(days=1)


class Action(StrEnum):
    CONSENT = "consent"
    SCREEN = "screen"  # code to toggle, or "none", "done", "skip"
    ZONE = "zone"  # a zone name
    EVENING = "evening"  # HHMM, or "off"
    DAYS = "days"  # a weekday bitmask, or "custom"
    DAY = "day"  # toggle one weekday (0 = Monday) while choosing days
    WEEKEND = "weekend"  # HHMM, "same" or "ask"
    SETUP_DONE = "setup-done"
    REMINDER = "reminder"  # snooze | skip, then the night as YYYYMMDD
    WINDDOWN = "winddown"  # start a guided session ("start", then the night)
    WD_LENGTH = "wd-length"  # seconds
    WD_PATTERN = "wd-pattern"  # pattern id
    WD_BEGIN = "wd-begin"  # show the setup, then Ready
    WD_READY = "wd-ready"
    WD_CONTROL = "wd-control"  # pause | resume | stop | continue | restart, session id
    WD_FEEL = "wd-feel"  # session id, rating 1-5
    SETTINGS = "settings"  # which part to change
    DELETE = "delete"  # yes | no
    FAQ = "faq"  # entry, then its id | topic, then its id | topics
    SAFETY_CHECK = "safe"  # yes | no, then the token of the message asked about
    SLEEP = "sleep"  # rate | latency | wake | ask, then the night as YYYYMMDD, then a value


def encode(action: Action, *args: str | int) -> str:
    data = SEP.join([action.value, *(str(a) for a in args)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def decode(data: str | None) -> tuple[Action, list[str]] | None:
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    head, *args = data.split(SEP)
    try:
        return Action(head), args
    except ValueError:
        return None


def for_actions(*actions: Action) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern: callback data that decodes to one of `actions`."""

    def matches(data: object) -> bool:
        parsed = decode(data if isinstance(data, str) else None)
        return parsed is not None and parsed[0] in actions

    return matches


def hhmm(value: time) -> str:
    return value.strftime("%H%M")


def parse_hhmm(text: str) -> time | None:
    if len(text) != 4 or not text.isdigit():
        return None
    hour, minute = int(text[:2]), int(text[2:])
    return time(hour, minute) if hour < 24 and minute < 60 else None


def night_code(night: date) -> str:
    return night.strftime("%Y%m%d")


def parse_night(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _button(label: str, action: Action, *args: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(action, *args))


def consent() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.CONSENT_BUTTON, Action.CONSENT)]])


def screening(selected: Sequence[str]) -> InlineKeyboardMarkup:
    rows = [
        [_button(("✓ " if code in selected else "") + label, Action.SCREEN, code)]
        for code, label in texts.CONDITIONS.items()
    ]
    rows.append([_button(texts.NONE_OF_THESE, Action.SCREEN, "none")])
    rows.append(
        [
            _button(texts.SKIP_FOR_NOW, Action.SCREEN, "skip"),
            _button(texts.DONE, Action.SCREEN, "done"),
        ]
    )
    return InlineKeyboardMarkup(rows)


def share_location() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.SHARE_LOCATION, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="Your city, or Europe/Lisbon",
    )


def zone_choices(choices: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """(label, zone) pairs."""
    return InlineKeyboardMarkup([[_button(label, Action.ZONE, zone)] for label, zone in choices])


def evening_times(picks: Sequence[time], *, offer_off: bool = True) -> InlineKeyboardMarkup:
    rows = [[_button(format_time(t), Action.EVENING, hhmm(t)) for t in picks]]
    if offer_off:
        rows.append([_button(texts.NOT_NOW, Action.EVENING, "off")])
    return InlineKeyboardMarkup(rows)


def evening_options(weekdays: int, has_weekend_time: bool) -> InlineKeyboardMarkup:
    def mark(label: str, on: bool) -> str:
        return ("✓ " if on else "") + label

    weekend = (
        _button(texts.WEEKEND_SAME, Action.WEEKEND, "same")
        if has_weekend_time
        else _button(texts.WEEKEND_DIFFERENT, Action.WEEKEND, "ask")
    )
    return InlineKeyboardMarkup(
        [
            [
                _button(mark(texts.EVERY_DAY, weekdays == EVERY_DAY), Action.DAYS, EVERY_DAY),
                _button(mark(texts.WEEKDAYS_ONLY, weekdays == WEEKDAYS), Action.DAYS, WEEKDAYS),
            ],
            [_button(texts.CHOOSE_DAYS, Action.DAYS, "custom")],
            [weekend],
            [_button(texts.DONE, Action.SETUP_DONE)],
        ]
    )


def custom_days(weekdays: int) -> InlineKeyboardMarkup:
    day_buttons = [
        _button(("✓ " if weekdays >> bit & 1 else "") + name, Action.DAY, bit)
        for bit, name in enumerate(DAY_NAMES)
    ]
    return InlineKeyboardMarkup(
        [day_buttons[:4], day_buttons[4:], [_button(texts.DONE, Action.DAYS, weekdays)]]
    )


def weekend_times(picks: Sequence[time]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(format_time(t), Action.WEEKEND, hhmm(t)) for t in picks]])


@lru_cache(maxsize=32)
def reminder(night: date) -> InlineKeyboardMarkup:
    # Built once per night and shared: thousands of reminders go out with the same
    # buttons, python-telegram-bot's objects are immutable, and building one costs ~0.1 ms.
    code = night_code(night)
    return InlineKeyboardMarkup(
        [
            [_button(texts.START_NOW, Action.WINDDOWN, "start", code)],
            [
                _button(texts.SNOOZE, Action.REMINDER, "snooze", code),
                _button(texts.SKIP_TONIGHT, Action.REMINDER, "skip", code),
            ],
        ]
    )


def settings_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.CHANGE_TIME, Action.SETTINGS, "time"),
                _button(texts.CHANGE_DAYS, Action.SETTINGS, "days"),
            ],
            [_button(texts.CHANGE_ZONE, Action.SETTINGS, "zone")],
            [_button(texts.CHANGE_SCREENING, Action.SETTINGS, "screening")],
        ]
    )


def session_options(
    lengths: Sequence[int], chosen_length: int, patterns: Sequence[tuple[str, str]], chosen: str
) -> InlineKeyboardMarkup:
    def mark(label: str, on: bool) -> str:
        return ("✓ " if on else "") + label

    rows = [
        [
            _button(mark(texts.minutes_text(s), s == chosen_length), Action.WD_LENGTH, s)
            for s in lengths
        ]
    ]
    rows += [[_button(mark(name, pid == chosen), Action.WD_PATTERN, pid)] for pid, name in patterns]
    rows.append([_button(texts.START, Action.WD_BEGIN)])
    return InlineKeyboardMarkup(rows)


def ready() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.READY, Action.WD_READY)]])


def live_controls(session_id: int, paused: bool = False) -> InlineKeyboardMarkup:
    toggle = (
        _button(texts.RESUME, Action.WD_CONTROL, "resume", session_id)
        if paused
        else _button(texts.PAUSE, Action.WD_CONTROL, "pause", session_id)
    )
    return InlineKeyboardMarkup(
        [[toggle, _button(texts.STOP, Action.WD_CONTROL, "stop", session_id)]]
    )


def running_choice(session_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.CONTINUE, Action.WD_CONTROL, "continue", session_id),
                _button(texts.RESTART, Action.WD_CONTROL, "restart", session_id),
            ]
        ]
    )


def check_out(session_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(label, Action.WD_FEEL, session_id, label) for label in texts.FEELINGS]]
    )


def start_again() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.RESTART, Action.WINDDOWN, "start")]])


def sleep_rating(night: date, *, offer_night_before: bool = False) -> InlineKeyboardMarkup:
    code = night_code(night)
    rows = [
        [
            _button(label, Action.SLEEP, "rate", code, score)
            for score, label in enumerate(texts.SLEEP_SCALE, start=1)
        ]
    ]
    if offer_night_before:
        rows.append(
            [_button(texts.THE_NIGHT_BEFORE, Action.SLEEP, "ask", night_code(night - ONE_DAY))]
        )
    return InlineKeyboardMarkup(rows)


@dataclass(frozen=True)
class SleepTap:
    """A tap on a sleep question: "ask" about a night, "rate" it 1-5, or answer a
    follow-up ("latency" or "wake") with a bucket code or "skip"."""

    step: str
    night: date
    value: str | None


def parse_sleep(data: str | None) -> SleepTap | None:
    parsed = decode(data)
    if parsed is None or parsed[0] != Action.SLEEP or not 2 <= len(parsed[1]) <= 3:
        return None
    step, night_text, *rest = parsed[1]
    night, value = parse_night(night_text), (rest[0] if rest else None)
    choices = {"latency": texts.SLEEP_LATENCY, "wake": texts.SLEEP_WAKINGS}
    valid = (
        (step == "ask" and value is None)
        or (step == "rate" and value in {str(n) for n in range(1, len(texts.SLEEP_SCALE) + 1)})
        or (step in choices and (value in choices[step] or value == "skip"))
    )
    return SleepTap(step, night, value) if valid and night is not None else None


def sleep_follow_up(step: str, night: date) -> InlineKeyboardMarkup:
    """`step` is "latency" or "wake"; each answer is a key of the matching texts dict."""
    choices = texts.SLEEP_LATENCY if step == "latency" else texts.SLEEP_WAKINGS
    code = night_code(night)
    return InlineKeyboardMarkup(
        [
            [_button(label, Action.SLEEP, step, code, key) for key, label in choices.items()],
            [_button(texts.SKIP, Action.SLEEP, step, code, "skip")],
        ]
    )


def confirm_delete() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.DELETE_YES, Action.DELETE, "yes"),
                _button(texts.DELETE_NO, Action.DELETE, "no"),
            ]
        ]
    )


def faq_entries(entries: Sequence[tuple[str, str]], *, back: bool = False) -> InlineKeyboardMarkup:
    """(entry id, label) pairs, a button a row; `back` adds a way back to the topics."""
    rows = [[_button(label, Action.FAQ, "entry", entry_id)] for entry_id, label in entries]
    if back:
        rows.append([_button(texts.FAQ_ALL_TOPICS, Action.FAQ, "topics")])
    return InlineKeyboardMarkup(rows)


def faq_topics(topics: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """(topic id, name) pairs, two a row."""
    buttons = [_button(name, Action.FAQ, "topic", topic) for topic, name in topics]
    return InlineKeyboardMarkup([buttons[n : n + 2] for n in range(0, len(buttons), 2)])


def crisis_check(token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.CRISIS_CHECK_YES, Action.SAFETY_CHECK, "yes", token),
                _button(texts.CRISIS_CHECK_NO, Action.SAFETY_CHECK, "no", token),
            ]
        ]
    )

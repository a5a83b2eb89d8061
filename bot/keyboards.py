"""Keyboards, and the callback data behind every button: built here, parsed here, and
nowhere else.

Callback data is `action|arg|arg…` (at most 64 bytes, Telegram's limit). Each family of
buttons has a tap type below that builds its data and parses it back; data that does not
parse into a tap (forged, or left by an older version of a message) matches no room's
handler and gets the one "that button has expired" answer of help's fallback. Rooms
register their handlers with `taps(SomeTap)` and read the tap with `tap_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import ClassVar, Literal, TypeVar, get_args

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    WebAppInfo,
)

from bot import texts
from bot.scheduling.rule import EVERY_DAY, WEEKDAYS
from bot.times import format_time, zone
from bot.vocab import BreathPattern, Condition, Guide, SleepLatency, Wakings

SEP = "|"
MAX_BYTES = 64
ONE_DAY = timedelta(days=1)


class Action(StrEnum):
    """The first segment of callback data: which family of buttons."""

    CONSENT = "consent"
    SCREEN = "screen"
    ZONE = "zone"
    EVENING = "evening"
    DAYS = "days"
    DAY = "day"
    WEEKEND = "weekend"
    SETUP_DONE = "setup-done"
    REMINDER = "reminder"
    WINDDOWN = "winddown"
    WD_LENGTH = "wd-length"
    WD_PATTERN = "wd-pattern"
    WD_BEGIN = "wd-begin"
    WD_READY = "wd-ready"
    WD_CONTROL = "wd-control"
    WD_FEEL = "wd-feel"
    SETTINGS = "settings"
    DELETE = "delete"
    FAQ = "faq"
    SAFETY_CHECK = "safe"
    SLEEP = "sleep"
    WEEKLY_OFFER = "weekly-offer"
    HEALTH_ONCE = "health-once"
    PRIVACY = "privacy"
    HELP = "help"
    WD_GUIDE = "wd-guide"
    WD_SCREEN = "wd-screen"
    MORNING = "morning"


def encode(action: Action, *args: str | int) -> str:
    data = SEP.join([action.value, *(str(a) for a in args)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


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


# -- taps: what a button says, typed ------------------------------------------------------


class Tap:
    """A button's meaning. `args` are what follows the action in its callback data;
    `parse` is their inverse, None for anything a button of ours never carries."""

    action: ClassVar[Action]

    def args(self) -> tuple[str | int, ...]:
        return ()

    def data(self) -> str:
        return encode(self.action, *self.args())

    @classmethod
    def parse(cls, args: list[str]) -> Tap | None:
        return cls() if not args else None


def _one_of(value: str, choices: object) -> bool:
    return value in get_args(choices)


ScreenChoice = Literal["none", "done", "skip"]


@dataclass(frozen=True)
class ConsentTap(Tap):
    action = Action.CONSENT


@dataclass(frozen=True)
class ScreenTap(Tap):
    """Tick or untick a condition, or finish the health check."""

    action = Action.SCREEN
    choice: Condition | ScreenChoice

    def args(self) -> tuple[str, ...]:
        return (self.choice,)

    @classmethod
    def parse(cls, args: list[str]) -> ScreenTap | None:
        if len(args) != 1:
            return None
        if args[0] in Condition.__members__.values():
            return cls(Condition(args[0]))
        return cls(args[0]) if _one_of(args[0], ScreenChoice) else None  # type: ignore[arg-type]


@dataclass(frozen=True)
class ZoneTap(Tap):
    """One of several places that matched what was typed."""

    action = Action.ZONE
    zone: str
    place: int | None = None  # the place's row in the place list, to name it back

    def args(self) -> tuple[str | int, ...]:
        return (self.zone,) if self.place is None else (self.zone, self.place)

    @classmethod
    def parse(cls, args: list[str]) -> ZoneTap | None:
        if not 1 <= len(args) <= 2 or (len(args) == 2 and not args[1].isdigit()):
            return None
        try:
            zone(args[0])
        except KeyError:
            return None
        return cls(args[0], int(args[1]) if len(args) == 2 else None)


@dataclass(frozen=True)
class EveningTap(Tap):
    """A quick pick for the evening time; None is "Not now" (no reminders)."""

    action = Action.EVENING
    at: time | None

    def args(self) -> tuple[str, ...]:
        return ("off",) if self.at is None else (hhmm(self.at),)

    @classmethod
    def parse(cls, args: list[str]) -> EveningTap | None:
        if len(args) != 1:
            return None
        if args[0] == "off":
            return cls(None)
        at = parse_hhmm(args[0])
        return None if at is None else cls(at)


@dataclass(frozen=True)
class DaysTap(Tap):
    """The evening's days as a weekday mask; None asks to choose them one by one."""

    action = Action.DAYS
    weekdays: int | None

    def args(self) -> tuple[str | int, ...]:
        return ("custom",) if self.weekdays is None else (self.weekdays,)

    @classmethod
    def parse(cls, args: list[str]) -> DaysTap | None:
        if len(args) != 1:
            return None
        if args[0] == "custom":
            return cls(None)
        valid = args[0].isdigit() and int(args[0]) <= EVERY_DAY
        return cls(int(args[0])) if valid else None


@dataclass(frozen=True)
class DayTap(Tap):
    """Tick or untick one weekday (0 is Monday) while choosing days."""

    action = Action.DAY
    weekday: int

    def args(self) -> tuple[int, ...]:
        return (self.weekday,)

    @classmethod
    def parse(cls, args: list[str]) -> DayTap | None:
        valid = len(args) == 1 and args[0].isdigit() and int(args[0]) < 7
        return cls(int(args[0])) if valid else None


WeekendChoice = Literal["same", "ask"]


@dataclass(frozen=True)
class WeekendTap(Tap):
    """A weekend time, the same time as on weekdays, or "ask" to type one."""

    action = Action.WEEKEND
    choice: time | WeekendChoice

    def args(self) -> tuple[str, ...]:
        return (hhmm(self.choice) if isinstance(self.choice, time) else self.choice,)

    @classmethod
    def parse(cls, args: list[str]) -> WeekendTap | None:
        if len(args) != 1:
            return None
        if _one_of(args[0], WeekendChoice):
            return cls(args[0])  # type: ignore[arg-type]
        at = parse_hhmm(args[0])
        return None if at is None else cls(at)


@dataclass(frozen=True)
class SetupDoneTap(Tap):
    action = Action.SETUP_DONE


SettingsPart = Literal[
    "time",
    "days",
    "zone",
    "screening",
    "pause-1",
    "pause-3",
    "pause-7",
    "resume",
    "privacy",
    "morning",
    "session",
    "weekly-on",
    "weekly-off",
]


@dataclass(frozen=True)
class SettingsTap(Tap):
    """Which part of the settings to change."""

    action = Action.SETTINGS
    part: SettingsPart

    def args(self) -> tuple[str, ...]:
        return (self.part,)

    @classmethod
    def parse(cls, args: list[str]) -> SettingsTap | None:
        valid = len(args) == 1 and _one_of(args[0], SettingsPart)
        return cls(args[0]) if valid else None  # type: ignore[arg-type]


ReminderChoice = Literal["snooze", "skip"]


@dataclass(frozen=True)
class ReminderTap(Tap):
    """Snooze or skip the evening reminder of a night."""

    action = Action.REMINDER
    choice: ReminderChoice
    night: date

    def args(self) -> tuple[str, ...]:
        return (self.choice, night_code(self.night))

    @classmethod
    def parse(cls, args: list[str]) -> ReminderTap | None:
        if len(args) != 2 or not _one_of(args[0], ReminderChoice):
            return None
        night = parse_night(args[1])
        return None if night is None else cls(args[0], night)  # type: ignore[arg-type]


@dataclass(frozen=True)
class StartSessionTap(Tap):
    """Start a guided session (from a reminder of a night, or to start again)."""

    action = Action.WINDDOWN
    night: date | None = None

    def args(self) -> tuple[str, ...]:
        return ("start",) if self.night is None else ("start", night_code(self.night))

    @classmethod
    def parse(cls, args: list[str]) -> StartSessionTap | None:
        if not 1 <= len(args) <= 2 or args[0] != "start":
            return None
        night = parse_night(args[1]) if len(args) == 2 else None
        return None if len(args) == 2 and night is None else cls(night)


@dataclass(frozen=True)
class LengthTap(Tap):
    """A session length in seconds (the settings say which are offered)."""

    action = Action.WD_LENGTH
    seconds: int

    def args(self) -> tuple[int, ...]:
        return (self.seconds,)

    @classmethod
    def parse(cls, args: list[str]) -> LengthTap | None:
        valid = len(args) == 1 and args[0].isdigit() and len(args[0]) < 6
        return cls(int(args[0])) if valid else None


@dataclass(frozen=True)
class PatternTap(Tap):
    action = Action.WD_PATTERN
    pattern: BreathPattern

    def args(self) -> tuple[str, ...]:
        return (self.pattern,)

    @classmethod
    def parse(cls, args: list[str]) -> PatternTap | None:
        valid = len(args) == 1 and args[0] in BreathPattern.__members__.values()
        return cls(BreathPattern(args[0])) if valid else None


@dataclass(frozen=True)
class SetupTap(Tap):
    """Show how to get into the pose (after the options)."""

    action = Action.WD_BEGIN


@dataclass(frozen=True)
class ReadyTap(Tap):
    """In the pose: the live session begins."""

    action = Action.WD_READY


ControlChoice = Literal["pause", "resume", "stop", "continue", "restart", "change"]


@dataclass(frozen=True)
class ControlTap(Tap):
    """A control of a live session."""

    action = Action.WD_CONTROL
    choice: ControlChoice
    session_id: int

    def args(self) -> tuple[str | int, ...]:
        return (self.choice, self.session_id)

    @classmethod
    def parse(cls, args: list[str]) -> ControlTap | None:
        valid = len(args) == 2 and _one_of(args[0], ControlChoice) and args[1].isdigit()
        return cls(args[0], int(args[1])) if valid else None  # type: ignore[arg-type]


@dataclass(frozen=True)
class FeelingTap(Tap):
    """How someone feels after a session, 1 to 5."""

    action = Action.WD_FEEL
    session_id: int
    rating: int

    def args(self) -> tuple[int, ...]:
        return (self.session_id, self.rating)

    @classmethod
    def parse(cls, args: list[str]) -> FeelingTap | None:
        valid = len(args) == 2 and args[0].isdigit() and args[1] in texts.FEELINGS
        return cls(int(args[0]), int(args[1])) if valid else None


@dataclass(frozen=True)
class DeleteTap(Tap):
    """The answer to "delete everything?"."""

    action = Action.DELETE
    confirmed: bool

    def args(self) -> tuple[str, ...]:
        return ("yes" if self.confirmed else "no",)

    @classmethod
    def parse(cls, args: list[str]) -> DeleteTap | None:
        valid = len(args) == 1 and args[0] in ("yes", "no")
        return cls(args[0] == "yes") if valid else None


@dataclass(frozen=True)
class FaqTap(Tap):
    """An entry or a topic of the knowledge base (by id), or the list of topics."""

    action = Action.FAQ
    choice: Literal["entry", "topic", "topics"]
    target: str = ""

    def args(self) -> tuple[str, ...]:
        return (self.choice,) if self.choice == "topics" else (self.choice, self.target)

    @classmethod
    def parse(cls, args: list[str]) -> FaqTap | None:
        if args == ["topics"]:
            return cls("topics")
        valid = len(args) == 2 and args[0] in ("entry", "topic") and args[1]
        return cls(args[0], args[1]) if valid else None  # type: ignore[arg-type]


@dataclass(frozen=True)
class SafetyCheckTap(Tap):
    """The answer to the gentle question: is this about ending your life? `token` names
    the message asked about."""

    action = Action.SAFETY_CHECK
    crisis: bool
    token: str = ""

    def args(self) -> tuple[str, ...]:
        return ("yes" if self.crisis else "no", self.token)

    @classmethod
    def parse(cls, args: list[str]) -> SafetyCheckTap | None:
        if not 1 <= len(args) <= 2 or args[0] not in ("yes", "no"):
            return None
        return cls(args[0] == "yes", args[1] if len(args) == 2 else "")


SleepStep = Literal["ask", "rate", "latency", "wake"]
_SLEEP_ANSWERS: dict[str, frozenset[str]] = {
    "rate": frozenset(str(n) for n in range(1, len(texts.SLEEP_SCALE) + 1)),
    "latency": frozenset({*SleepLatency, "skip"}),
    "wake": frozenset({*Wakings, "skip"}),
}


@dataclass(frozen=True)
class SleepTap(Tap):
    """A tap on a sleep question: "ask" about a night, "rate" it 1-5, or answer a
    follow-up ("latency" or "wake") with a bucket code or "skip"."""

    action = Action.SLEEP
    step: str
    night: date
    value: str | None

    def args(self) -> tuple[str, ...]:
        code = night_code(self.night)
        return (self.step, code) if self.value is None else (self.step, code, self.value)

    @classmethod
    def parse(cls, args: list[str]) -> SleepTap | None:
        if not 2 <= len(args) <= 3:
            return None
        step, night_text, *rest = args
        night, value = parse_night(night_text), (rest[0] if rest else None)
        valid = (step == "ask" and value is None) or (
            step in _SLEEP_ANSWERS and value in _SLEEP_ANSWERS[step]
        )
        return cls(step, night, value) if valid and night is not None else None


@dataclass(frozen=True)
class PrivacyTap(Tap):
    """Show what the bot keeps (the first message's button)."""

    action = Action.PRIVACY


@dataclass(frozen=True)
class MoreHelpTap(Tap):
    """The rest of the commands, under /help's everyday ones."""

    action = Action.HELP


# -- the session's guide (text, audio, both): chosen in /winddown's options or /settings --

GuidePlace = Literal["options", "settings"]


@dataclass(frozen=True)
class GuideTap(Tap):
    """How sessions are paced, chosen where the button was (the options or /settings)."""

    action = Action.WD_GUIDE
    guide: Guide
    place: GuidePlace = "options"

    def args(self) -> tuple[str, ...]:
        return (self.guide, self.place)

    @classmethod
    def parse(cls, args: list[str]) -> GuideTap | None:
        valid = (
            len(args) == 2
            and args[0] in Guide.__members__.values()
            and _one_of(args[1], GuidePlace)
        )
        return cls(Guide(args[0]), args[1]) if valid else None  # type: ignore[arg-type]


@dataclass(frozen=True)
class SessionScreenTap(Tap):
    """The health check asked before a session: the same answers, and then the session."""

    action = Action.WD_SCREEN
    choice: Condition | ScreenChoice

    def args(self) -> tuple[str, ...]:
        return (self.choice,)

    @classmethod
    def parse(cls, args: list[str]) -> SessionScreenTap | None:
        tap = ScreenTap.parse(args)
        return None if tap is None else cls(tap.choice)


def session_start(session_id: int) -> InlineKeyboardMarkup:
    """Under the set-up of a session started from the reminder: change its options."""
    return InlineKeyboardMarkup([[_button(texts.CHANGE, ControlTap("change", session_id))]])


def guide_row(chosen: str, place: GuidePlace) -> list[InlineKeyboardButton]:
    return [
        _button(_mark(label, code == chosen), GuideTap(code, place))
        for code, label in texts.GUIDE_NAMES.items()
    ]


_TAPS: dict[Action, type[Tap]] = {
    tap.action: tap
    for tap in (
        ConsentTap,
        ScreenTap,
        ZoneTap,
        EveningTap,
        DaysTap,
        DayTap,
        WeekendTap,
        SetupDoneTap,
        SettingsTap,
        ReminderTap,
        StartSessionTap,
        LengthTap,
        PatternTap,
        SetupTap,
        ReadyTap,
        ControlTap,
        FeelingTap,
        DeleteTap,
        FaqTap,
        SafetyCheckTap,
        SleepTap,
        PrivacyTap,
        MoreHelpTap,
        GuideTap,
        SessionScreenTap,
    )
}


def parse(data: object) -> Tap | None:
    """The tap behind callback data, or None for data no button of ours carries."""
    if not isinstance(data, str) or not data or len(data.encode()) > MAX_BYTES:
        return None
    head, *args = data.split(SEP)
    try:
        family = _TAPS[Action(head)]
    except ValueError:
        return None
    return family.parse(args)


def parse_sleep(data: str | None) -> SleepTap | None:
    tap = parse(data)
    return tap if isinstance(tap, SleepTap) else None


T = TypeVar("T", bound=Tap)


def taps(
    *families: type[Tap], where: Callable[[T], bool] | None = None
) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern: callback data that parses into one of `families`
    (and, with `where`, one the rooms share out between them: a part of the settings)."""

    def matches(data: object) -> bool:
        tap = parse(data)
        return isinstance(tap, families) and (where is None or where(tap))  # type: ignore[arg-type]

    return matches


def tap_of(query: CallbackQuery, family: type[T]) -> T:
    """The tap of a query whose handler was registered with `taps(family)`."""
    tap = parse(query.data)
    assert isinstance(tap, family), "the handler's pattern lets only this family through"
    return tap


# -- keyboards ------------------------------------------------------------------------------


def _button(label: str, tap: Tap) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=tap.data())


def consent() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.CONSENT_BUTTON, ConsentTap())]])


def screening(
    selected: Sequence[str], tap: Callable[[str], Tap] = ScreenTap
) -> InlineKeyboardMarkup:
    """The health check; `tap` makes each button's tap (before a session: SessionScreenTap)."""
    rows = [
        [_button(("✓ " if code in selected else "") + label, tap(code))]
        for code, label in texts.CONDITIONS.items()
    ]
    rows.append([_button(texts.NONE_OF_THESE, tap("none"))])
    rows.append(
        [
            _button(texts.SKIP_FOR_NOW, tap("skip")),
            _button(texts.DONE, tap("done")),
        ]
    )
    return InlineKeyboardMarkup(rows)


def share_location(keep: str | None = None) -> ReplyKeyboardMarkup:
    """`keep`: the zone someone has, offered as a button that leaves it as it is."""
    rows = [[KeyboardButton(texts.SHARE_LOCATION, request_location=True)]]
    if keep:
        rows.append([KeyboardButton(texts.keep_button(keep))])
    return ReplyKeyboardMarkup(
        rows,
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="Your city, or Europe/Lisbon",
    )


def zone_choices(choices: Sequence[tuple[str, str, int | None]]) -> InlineKeyboardMarkup:
    """(label, zone, place number) triples."""
    return InlineKeyboardMarkup(
        [[_button(label, ZoneTap(name, number))] for label, name, number in choices]
    )


def evening_times(
    picks: Sequence[time], *, offer_off: bool = True, keep: time | None = None
) -> InlineKeyboardMarkup:
    """`keep`: the time someone has, offered as "Keep 21:30" (choosing it again)."""
    rows = [[_button(format_time(t), EveningTap(t)) for t in picks]]
    if keep is not None:
        rows.append([_button(texts.keep_button(format_time(keep)), EveningTap(keep))])
    if offer_off:
        rows.append([_button(texts.NOT_NOW, EveningTap(None))])
    return InlineKeyboardMarkup(rows)


def _mark(label: str, on: bool) -> str:
    return ("✓ " if on else "") + label


def evening_options(weekdays: int, has_weekend_time: bool) -> InlineKeyboardMarkup:
    weekend = (
        _button(texts.WEEKEND_SAME, WeekendTap("same"))
        if has_weekend_time
        else _button(texts.WEEKEND_DIFFERENT, WeekendTap("ask"))
    )
    return InlineKeyboardMarkup(
        [
            [
                _button(_mark(texts.EVERY_DAY, weekdays == EVERY_DAY), DaysTap(EVERY_DAY)),
                _button(_mark(texts.WEEKDAYS_ONLY, weekdays == WEEKDAYS), DaysTap(WEEKDAYS)),
            ],
            [_button(texts.CHOOSE_DAYS, DaysTap(None))],
            [weekend],
            [_button(texts.DONE, SetupDoneTap())],
        ]
    )


def custom_days(weekdays: int) -> InlineKeyboardMarkup:
    day_buttons = [
        _button(_mark(name, bool(weekdays >> bit & 1)), DayTap(bit))
        for bit, name in enumerate(texts.DAY_NAMES)
    ]
    return InlineKeyboardMarkup(
        [day_buttons[:4], day_buttons[4:], [_button(texts.DONE, DaysTap(weekdays))]]
    )


def weekend_times(picks: Sequence[time], keep: time | None = None) -> InlineKeyboardMarkup:
    """`keep`: the weekday time, offered as "Keep 21:30" (the weekend stays the same)."""
    rows = [[_button(format_time(t), WeekendTap(t)) for t in picks]]
    if keep is not None:
        rows.append([_button(texts.keep_button(format_time(keep)), WeekendTap("same"))])
    return InlineKeyboardMarkup(rows)


@lru_cache(maxsize=32)
def reminder(night: date, snooze_minutes: float) -> InlineKeyboardMarkup:
    # Built once per night and shared: thousands of reminders go out with the same
    # buttons, python-telegram-bot's objects are immutable, and building one costs ~0.1 ms.
    return InlineKeyboardMarkup(
        [
            [_button(texts.START_NOW, StartSessionTap(night))],
            [
                _button(texts.snooze_button(snooze_minutes), ReminderTap("snooze", night)),
                _button(texts.SKIP_TONIGHT, ReminderTap("skip", night)),
            ],
        ]
    )


def settings_menu(
    rows: Sequence[Sequence[tuple[str, str]]], guide: str | None = None
) -> InlineKeyboardMarkup:
    """The settings' buttons, (label, SettingsTap part) pairs a row (settings.summary), and
    the session guide's choice under them."""
    guides = [guide_row(guide, "settings")] if guide is not None else []
    return InlineKeyboardMarkup(
        [
            *([_button(label, SettingsTap(part)) for label, part in row] for row in rows),  # type: ignore[arg-type]
            *guides,
        ]
    )


def session_options(
    lengths: Sequence[int],
    chosen_length: int,
    patterns: Sequence[tuple[BreathPattern, str]],
    chosen: str,
    guide: str | None = None,
) -> InlineKeyboardMarkup:
    rows = [
        [_button(_mark(texts.minutes_text(s), s == chosen_length), LengthTap(s)) for s in lengths]
    ]
    rows += [[_button(_mark(name, pid == chosen), PatternTap(pid))] for pid, name in patterns]
    if guide is not None:
        rows.append(guide_row(guide, "options"))
    rows.append([_button(texts.START, SetupTap())])
    return InlineKeyboardMarkup(rows)


def ready() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.READY, ReadyTap())]])


def live_controls(session_id: int, paused: bool = False) -> InlineKeyboardMarkup:
    toggle = (
        _button(texts.RESUME, ControlTap("resume", session_id))
        if paused
        else _button(texts.PAUSE, ControlTap("pause", session_id))
    )
    return InlineKeyboardMarkup([[toggle, _button(texts.STOP, ControlTap("stop", session_id))]])


def running_choice(session_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.CONTINUE, ControlTap("continue", session_id)),
                _button(texts.RESTART, ControlTap("restart", session_id)),
            ]
        ]
    )


def check_out(session_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(label, FeelingTap(session_id, int(label))) for label in texts.FEELINGS]]
    )


def start_again() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.RESTART, StartSessionTap())]])


def sleep_rating(night: date, *, offer_night_before: bool = False) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(label, SleepTap("rate", night, str(score)))
            for score, label in enumerate(texts.SLEEP_SCALE, start=1)
        ]
    ]
    if offer_night_before:
        rows.append([_button(texts.THE_NIGHT_BEFORE, SleepTap("ask", night - ONE_DAY, None))])
    return InlineKeyboardMarkup(rows)


def sleep_follow_up(step: str, night: date) -> InlineKeyboardMarkup:
    """`step` is "latency" or "wake"; each answer is a key of the matching texts dict."""
    choices = texts.SLEEP_LATENCY if step == "latency" else texts.SLEEP_WAKINGS
    return InlineKeyboardMarkup(
        [
            [_button(label, SleepTap(step, night, key)) for key, label in choices.items()],
            [_button(texts.SKIP, SleepTap(step, night, "skip"))],
        ]
    )


def confirm_delete() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            # The safe choice first.
            [_button(texts.DELETE_NO, DeleteTap(confirmed=False))],
            [_button(texts.DELETE_YES, DeleteTap(confirmed=True))],
        ]
    )


def faq_entries(entries: Sequence[tuple[str, str]], *, back: bool = False) -> InlineKeyboardMarkup:
    """(entry id, label) pairs, a button a row; `back` adds a way back to the topics."""
    rows = [[_button(label, FaqTap("entry", entry_id))] for entry_id, label in entries]
    if back:
        rows.append([_button(texts.FAQ_ALL_TOPICS, FaqTap("topics"))])
    return InlineKeyboardMarkup(rows)


def faq_topics(topics: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """(topic id, name) pairs, two a row."""
    buttons = [_button(name, FaqTap("topic", topic)) for topic, name in topics]
    return InlineKeyboardMarkup([buttons[n : n + 2] for n in range(0, len(buttons), 2)])


def crisis_check(token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.CRISIS_CHECK_YES, SafetyCheckTap(crisis=True, token=token)),
                _button(texts.CRISIS_CHECK_NO, SafetyCheckTap(crisis=False, token=token)),
            ]
        ]
    )


# -- the weekly summary's offer, when onboarding ends ---------------------------------------


@dataclass(frozen=True)
class WeeklyOfferTap(Tap):
    """Yes (every `weekday` at `at`) or no to the automatic weekly summary."""

    action = Action.WEEKLY_OFFER
    accepted: bool
    weekday: int = 6
    at: time = time(19, 0)

    def args(self) -> tuple[str | int, ...]:
        return ("yes", self.weekday, hhmm(self.at)) if self.accepted else ("no",)

    @classmethod
    def parse(cls, args: list[str]) -> WeeklyOfferTap | None:
        if args == ["no"]:
            return cls(False)
        if len(args) != 3 or args[0] != "yes" or args[1] not in "0123456" or len(args[1]) != 1:
            return None
        at = parse_hhmm(args[2])
        return cls(True, int(args[1]), at) if at is not None else None


_TAPS[WeeklyOfferTap.action] = WeeklyOfferTap


def weekly_offer(weekday: int, at: time) -> InlineKeyboardMarkup:
    yes = texts.weekly_offer_yes(texts.FULL_DAY_NAMES[weekday], format_time(at))
    return InlineKeyboardMarkup(
        [
            [
                _button(yes, WeeklyOfferTap(True, weekday, at)),
                _button(texts.WEEKLY_OFFER_NO, WeeklyOfferTap(False)),
            ]
        ]
    )


# -- a health question asked once at a session's start (issue 16) ------------------------


@dataclass(frozen=True)
class HealthOnceTap(Tap):
    """Yes or no to one condition the health check did not ask when it was answered."""

    action = Action.HEALTH_ONCE
    condition: Condition
    applies: bool

    def args(self) -> tuple[str, ...]:
        return (self.condition, "yes" if self.applies else "no")

    @classmethod
    def parse(cls, args: list[str]) -> HealthOnceTap | None:
        valid = len(args) == 2 and args[0] in Condition.__members__.values()
        if not valid or args[1] not in ("yes", "no"):
            return None
        return cls(Condition(args[0]), args[1] == "yes")


_TAPS[HealthOnceTap.action] = HealthOnceTap


def health_once(code: Condition) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.HEALTH_ONCE_YES, HealthOnceTap(code, True)),
                _button(texts.HEALTH_ONCE_NO, HealthOnceTap(code, False)),
            ]
        ]
    )


# -- issue 17a -----------------------------------------------------------------------------


def change_zone() -> InlineKeyboardMarkup:
    """The one tap that changes an assumed time zone."""
    return InlineKeyboardMarkup([[_button(texts.CHANGE_ZONE, SettingsTap("zone"))]])


def first_consent() -> InlineKeyboardMarkup:
    """The first message's buttons: consent, and privacy a tap away."""
    return InlineKeyboardMarkup(
        [
            [_button(texts.CONSENT_BUTTON, ConsentTap())],
            [_button(texts.PRIVACY_BUTTON, PrivacyTap())],
        ]
    )


# -- the pacer Mini App (bot/miniapp) -------------------------------------------------------


def with_pacer(markup: InlineKeyboardMarkup, url: str | None) -> InlineKeyboardMarkup:
    """`markup` with an "Open the pacer" row under it when the Mini App's https URL is
    set; unchanged without one."""
    if url is None:
        return markup
    button = InlineKeyboardButton(texts.PACER_BUTTON, web_app=WebAppInfo(url))
    return InlineKeyboardMarkup([*markup.inline_keyboard, [button]])


def more_help() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.MORE_COMMANDS_BUTTON, MoreHelpTap())]])


def try_it_now() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.TRY_IT_NOW, StartSessionTap())]])


# -- issue 17b: the morning question's time, asked from the settings ------------------------


@dataclass(frozen=True)
class MorningTap(Tap):
    """A quick pick (or "Keep") for the morning question's time; None switches it off."""

    action = Action.MORNING
    at: time | None

    def args(self) -> tuple[str, ...]:
        return ("off",) if self.at is None else (hhmm(self.at),)

    @classmethod
    def parse(cls, args: list[str]) -> MorningTap | None:
        if args == ["off"]:
            return cls(None)
        at = parse_hhmm(args[0]) if len(args) == 1 else None
        return None if at is None else cls(at)


_TAPS[MorningTap.action] = MorningTap


def morning_times(picks: Sequence[time], keep: time | None) -> InlineKeyboardMarkup:
    """`keep`: the time the question is asked now ("Keep 08:00"); None when it is off."""
    rows = [[_button(format_time(t), MorningTap(t)) for t in picks]]
    if keep is not None:
        rows.append([_button(texts.keep_button(format_time(keep)), MorningTap(keep))])
    rows.append([_button(texts.MORNING_OFF_BUTTON, MorningTap(None))])
    return InlineKeyboardMarkup(rows)

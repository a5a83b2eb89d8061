"""Every code the database stores, as enums: what a column may hold is said once here, the
models take their CHECK constraints from it, and the words people see for each code are in
texts.py. Pure. The kinds of schedule are `bot.scheduling.kinds.Kind`, listed here too.

StrEnum members are plain strings, so a stored "active" and UserStatus.ACTIVE are equal.
"""

from __future__ import annotations

from enum import StrEnum

from bot.scheduling.kinds import Kind as ScheduleKind

__all__ = [
    "Awaiting",
    "BreathPattern",
    "Condition",
    "OutboxState",
    "ReminderEventKind",
    "ScheduleKind",
    "SessionOutcome",
    "SleepLatency",
    "UserStatus",
    "Variant",
    "Wakings",
]


class UserStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"  # Telegram said they blocked the bot; active again when they write


class Condition(StrEnum):
    """What the health check asks about (users.screening holds a list of these)."""

    GLAUCOMA = "glaucoma"
    HEART = "heart"
    BLOOD_PRESSURE = "blood-pressure"
    PREGNANCY = "pregnancy"
    HIP_BACK = "hip-back"
    SWELLING = "swelling"


class Awaiting(StrEnum):
    """The typed answer the bot asked for and waits for (users.awaiting)."""

    ZONE = "timezone"
    EVENING_TIME = "evening_time"
    WEEKEND_TIME = "weekend_time"
    MORNING_TIME = "morning_time"


class BreathPattern(StrEnum):
    EXHALE_4_6 = "exhale-4-6"
    FOUR_SEVEN_EIGHT = "4-7-8"
    COHERENT = "coherent"
    NATURAL = "natural"


class Guide(StrEnum):
    """How a guided session is paced: words in the live message, tones in a voice
    message, or both."""

    TEXT = "text"
    AUDIO = "audio"
    BOTH = "both"


class Variant(StrEnum):
    """Which version of the pose a session guided."""

    INVERSION = "inversion"  # legs up the wall
    LOW_LEGS = "low-legs"  # lying down, legs low: for a condition the health check named


class SessionOutcome(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"  # the bot stopped under it


class ReminderEventKind(StrEnum):
    """What became of an evening reminder beyond being sent."""

    SNOOZED = "snoozed"
    SKIPPED = "skipped"
    MISSED = "missed"  # due while the bot was down, past the grace period


class SleepLatency(StrEnum):
    """How long it took to fall asleep, in minutes (a sleep rating's first follow-up)."""

    UNDER_15 = "<15"
    FROM_15_TO_30 = "15-30"
    FROM_30_TO_60 = "30-60"
    OVER_60 = ">60"


class Wakings(StrEnum):
    """How often they woke in the night (the second follow-up)."""

    NONE = "0"
    ONCE = "1"
    TWICE = "2"
    MORE = "3+"


class OutboxState(StrEnum):
    """Where one scheduled message is on its way out (outbox.state)."""

    PENDING = "pending"  # recorded, not yet handed to Telegram
    ATTEMPTING = "attempting"  # its HTTP call started; no answer recorded yet
    SENT = "sent"  # Telegram confirmed it
    FAILED = "failed"  # Telegram refused it (or the user blocked the bot); it did not arrive
    UNCERTAIN = "uncertain"  # the answer was lost after the call: it may have arrived
    MISSED = "missed"  # due while no worker was running, past the grace period
    SKIPPED = "skipped"  # not wanted any more when its turn came (already rated, inactive)

"""Every table, on one metadata whose naming convention gives each constraint a stable name
(Alembic's batch mode on SQLite needs named constraints to alter them)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.vocab import (
    OutboxState,
    ReminderEventKind,
    ScheduleKind,
    SessionOutcome,
    UserStatus,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, codes: type[StrEnum]) -> CheckConstraint:
    """The column holds one of the codes of an enum from bot.vocab."""
    listed = ", ".join(f"'{code}'" for code in codes)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC instant on every backend (SQLite keeps no zone, so we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware instant")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 (SQLAlchemy reads it as a class attribute)
        datetime: UTCDateTime,
        date: Date,
        time: Time,
    }


class User(Base):
    __tablename__ = "users"
    __table_args__ = (one_of("status", UserStatus),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str | None] = mapped_column(String(64))
    # Inactive once Telegram says the user blocked the bot; active again when they write.
    status: Mapped[str] = mapped_column(String(16), default=UserStatus.ACTIVE)
    consented_at: Mapped[datetime | None]
    # Conditions (vocab.Condition) the user ticked; None until they answered, [] for none.
    screening: Mapped[list[str] | None] = mapped_column(JSON)
    screened_at: Mapped[datetime | None]
    # The conditions the health check asked about when it was answered (a question added
    # later is asked once at the next session's start); None while it is unanswered.
    screening_asked: Mapped[list[str] | None] = mapped_column(JSON)
    session_seconds: Mapped[int | None]
    breath_pattern: Mapped[str | None] = mapped_column(String(16))
    # vocab.Guide chosen for sessions; None until they choose (the configured default).
    guide: Mapped[str | None] = mapped_column(String(8))
    # What the bot asked for and waits to read as typed text (vocab.Awaiting), so a
    # restart in the middle of a question loses nothing.
    awaiting: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class Schedule(Base):
    """One recurring thing to send a user (evening reminder, morning check-in, weekly
    summary). `next_fire_at` is the single source of truth for when it is due next."""

    __tablename__ = "schedules"
    __table_args__ = (
        UniqueConstraint("user_id", "kind"),
        one_of("kind", ScheduleKind),
        CheckConstraint("weekdays BETWEEN 0 AND 127", name="weekdays"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    local_time: Mapped[time]
    # A different local time on Saturday and Sunday, if the user wants one.
    weekend_time: Mapped[time | None]
    # Bit 0 is Monday … bit 6 is Sunday.
    weekdays: Mapped[int] = mapped_column(SmallInteger, default=0b1111111)
    enabled: Mapped[bool] = mapped_column(default=True)
    paused_until: Mapped[datetime | None]
    next_fire_at: Mapped[datetime | None] = mapped_column(index=True)
    last_fired_at: Mapped[datetime | None]


class ReminderEvent(Base):
    """What became of an evening reminder beyond being sent: snoozed, skipped, or missed
    because the bot was down past the grace period."""

    __tablename__ = "reminder_events"
    __table_args__ = (
        one_of("kind", ReminderEventKind),
        Index("ix_reminder_events_user_id_night", "user_id", "night"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    night: Mapped[date]
    at: Mapped[datetime]


class OutboxMessage(Base):
    """One occurrence of a schedule to send (the outbox): recorded in the transaction
    that claims the schedule, marked attempting when its HTTP call starts and sent when
    Telegram confirms, so a crash loses nothing and leaves only the calls in flight in
    doubt. `owner` is the worker sending it; a worker whose lease ran out owns nothing."""

    __tablename__ = "outbox"
    __table_args__ = (
        one_of("kind", ScheduleKind),
        one_of("state", OutboxState),
        Index("ix_outbox_state_kind", "state", "kind"),
        Index("ix_outbox_due_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The schedule it came from (no foreign key: a schedule may be deleted while one of
    # its messages is on its way; the user's own deletion cascades here).
    schedule_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.PENDING)
    owner: Mapped[str | None] = mapped_column(String(64))
    # How many HTTP calls were started for it: 2 or more only after a worker died
    # during one (at-least-once for those few; see scheduling/outbox.py).
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class Worker(Base):
    """A running bot process and its lease: it renews `expires_at` while it lives; once
    that has passed, the others take over its outbox rows and live sessions."""

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class PracticeSession(Base):
    __tablename__ = "practice_sessions"
    __table_args__ = (
        one_of("outcome", SessionOutcome),
        CheckConstraint("checkout_rating BETWEEN 1 AND 5", name="checkout_rating"),
        Index("ix_practice_sessions_user_id_night", "user_id", "night"),
        UniqueConstraint("user_id", "page_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The local calendar date of the evening the session belongs to.
    night: Mapped[date]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    planned_seconds: Mapped[int]
    actual_seconds: Mapped[int | None]
    breath_pattern: Mapped[str] = mapped_column(String(16))
    variant: Mapped[str] = mapped_column(String(16))  # vocab.Variant
    outcome: Mapped[str] = mapped_column(String(16), default=SessionOutcome.RUNNING)
    checkout_rating: Mapped[int | None] = mapped_column(SmallInteger)
    # The worker (workers.id) whose runner guides it while it runs: when that worker's
    # lease runs out, another closes the session and tells the person.
    owner: Mapped[str | None] = mapped_column(String(64))
    # The pacer page's own key for a session it reported: a repeated report records once.
    page_key: Mapped[str | None] = mapped_column(String(40))


class SleepRating(Base):
    __tablename__ = "sleep_ratings"
    __table_args__ = (
        UniqueConstraint("user_id", "night"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    night: Mapped[date]
    rating: Mapped[int] = mapped_column(SmallInteger)
    # Optional follow-ups: vocab.SleepLatency and vocab.Wakings.
    sleep_latency: Mapped[str | None] = mapped_column(String(8))
    awakenings: Mapped[str | None] = mapped_column(String(8))
    rated_at: Mapped[datetime]


class FaqMiss(Base):
    """A question the knowledge base could not answer, kept without who asked it."""

    __tablename__ = "faq_misses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(index=True)


class MediaFile(Base):
    """A file uploaded to Telegram once and re-used by its file_id, kept across restarts:
    the audio guide per pattern, length and version (key "audio:exhale-4-6:600:60:v1")."""

    __tablename__ = "media_files"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    file_id: Mapped[str] = mapped_column(String(256))
    uploaded_at: Mapped[datetime]

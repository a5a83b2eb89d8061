"""The schedules table: every recurring message (evening reminder, morning check-in,
weekly summary) keeps its next fire instant here, the single source of truth.

Claiming due rows advances them in the same transaction, where the tick also records
each occurrence in the outbox (scheduling/outbox.py), so each is handed out once and
none is lost: on PostgreSQL concurrent workers skip each other's locked rows
(FOR UPDATE SKIP LOCKED); SQLite transactions here take the write lock up front.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Schedule, User
from bot.scheduling.kinds import Kind
from bot.scheduling.rule import EVERY_DAY, Rule, next_occurrence
from bot.times import local_date
from bot.vocab import UserStatus

UPDATE_SLICE = 10_000


@dataclass(frozen=True)
class Due:
    """One occurrence handed to a sender. Ids and values only, no ORM objects."""

    schedule_id: int
    user_id: int
    chat_id: int
    kind: Kind
    due_at: datetime
    zone: str
    advanced_to: datetime | None
    # When this schedule fired before this occurrence (None the first time).
    fired_before: datetime | None = None
    user_last_seen: datetime | None = None
    # Its row in the outbox, once recorded there.
    outbox_id: int | None = None
    # Taken over from a worker that died during its HTTP call: sent again.
    resent: bool = False

    @property
    def fired_earlier_that_day(self) -> bool:
        """It already went out on the same local day: its time was moved later after it
        fired."""
        return self.fired_before is not None and local_date(
            self.fired_before, self.zone
        ) == local_date(self.due_at, self.zone)


def rule_of(schedule: Schedule) -> Rule:
    return Rule(schedule.local_time, schedule.weekdays, schedule.weekend_time)


def next_fire(schedule: Schedule, zone_name: str, now: datetime) -> datetime | None:
    if not schedule.enabled:
        return None
    return next_occurrence(rule_of(schedule), zone_name, now, schedule.paused_until)


async def get_schedule(session: AsyncSession, user_id: int, kind: Kind) -> Schedule | None:
    return await session.scalar(
        select(Schedule).where(Schedule.user_id == user_id, Schedule.kind == kind)
    )


async def save_schedule(
    session: AsyncSession,
    user: User,
    kind: Kind,
    now: datetime,
    *,
    at: time | None = None,
    weekdays: int | None = None,
    weekend_at: time | type[...] | None = ...,
    enabled: bool | None = None,
    paused_until: datetime | type[...] | None = ...,
) -> Schedule:
    """Create or change a user's schedule and recompute its next fire instant."""
    schedule = await get_schedule(session, user.id, kind)
    if schedule is None:
        if at is None:
            raise ValueError("a new schedule needs a time")
        schedule = Schedule(user_id=user.id, kind=kind, local_time=at, weekdays=EVERY_DAY)
        schedule.enabled = True
        schedule.paused_until = None
        schedule.weekend_time = None
        session.add(schedule)
    if at is not None:
        schedule.local_time = at
    if weekdays is not None:
        schedule.weekdays = weekdays
    if weekend_at is not ...:
        schedule.weekend_time = weekend_at  # type: ignore[assignment]
    if enabled is not None:
        schedule.enabled = enabled
    if paused_until is not ...:
        schedule.paused_until = paused_until  # type: ignore[assignment]
    schedule.next_fire_at = (
        next_fire(schedule, user.timezone, now)
        if user.timezone and user.status == UserStatus.ACTIVE
        else None
    )
    await session.flush()
    return schedule


async def switch(
    session: AsyncSession, user: User, kind: Kind, now: datetime, *, on: bool, default_at: time
) -> Schedule:
    """`/remind on`, `/morning off`: a schedule on or off, created at `default_at` when
    there is none yet (off too, so `on` later brings it back at that time)."""
    existing = await get_schedule(session, user.id, kind)
    at = None if existing is not None else default_at
    return await save_schedule(session, user, kind, now, at=at, enabled=on)


async def reschedule_user(session: AsyncSession, user: User, now: datetime) -> None:
    """Recompute every schedule of a user (their zone changed, or they came back)."""
    for schedule in await session.scalars(select(Schedule).where(Schedule.user_id == user.id)):
        schedule.next_fire_at = (
            next_fire(schedule, user.timezone, now)
            if user.timezone and user.status == UserStatus.ACTIVE
            else None
        )


async def move_to_zone(
    session: AsyncSession, user: User, zone_name: str, now: datetime, morning_at: time
) -> None:
    """Their zone: every schedule moves with it, and everyone gets the morning sleep
    question at `morning_at` (/morning changes or stops it)."""
    user.timezone = zone_name
    user.awaiting = None
    await reschedule_user(session, user, now)
    if await get_schedule(session, user.id, Kind.MORNING) is None:
        await save_schedule(session, user, Kind.MORNING, now, at=morning_at)


async def stop_schedules(session: AsyncSession, user_ids: list[int]) -> None:
    """No schedule of these users fires until they are rescheduled (they blocked us)."""
    if user_ids:
        await session.execute(
            update(Schedule).where(Schedule.user_id.in_(user_ids)).values(next_fire_at=None)
        )


async def fill_missing(session: AsyncSession, now: datetime) -> int:
    """Give a next fire instant to every enabled schedule of an active user with a zone
    that has none (rows added by a migration, which cannot know the zones' rules).
    Returns how many were filled."""
    rows = (
        await session.execute(
            select(Schedule, User.timezone)
            .join(User, User.id == Schedule.user_id)
            .where(
                Schedule.next_fire_at.is_(None),
                Schedule.enabled.is_(True),
                User.status == UserStatus.ACTIVE,
                User.timezone.is_not(None),
            )
        )
    ).all()
    filled = 0
    for schedule, zone_name in rows:
        schedule.next_fire_at = next_fire(schedule, zone_name, now)
        filled += schedule.next_fire_at is not None
    return filled


async def claim_due(
    session: AsyncSession, now: datetime, kinds: tuple[Kind, ...], limit: int
) -> list[Due]:
    """Take up to `limit` due occurrences, oldest first, and advance each schedule to its
    next occurrence after `now`. Commit the session to make the claim stick.

    Plain rows rather than ORM objects, the next occurrence worked out once per distinct
    rule (thousands of users share a handful of rules), and one UPDATE per group of rows
    that move to the same instant: this is the evening peak's hot path."""
    rows = (
        await session.execute(
            select(
                Schedule.id,
                Schedule.user_id,
                Schedule.kind,
                Schedule.local_time,
                Schedule.weekdays,
                Schedule.weekend_time,
                Schedule.paused_until,
                Schedule.next_fire_at,
                Schedule.last_fired_at,
                User.chat_id,
                User.timezone,
                User.last_seen_at,
            )
            .join(User, User.id == Schedule.user_id)
            .where(
                Schedule.next_fire_at <= now,
                Schedule.kind.in_(kinds),
                Schedule.enabled.is_(True),
                User.status == UserStatus.ACTIVE,
                User.timezone.is_not(None),
            )
            .order_by(Schedule.next_fire_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Schedule)
        )
    ).all()
    next_for: dict[tuple[object, ...], datetime | None] = {}
    groups: dict[tuple[datetime | None, datetime], list[int]] = defaultdict(list)
    claimed: list[Due] = []
    for row in rows:
        rule = Rule(row.local_time, row.weekdays, row.weekend_time)
        key = (rule, row.timezone, row.paused_until)
        if key not in next_for:
            next_for[key] = next_occurrence(rule, row.timezone, now, row.paused_until)
        advanced = next_for[key]
        claimed.append(
            Due(
                row.id,
                row.user_id,
                row.chat_id,
                Kind(row.kind),
                row.next_fire_at,
                row.timezone,
                advanced,
                row.last_fired_at,
                row.last_seen_at,
            )
        )
        groups[(advanced, row.next_fire_at)].append(row.id)
    for (advanced, due_at), ids in groups.items():
        # In slices: PostgreSQL takes at most 32,767 parameters in one statement.
        for start in range(0, len(ids), UPDATE_SLICE):
            await session.execute(
                update(Schedule)
                .where(Schedule.id.in_(ids[start : start + UPDATE_SLICE]))
                .values(next_fire_at=advanced, last_fired_at=due_at)
                .execution_options(synchronize_session=False)
            )
    return claimed


async def snooze(session: AsyncSession, user_id: int, kind: Kind, until: datetime) -> bool:
    """Fire once more at `until` (earlier than the next regular occurrence)."""
    schedule = await get_schedule(session, user_id, kind)
    if schedule is None or not schedule.enabled:
        return False
    if schedule.next_fire_at is None or until < schedule.next_fire_at:
        schedule.next_fire_at = until
    return True

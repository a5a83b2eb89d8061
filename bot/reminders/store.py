"""What became of reminders: snoozed, skipped, missed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import ReminderEvent, User
from bot.vocab import ReminderEventKind


async def record_events(
    session: AsyncSession,
    kind: ReminderEventKind,
    events: Iterable[tuple[int, date]],
    at: datetime,
) -> None:
    """(user id, night) pairs, each a row of what became of that night's reminder."""
    rows = [
        {"user_id": user_id, "kind": kind, "night": night, "at": at} for user_id, night in events
    ]
    if rows:
        await session.execute(insert(ReminderEvent), rows)


async def set_ups(
    session: AsyncSession, user_ids: Iterable[int]
) -> dict[int, tuple[list[str] | None, int | None]]:
    """Each person's health answers and chosen session length, for the reminder's words."""
    ids = list(user_ids)
    found: dict[int, tuple[list[str] | None, int | None]] = {}
    for start in range(0, len(ids), 1000):  # within every backend's bound-parameter limit
        rows = await session.execute(
            select(User.id, User.screening, User.session_seconds).where(
                User.id.in_(ids[start : start + 1000])
            )
        )
        found.update({user_id: (screening, seconds) for user_id, screening, seconds in rows})
    return found

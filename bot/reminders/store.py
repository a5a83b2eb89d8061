"""What became of reminders: snoozed, skipped, missed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import ReminderEvent
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

"""Everything the bot keeps about one person: read it all out, or remove it all."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import (
    Base,
    OutboxMessage,
    PracticeSession,
    ReminderEvent,
    Schedule,
    SleepRating,
    User,
)

# Every table with a user_id, children before the users table itself. A test checks that
# no table holding a user_id is missing here.
PERSONAL_TABLES: tuple[type[Base], ...] = (
    OutboxMessage,
    ReminderEvent,
    PracticeSession,
    SleepRating,
    Schedule,
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _row(obj: Base) -> dict[str, Any]:
    return {column.key: _plain(getattr(obj, column.key)) for column in obj.__table__.columns}


async def collect(session: AsyncSession, user_id: int) -> dict[str, Any] | None:
    """The person's rows, table by table, as plain JSON-ready values; None if unknown."""
    user = await session.get(User, user_id)
    if user is None:
        return None
    data: dict[str, Any] = {"profile": _row(user)}
    for model in PERSONAL_TABLES:
        rows = await session.scalars(
            select(model).where(model.user_id == user_id).order_by(model.id)  # type: ignore[attr-defined]
        )
        data[str(model.__tablename__)] = [_row(row) for row in rows]
    return data


async def delete_everything(session: AsyncSession, user_id: int) -> bool:
    """Remove the person and every row of theirs. The foreign keys cascade too; deleting
    child rows explicitly keeps it true even where cascades are off."""
    for model in PERSONAL_TABLES:
        await session.execute(delete(model).where(model.user_id == user_id))  # type: ignore[attr-defined]
    result = await session.execute(delete(User).where(User.id == user_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]

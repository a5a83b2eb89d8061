"""A person's status: active, or inactive once Telegram says they blocked the bot."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import User
from bot.scheduling.store import reschedule_user, stop_schedules
from bot.vocab import UserStatus


async def mark_active(session: AsyncSession, user_id: int, now: datetime) -> bool:
    """The user wrote or tapped: refresh last_seen_at and make them active again.
    Returns True when they were inactive (they had blocked the bot) until now."""
    was_inactive = (
        await session.scalar(
            select(User.id).where(User.id == user_id, User.status == UserStatus.INACTIVE)
        )
    ) is not None
    await session.execute(
        update(User).where(User.id == user_id).values(status=UserStatus.ACTIVE, last_seen_at=now)
    )
    return was_inactive


async def restore_schedules(session: AsyncSession, user_id: int, now: datetime) -> None:
    """They are back: every schedule of theirs gets its next time again."""
    if (user := await session.get(User, user_id)) is not None:
        await reschedule_user(session, user, now)


async def mark_inactive(session: AsyncSession, chat_id: int) -> list[int]:
    """Telegram says the user blocked the bot (or deleted their account): stop every
    schedule of theirs. Returns the ids of the users affected."""
    user_ids = list(
        await session.scalars(
            update(User)
            .where(User.chat_id == chat_id, User.status == UserStatus.ACTIVE)
            .values(status=UserStatus.INACTIVE)
            .returning(User.id)
        )
    )
    await stop_schedules(session, user_ids)
    return user_ids

"""The users table: shared by every room, so it lives in the kernel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Schedule, User


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def record_user(
    session: AsyncSession, *, user_id: int, chat_id: int, language: str | None, now: datetime
) -> tuple[User, bool]:
    """Create the user on first contact or refresh them; returns (user, created)."""
    user = await session.get(User, user_id)
    if user is None:
        user = User(
            id=user_id,
            chat_id=chat_id,
            language=language,
            status="active",
            created_at=now,
            last_seen_at=now,
        )
        session.add(user)
        await session.flush()
        return user, True
    user.chat_id = chat_id
    user.language = language or user.language
    user.last_seen_at = now
    user.status = "active"
    return user, False


async def note_activity(session: AsyncSession, user_id: int, now: datetime) -> bool:
    """The user wrote or tapped: refresh last_seen_at and make them active again.
    Returns True when they were inactive (they had blocked the bot) until now."""
    was_inactive = (
        await session.scalar(select(User.id).where(User.id == user_id, User.status == "inactive"))
    ) is not None
    await session.execute(
        update(User).where(User.id == user_id).values(status="active", last_seen_at=now)
    )
    return was_inactive


async def mark_inactive(session: AsyncSession, chat_id: int) -> list[int]:
    """Telegram says the user blocked the bot (or deleted their account): stop every
    schedule of theirs. Returns the ids of the users affected."""
    user_ids = list(
        await session.scalars(
            update(User)
            .where(User.chat_id == chat_id, User.status == "active")
            .values(status="inactive")
            .returning(User.id)
        )
    )
    if user_ids:
        await session.execute(
            update(Schedule).where(Schedule.user_id.in_(user_ids)).values(next_fire_at=None)
        )
    return user_ids


async def set_awaiting(session: AsyncSession, user_id: int, awaiting: str | None) -> None:
    await session.execute(update(User).where(User.id == user_id).values(awaiting=awaiting))


async def set_screening(
    session: AsyncSession, user: User, codes: list[str] | None, now: datetime | None
) -> None:
    """codes None: not answered (or skipped when `now` is given); [] means none apply."""
    user.screening = codes
    user.screened_at = now


async def count_users_and_schedules(session: AsyncSession) -> tuple[int, int]:
    users = await session.scalar(select(func.count()).select_from(User))
    schedules = await session.scalar(
        select(func.count()).select_from(Schedule).where(Schedule.enabled.is_(True))
    )
    return users or 0, schedules or 0

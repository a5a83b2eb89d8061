"""The users table: shared by every room, so it lives in the kernel (presence/store.py
keeps their status)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Schedule, User
from bot.vocab import Awaiting, UserStatus


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
            status=UserStatus.ACTIVE,
            created_at=now,
            last_seen_at=now,
        )
        session.add(user)
        await session.flush()
        return user, True
    user.chat_id = chat_id
    user.language = language or user.language
    user.last_seen_at = now
    user.status = UserStatus.ACTIVE
    return user, False


async def set_awaiting(session: AsyncSession, user_id: int, awaiting: Awaiting | None) -> None:
    await session.execute(update(User).where(User.id == user_id).values(awaiting=awaiting))


async def clear_awaiting(session: AsyncSession, user_id: int) -> bool:
    """Stop waiting for a typed answer; True when one was awaited."""
    result = await session.execute(
        update(User).where(User.id == user_id, User.awaiting.is_not(None)).values(awaiting=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def count_users_and_schedules(session: AsyncSession) -> tuple[int, int]:
    users = await session.scalar(select(func.count()).select_from(User))
    schedules = await session.scalar(
        select(func.count()).select_from(Schedule).where(Schedule.enabled.is_(True))
    )
    return users or 0, schedules or 0

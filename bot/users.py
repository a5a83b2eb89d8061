"""The users table: shared by every room, so it lives in the kernel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import User


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

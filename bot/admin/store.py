"""The numbers behind /stats: counts over the last seven days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import FaqMiss, PracticeSession, SleepRating, User
from bot.vocab import UserStatus


@dataclass(frozen=True)
class WeekCounts:
    users: int
    active: int
    sessions: int
    average_rating: float | None
    unanswered: int


async def week_counts(session: AsyncSession, now: datetime) -> WeekCounts:
    since = now - timedelta(days=7)
    users = await session.scalar(select(func.count()).select_from(User))
    active = await session.scalar(
        select(func.count()).where(User.status == UserStatus.ACTIVE, User.last_seen_at >= since)
    )
    sessions = await session.scalar(select(func.count()).where(PracticeSession.started_at >= since))
    average = await session.scalar(
        select(func.avg(SleepRating.rating)).where(SleepRating.rated_at >= since)
    )
    unanswered = await session.scalar(select(func.count()).where(FaqMiss.asked_at >= since))
    return WeekCounts(
        users or 0,
        active or 0,
        sessions or 0,
        None if average is None else float(average),
        unanswered or 0,
    )

"""The queries behind a weekly summary: three indexed lookups by user and night."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import PracticeSession, SleepRating
from bot.summary.stats import MIN_PRACTICE_SECONDS, SessionFact
from bot.times import zone
from bot.vocab import SessionOutcome


async def ratings_between(
    session: AsyncSession, user_id: int, first: date, last: date
) -> dict[date, int]:
    rows = await session.execute(
        select(SleepRating.night, SleepRating.rating).where(
            SleepRating.user_id == user_id, SleepRating.night.between(first, last)
        )
    )
    return {row.night: row.rating for row in rows}


_PRACTISED = or_(
    PracticeSession.outcome == SessionOutcome.COMPLETED,
    PracticeSession.actual_seconds >= MIN_PRACTICE_SECONDS,
)


async def sessions_between(
    session: AsyncSession, user_id: int, first: date, last: date, zone_name: str
) -> list[SessionFact]:
    rows = await session.execute(
        select(
            PracticeSession.night,
            PracticeSession.started_at,
            PracticeSession.actual_seconds,
            PracticeSession.outcome,
            PracticeSession.checkout_rating,
        ).where(
            PracticeSession.user_id == user_id,
            PracticeSession.night.between(first, last),
            _PRACTISED,
        )
    )
    tz = zone(zone_name)
    return [
        SessionFact(
            night=row.night,
            seconds=row.actual_seconds or 0,
            completed=row.outcome == SessionOutcome.COMPLETED,
            started_local=row.started_at.astimezone(tz).time(),
            calm=row.checkout_rating,
        )
        for row in rows
    ]


async def practised_nights(session: AsyncSession, user_id: int) -> list[date]:
    """Every night this user practised, for the streaks."""
    rows = await session.scalars(
        select(PracticeSession.night)
        .where(PracticeSession.user_id == user_id, _PRACTISED)
        .distinct()
    )
    return list(rows)


async def practice_count(session: AsyncSession, user_id: int) -> int:
    """How many sessions of this user count as practice, ever."""
    count = await session.scalar(
        select(func.count())
        .select_from(PracticeSession)
        .where(PracticeSession.user_id == user_id, _PRACTISED)
    )
    return count or 0


async def night_of_session(session: AsyncSession, session_id: int) -> date | None:
    return await session.scalar(
        select(PracticeSession.night).where(PracticeSession.id == session_id)
    )

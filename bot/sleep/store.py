"""Sleep ratings, one per user and night."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import SleepRating


async def get_rating(session: AsyncSession, user_id: int, night: date) -> SleepRating | None:
    return await session.scalar(
        select(SleepRating).where(SleepRating.user_id == user_id, SleepRating.night == night)
    )


async def save_rating(
    session: AsyncSession, user_id: int, night: date, rating: int, now: datetime
) -> int | None:
    """Rate a night; a second rating replaces the first. Returns the replaced rating."""
    existing = await get_rating(session, user_id, night)
    if existing is None:
        session.add(SleepRating(user_id=user_id, night=night, rating=rating, rated_at=now))
        await session.flush()
        return None
    replaced = existing.rating
    existing.rating = rating
    existing.rated_at = now
    return replaced


_FOLLOW_UPS = {"latency": "sleep_latency", "wake": "awakenings"}


async def save_detail(
    session: AsyncSession, user_id: int, night: date, follow_up: str, value: str | None
) -> bool:
    """Store one follow-up answer of a rated night: "latency" (vocab.SleepLatency) or
    "wake" (vocab.Wakings)."""
    field = _FOLLOW_UPS[follow_up]
    result = await session.execute(
        update(SleepRating)
        .where(SleepRating.user_id == user_id, SleepRating.night == night)
        .values({field: value})
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def rated_among(
    session: AsyncSession, pairs: Iterable[tuple[int, date]]
) -> set[tuple[int, date]]:
    """Which of these (user, night) pairs already have a rating."""
    wanted = list(pairs)
    found: set[tuple[int, date]] = set()
    for start in range(0, len(wanted), 500):  # keep each IN list a reasonable size
        chunk = wanted[start : start + 500]
        rows = await session.execute(
            select(SleepRating.user_id, SleepRating.night).where(
                tuple_(SleepRating.user_id, SleepRating.night).in_(chunk)
            )
        )
        found.update((row.user_id, row.night) for row in rows)
    return found

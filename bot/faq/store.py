"""Questions the knowledge base could not answer, kept without who asked them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import FaqMiss

MAX_KEPT = 500  # characters of a question kept; enough to see what was asked


async def record_miss(session: AsyncSession, question: str, now: datetime) -> None:
    text = " ".join(question.split())[:MAX_KEPT]
    if text:
        await session.execute(insert(FaqMiss).values(question=text, asked_at=now))


async def frequent_misses(
    session: AsyncSession, since: datetime | None, limit: int
) -> list[tuple[str, int]]:
    """The most frequent unanswered questions (compared without case), most asked first."""
    asked = func.lower(FaqMiss.question)
    query = select(asked, func.count()).group_by(asked)
    if since is not None:
        query = query.where(FaqMiss.asked_at >= since)
    rows = await session.execute(query.order_by(func.count().desc(), asked).limit(limit))
    return [(question, count) for question, count in rows.tuples()]

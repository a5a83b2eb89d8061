"""Practice sessions: started, finished (completed, stopped, interrupted), rated."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import MediaFile, PracticeSession, User
from bot.scheduling.outbox import orphaned
from bot.vocab import BreathPattern, Guide, SessionOutcome, Variant


async def start_session(
    session: AsyncSession,
    *,
    user_id: int,
    night: date,
    now: datetime,
    planned_seconds: int,
    pattern: BreathPattern,
    variant: Variant,
    owner: str | None = None,
) -> int:
    """`owner`: the worker whose runner guides it."""
    row = PracticeSession(
        owner=owner,
        user_id=user_id,
        night=night,
        started_at=now,
        planned_seconds=planned_seconds,
        breath_pattern=pattern,
        variant=variant,
        outcome=SessionOutcome.RUNNING,
    )
    session.add(row)
    await session.flush()
    return row.id


async def finish_session(
    session: AsyncSession, session_id: int, outcome: SessionOutcome, now: datetime
) -> None:
    row = await session.get(PracticeSession, session_id)
    if row is None or row.outcome != SessionOutcome.RUNNING:
        return
    row.outcome = outcome
    row.ended_at = now
    row.actual_seconds = round((now - row.started_at).total_seconds())


async def remember_choice(
    session: AsyncSession,
    user: User,
    *,
    seconds: int | None = None,
    pattern: BreathPattern | None = None,
    guide: Guide | None = None,
) -> None:
    """The length, breath pattern or guide chosen, offered first next time."""
    if seconds is not None:
        user.session_seconds = seconds
    if pattern is not None:
        user.breath_pattern = pattern
    if guide is not None:
        user.guide = guide


async def sessions_started(session: AsyncSession, user_id: int) -> int:
    """How many guided sessions the person has begun (for "before the first session")."""
    count = await session.scalar(
        select(func.count()).select_from(PracticeSession).where(PracticeSession.user_id == user_id)
    )
    return int(count or 0)


async def media_file_id(session: AsyncSession, key: str) -> str | None:
    """The file_id of a file uploaded before under `key`, if any."""
    return await session.scalar(select(MediaFile.file_id).where(MediaFile.key == key))


async def remember_media_file(session: AsyncSession, key: str, file_id: str, now: datetime) -> None:
    row = await session.get(MediaFile, key)
    if row is None:
        session.add(MediaFile(key=key, file_id=file_id, uploaded_at=now))
    else:
        row.file_id, row.uploaded_at = file_id, now


async def rate_session(session: AsyncSession, session_id: int, user_id: int, rating: int) -> bool:
    result = await session.execute(
        update(PracticeSession)
        .where(PracticeSession.id == session_id, PracticeSession.user_id == user_id)
        .values(checkout_rating=rating)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def interrupt_orphaned(session: AsyncSession, now: datetime) -> list[tuple[int, int]]:
    """Close every session still marked running whose worker is gone (it stopped or
    died under it; a session of a live worker is left alone); returns (user id, chat
    id) of each, to tell them once. Locked rows are skipped, so two workers looking at
    the same time never both tell someone."""
    rows = (
        await session.execute(
            select(PracticeSession, User.chat_id)
            .join(User, User.id == PracticeSession.user_id)
            .where(
                PracticeSession.outcome == SessionOutcome.RUNNING,
                orphaned(PracticeSession.owner, now),
            )
            .with_for_update(skip_locked=True, of=PracticeSession)
        )
    ).all()
    for practice, _ in rows:
        practice.outcome = SessionOutcome.INTERRUPTED
        practice.ended_at = now
        practice.actual_seconds = round((now - practice.started_at).total_seconds())
    return [(practice.user_id, chat_id) for practice, chat_id in rows]


async def record_session(
    session: AsyncSession,
    *,
    user_id: int,
    night: date,
    started_at: datetime,
    ended_at: datetime,
    planned_seconds: int,
    pattern: BreathPattern,
    variant: Variant,
    outcome: SessionOutcome,
    page_key: str,
) -> tuple[int, bool]:
    """A session that ran elsewhere (the pacer page), recorded once it ended, as a chat
    session would have been: its night, its length, its pattern and how it ended. The
    page's key makes a repeated report harmless: (the session's id, whether it is new)."""
    known = await session.scalar(
        select(PracticeSession.id).where(
            PracticeSession.user_id == user_id, PracticeSession.page_key == page_key
        )
    )
    if known is not None:
        return known, False
    session_id = await start_session(
        session,
        user_id=user_id,
        night=night,
        now=started_at,
        planned_seconds=planned_seconds,
        pattern=pattern,
        variant=variant,
    )
    row = await session.get(PracticeSession, session_id)
    assert row is not None
    row.page_key = page_key
    await finish_session(session, session_id, outcome, ended_at)
    return session_id, True

"""The outbox and the workers' leases: the SQL that makes scheduled messages durable.

A claimed occurrence becomes an outbox row in the claiming transaction (`record`), owned
by the worker that claimed it. Its sender marks it `attempting` when the HTTP call starts
and `sent` (or failed, uncertain) when the answer comes, in batches (`mark_attempting`,
`mark_finished`). A worker renews its lease (`renew_lease`) while it lives; rows whose
owner is none or a worker whose lease ran out are taken over by any live worker
(`take_over`), FOR UPDATE SKIP LOCKED, so two survivors never take the same row.

The policy for rows found `attempting` after their worker died is at-least-once: they
are sent again. Their call may or may not have reached Telegram; at most the calls in
flight at the crash are in that state, and a reminder twice is harmless where one lost
is what people notice. A call whose answer was lost while its worker lived is another
matter: the worker knows it may have arrived, records it as `uncertain` and does not
repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import OutboxMessage, User, Worker
from bot.scheduling.kinds import Kind
from bot.scheduling.store import UPDATE_SLICE, Due
from bot.vocab import OutboxState

UNFINISHED = (OutboxState.PENDING, OutboxState.ATTEMPTING)


def _slices(ids: list[int]) -> Iterable[list[int]]:
    # PostgreSQL takes at most 32,767 parameters in one statement.
    for start in range(0, len(ids), UPDATE_SLICE):
        yield ids[start : start + UPDATE_SLICE]


# -- workers --------------------------------------------------------------------------------


async def renew_lease(session: AsyncSession, worker: str, now: datetime, until: datetime) -> None:
    """This worker lives until `until` (it renews well before then)."""
    result = await session.execute(
        update(Worker).where(Worker.id == worker).values(expires_at=until)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        await session.execute(insert(Worker).values(id=worker, started_at=now, expires_at=until))


async def resign(session: AsyncSession, worker: str) -> None:
    """A clean stop: this worker owns nothing any more."""
    await session.execute(delete(Worker).where(Worker.id == worker))


async def forget_others(session: AsyncSession, worker: str) -> int:
    """Declare every other worker gone (SQLite: one process at a time, so whoever ran
    before this start is dead). Returns how many there were."""
    result = await session.execute(delete(Worker).where(Worker.id != worker))
    return result.rowcount or 0  # type: ignore[attr-defined]


async def forget_long_dead(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(Worker).where(Worker.expires_at < before))


def _alive(now: datetime) -> Any:
    return select(Worker.id).where(Worker.expires_at > now).scalar_subquery()


def orphaned(owner_column: Any, now: datetime) -> ColumnElement[bool]:
    """The row's owner is no worker alive at `now` (for the outbox and live sessions)."""
    return or_(owner_column.is_(None), owner_column.not_in(_alive(now)))


# -- the outbox -----------------------------------------------------------------------------


async def record(session: AsyncSession, dues: list[Due], owner: str, now: datetime) -> list[Due]:
    """One pending row per occurrence, owned by `owner`; the dues come back with their
    row ids."""
    if not dues:
        return []
    # RETURNING in multi-row batches, matched back by user (one schedule of a kind per
    # user, so one row per user here): asking for the parameters' order instead makes
    # SQLite insert row by row, seconds for a burst of thousands.
    rows = await session.execute(
        insert(OutboxMessage).returning(OutboxMessage.id, OutboxMessage.user_id),
        [
            {
                "user_id": due.user_id,
                "schedule_id": due.schedule_id,
                "kind": due.kind,
                "due_at": due.due_at,
                "state": OutboxState.PENDING,
                "owner": owner,
                "attempts": 0,
                "created_at": now,
            }
            for due in dues
        ],
    )
    id_of = {user_id: row_id for row_id, user_id in rows.all()}
    return [replace(due, outbox_id=id_of[due.user_id]) for due in dues]


async def record_missed(session: AsyncSession, dues: list[Due], now: datetime) -> None:
    """Occurrences past the grace period, kept as missed (for /stats), never sent."""
    if dues:
        await session.execute(
            insert(OutboxMessage),
            [
                {
                    "user_id": due.user_id,
                    "schedule_id": due.schedule_id,
                    "kind": due.kind,
                    "due_at": due.due_at,
                    "state": OutboxState.MISSED,
                    "attempts": 0,
                    "created_at": now,
                    "finished_at": now,
                }
                for due in dues
            ],
        )


async def take_over(
    session: AsyncSession, kind: Kind, owner: str, now: datetime, limit: int
) -> list[Due]:
    """Unfinished rows of `kind` that nobody alive owns (handed back at a clean stop, or
    left by a worker that died), oldest first, now owned by `owner`. A row that was
    `attempting` comes back with `resent` set: it is sent again (at-least-once)."""
    rows = (
        await session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.schedule_id,
                OutboxMessage.user_id,
                OutboxMessage.due_at,
                OutboxMessage.state,
                User.chat_id,
                User.timezone,
                User.last_seen_at,
            )
            .join(User, User.id == OutboxMessage.user_id)
            .where(
                OutboxMessage.state.in_(UNFINISHED),
                OutboxMessage.kind == kind,
                orphaned(OutboxMessage.owner, now),
                # Its own rows a worker has in hand, even when its lease looks stale.
                OutboxMessage.owner.is_distinct_from(owner),
            )
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=OutboxMessage)
        )
    ).all()
    ids = [row.id for row in rows]
    for part in _slices(ids):
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(part))
            .values(owner=owner)
            .execution_options(synchronize_session=False)
        )
    return [
        Due(
            row.schedule_id,
            row.user_id,
            row.chat_id,
            kind,
            row.due_at,
            row.timezone or "UTC",
            None,
            user_last_seen=row.last_seen_at,
            outbox_id=row.id,
            resent=row.state == OutboxState.ATTEMPTING,
        )
        for row in rows
    ]


async def mark_attempting(session: AsyncSession, ids: list[int]) -> None:
    for part in _slices(ids):
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(part))
            .values(state=OutboxState.ATTEMPTING, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        )


async def mark_finished(
    session: AsyncSession, outcomes: Mapping[OutboxState, list[int]], now: datetime
) -> None:
    """Rows that reached an end: sent, failed, uncertain, missed or skipped."""
    for state, ids in outcomes.items():
        for part in _slices(ids):
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(part))
                .values(state=state, finished_at=now)
                .execution_options(synchronize_session=False)
            )


async def hand_back(session: AsyncSession, ids: list[int]) -> None:
    """Rows this worker will not send after all (it is stopping, or could not compose
    them): pending again and nobody's, for the next tick of any worker."""
    for part in _slices(ids):
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(part))
            .values(state=OutboxState.PENDING, owner=None)
            .execution_options(synchronize_session=False)
        )


async def counts_since(session: AsyncSession, since: datetime) -> dict[OutboxState, int]:
    """How many scheduled messages due since `since` are in each state."""
    rows = await session.execute(
        select(OutboxMessage.state, func.count())
        .where(OutboxMessage.due_at >= since)
        .group_by(OutboxMessage.state)
    )
    return {OutboxState(state): count for state, count in rows.all()}


async def resent_since(session: AsyncSession, since: datetime) -> int:
    """Messages due since `since` whose HTTP call was started more than once (a worker
    died during one, and the takeover sent it again)."""
    count = await session.scalar(
        select(func.count()).where(OutboxMessage.due_at >= since, OutboxMessage.attempts > 1)
    )
    return count or 0


async def prune(session: AsyncSession, before: datetime) -> None:
    """Finished rows due before `before` are history no one reads any more."""
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.due_at < before, OutboxMessage.state.not_in(UNFINISHED)
        )
    )

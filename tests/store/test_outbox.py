"""The outbox and the workers' leases: a claimed occurrence is a row until it is sent;
rows of a worker whose lease ran out (or handed back) are taken over, once, and those it
was in the middle of sending come back marked to be sent again."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import ManualClock
from bot.db import make_engine, make_sessionmaker
from bot.models import OutboxMessage
from bot.scheduling.kinds import Kind
from bot.scheduling.marks import Marks
from bot.scheduling.outbox import (
    counts_since,
    hand_back,
    mark_attempting,
    mark_finished,
    prune,
    record,
    renew_lease,
    resign,
    take_over,
)
from bot.scheduling.store import Due, claim_due
from bot.vocab import BreathPattern, OutboxState, Variant
from bot.winddown.store import interrupt_orphaned, start_session
from tests.conftest import onboarded_user
from tests.store.test_scheduling import add_users

NOW = datetime(2026, 7, 1, 19, 30, tzinfo=UTC)
LEASE = timedelta(seconds=30)


async def claim_and_record(
    sessions: async_sessionmaker[AsyncSession], owner: str, count: int = 100
) -> list[Due]:
    async with sessions.begin() as session:
        await renew_lease(session, owner, NOW, NOW + LEASE)
        claimed = await claim_due(session, NOW, (Kind.EVENING,), count)
        return await record(session, claimed, owner, NOW)


async def states(sessions: async_sessionmaker[AsyncSession]) -> dict[int, tuple[str, str | None]]:
    async with sessions() as session:
        rows = await session.scalars(select(OutboxMessage))
        return {row.user_id: (row.state, row.owner) for row in rows}


async def test_rows_of_a_live_worker_stay_its_own_and_a_dead_ones_are_taken_over(
    database_url: str,
) -> None:
    await add_users(database_url, 4, due=NOW - timedelta(seconds=10))
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    try:
        recorded = await claim_and_record(sessions, "a")
        ids = [due.outbox_id for due in recorded]
        assert all(ids)
        async with sessions.begin() as session:
            await mark_attempting(session, ids[:1])  # its call had started
            await mark_finished(session, {OutboxState.SENT: ids[1:2]}, NOW)
            await renew_lease(session, "b", NOW, NOW + LEASE)
        async with sessions.begin() as session:  # "a" is alive: nothing to take
            assert await take_over(session, Kind.EVENING, "b", NOW, 100) == []
        later = NOW + LEASE + timedelta(seconds=1)  # "a" stopped renewing: it is dead
        async with sessions.begin() as session:
            await renew_lease(session, "b", later, later + LEASE)
            taken = await take_over(session, Kind.EVENING, "b", later, 100)
        async with sessions.begin() as session:  # once
            assert await take_over(session, Kind.EVENING, "c", later, 100) == []
        rows = await states(sessions)
    finally:
        await engine.dispose()

    assert sorted((d.user_id, d.resent) for d in taken) == [
        (10_000, True),  # it may have arrived: sent again (at-least-once)
        (10_002, False),
        (10_003, False),
    ]
    assert {d.chat_id for d in taken} == {10_000, 10_002, 10_003}
    assert rows[10_001] == (OutboxState.SENT, "a")
    assert {rows[u][1] for u in (10_000, 10_002, 10_003)} == {"b"}


async def test_rows_handed_back_at_a_clean_stop_are_anyones_at_once(database_url: str) -> None:
    await add_users(database_url, 2, due=NOW - timedelta(seconds=10))
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    try:
        recorded = await claim_and_record(sessions, "a")
        async with sessions.begin() as session:
            await hand_back(session, [recorded[0].outbox_id])  # type: ignore[list-item]
        async with sessions.begin() as session:  # "a" still alive: only the handed back
            taken = await take_over(session, Kind.EVENING, "b", NOW, 100)
        async with sessions.begin() as session:
            await resign(session, "a")
        async with sessions.begin() as session:  # "a" stopped: the rest too
            rest = await take_over(session, Kind.EVENING, "b", NOW, 100)
    finally:
        await engine.dispose()
    assert [d.user_id for d in taken] == [recorded[0].user_id]
    assert [d.user_id for d in rest] == [recorded[1].user_id]


async def test_two_survivors_never_take_the_same_row(database_url: str) -> None:
    await add_users(database_url, 200, due=NOW - timedelta(seconds=10))
    engines = [make_engine(database_url), make_engine(database_url)]
    later = NOW + LEASE + timedelta(seconds=1)

    async def survivor(engine, name: str) -> list[int]:  # type: ignore[no-untyped-def]
        sessions = make_sessionmaker(engine)
        async with sessions.begin() as session:
            await renew_lease(session, name, later, later + LEASE)
        taken: list[int] = []
        while True:
            async with sessions.begin() as session:
                batch = await take_over(session, Kind.EVENING, name, later, 30)
                await asyncio.sleep(0.01)
            if not batch:
                return taken
            taken += [d.user_id for d in batch]

    try:
        await claim_and_record(make_sessionmaker(engines[0]), "dead", 200)
        first, second = await asyncio.gather(survivor(engines[0], "b"), survivor(engines[1], "c"))
    finally:
        for engine in engines:
            await engine.dispose()
    assert not set(first) & set(second)
    assert sorted(first + second) == list(range(10_000, 10_200))


async def test_marks_are_written_in_batches_and_counted(
    sessions: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    await add_users(database_url, 5, due=NOW - timedelta(seconds=10))
    recorded = await claim_and_record(sessions, "a")
    ids = [due.outbox_id for due in recorded]
    marks = Marks(sessions, ManualClock(NOW))
    marks.start()
    try:
        await asyncio.gather(*(marks.attempting(i) for i in ids))  # type: ignore[arg-type]
        assert {state for state, _ in (await states(sessions)).values()} == {"attempting"}
        for i, state in zip(
            ids,
            [OutboxState.SENT, OutboxState.SENT, OutboxState.FAILED, OutboxState.UNCERTAIN],
            strict=False,
        ):
            marks.finished(i, state)  # type: ignore[arg-type]
    finally:
        await marks.stop()
    async with sessions.begin() as session:
        counts = await counts_since(session, NOW - timedelta(days=1))
        await prune(session, NOW + timedelta(days=1))  # finished rows go; unfinished stay
        left = (await session.scalars(select(OutboxMessage))).all()
    assert counts == {
        OutboxState.SENT: 2,
        OutboxState.FAILED: 1,
        OutboxState.UNCERTAIN: 1,
        OutboxState.ATTEMPTING: 1,
    }
    assert [(row.state, row.attempts) for row in left] == [("attempting", 1)]


async def test_live_sessions_of_a_live_worker_are_left_alone(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        session.add(onboarded_user(5, NOW))
        session.add(onboarded_user(6, NOW))
        await session.flush()
        await renew_lease(session, "a", NOW, NOW + LEASE)
        await renew_lease(session, "b", NOW, NOW + timedelta(hours=1))
        for user_id, owner in ((5, "a"), (6, "b")):
            await start_session(
                session,
                user_id=user_id,
                night=NOW.date(),
                now=NOW,
                planned_seconds=600,
                pattern=BreathPattern.EXHALE_4_6,
                variant=Variant.INVERSION,
                owner=owner,
            )
    async with sessions.begin() as session:
        assert await interrupt_orphaned(session, NOW + timedelta(seconds=5)) == []
    later = NOW + LEASE + timedelta(seconds=1)
    async with sessions.begin() as session:
        assert await interrupt_orphaned(session, later) == [(5, 5)]  # "a" is gone
    async with sessions.begin() as session:
        assert await interrupt_orphaned(session, later) == []  # told once

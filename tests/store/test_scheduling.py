"""The schedules table: saving a schedule works out when it fires next in the user's zone;
claiming due schedules hands each occurrence out once, even to two workers at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import make_engine, make_sessionmaker
from bot.models import Schedule, User
from bot.scheduling import store as schedules
from bot.scheduling.kinds import Kind
from bot.scheduling.store import (
    claim_due,
    fill_missing,
    get_schedule,
    reschedule_user,
    save_schedule,
    snooze,
    stop_schedules,
    switch,
)
from tests.conftest import onboarded_user

NOW = datetime(2026, 7, 1, 19, 30, tzinfo=UTC)  # 21:30 in Berlin


async def add_users(url: str, count: int, *, due: datetime, status: str = "active") -> None:
    engine = make_engine(url)
    async with make_sessionmaker(engine).begin() as session:
        for n in range(count):
            user_id = 10_000 + n
            session.add(
                User(
                    id=user_id,
                    chat_id=user_id,
                    timezone="Europe/Berlin",
                    status=status,
                    created_at=NOW,
                    last_seen_at=NOW,
                )
            )
            await session.flush()
            session.add(
                Schedule(
                    user_id=user_id,
                    kind="evening",
                    local_time=time(21, 30),
                    next_fire_at=due,
                )
            )
    await engine.dispose()


async def test_a_claim_advances_to_the_next_evening(database_url: str) -> None:
    await add_users(database_url, 3, due=NOW - timedelta(seconds=20))
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions.begin() as session:
            claimed = await claim_due(session, NOW, ("evening",), 100)
        async with sessions.begin() as session:
            again = await claim_due(session, NOW, ("evening",), 100)
            rows = list(await session.scalars(select(Schedule)))
    finally:
        await engine.dispose()

    assert len(claimed) == 3
    assert again == []
    assert {d.due_at for d in claimed} == {NOW - timedelta(seconds=20)}
    assert {r.next_fire_at for r in rows} == {NOW + timedelta(days=1)}
    assert {r.last_fired_at for r in rows} == {NOW - timedelta(seconds=20)}


async def test_two_workers_never_claim_the_same_occurrence(database_url: str) -> None:
    await add_users(database_url, 300, due=NOW - timedelta(minutes=1))
    engines = [make_engine(database_url), make_engine(database_url)]

    async def worker(engine) -> list[int]:  # type: ignore[no-untyped-def]
        taken: list[int] = []
        sessions = make_sessionmaker(engine)
        while True:
            async with sessions.begin() as session:
                batch = await claim_due(session, NOW, ("evening",), 40)
                await asyncio.sleep(0.01)  # hold the claim a moment, as a real one would
            if not batch:
                return taken
            taken += [d.user_id for d in batch]

    try:
        first, second = await asyncio.gather(*(worker(e) for e in engines))
    finally:
        for engine in engines:
            await engine.dispose()

    assert not set(first) & set(second)
    assert sorted(first + second) == list(range(10_000, 10_300))


async def test_inactive_users_are_not_claimed(database_url: str) -> None:
    await add_users(database_url, 2, due=NOW - timedelta(minutes=1), status="inactive")
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine).begin() as session:
            assert await claim_due(session, NOW, ("evening",), 100) == []
    finally:
        await engine.dispose()


async def test_a_large_claim_is_advanced_in_slices(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schedules, "UPDATE_SLICE", 2)  # 5 rows: slices of 2, 2 and 1
    await add_users(database_url, 5, due=NOW - timedelta(seconds=5))
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions.begin() as session:
            claimed = await claim_due(session, NOW, ("evening",), 100)
        async with sessions.begin() as session:
            rows = list(await session.scalars(select(Schedule)))
    finally:
        await engine.dispose()
    assert len(claimed) == 5
    assert {r.next_fire_at for r in rows} == {NOW + timedelta(days=1)}
    assert {r.last_fired_at for r in rows} == {NOW - timedelta(seconds=5)}


async def test_a_new_schedule_needs_a_time_and_fires_next_in_the_users_zone(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        user = onboarded_user(1, NOW)
        session.add(user)
        await session.flush()
        with pytest.raises(ValueError, match="needs a time"):
            await save_schedule(session, user, Kind.EVENING, NOW)
        evening = await save_schedule(session, user, Kind.EVENING, NOW, at=time(22, 0))
        assert evening.next_fire_at == NOW + timedelta(minutes=30)  # 22:00 tonight
        evening = await save_schedule(session, user, Kind.EVENING, NOW, at=time(21, 30))
        assert evening.next_fire_at == NOW + timedelta(days=1)  # 21:30 is now: tomorrow
        assert await get_schedule(session, 1, Kind.EVENING) is evening
        assert await get_schedule(session, 1, Kind.MORNING) is None


async def test_switching_off_and_on_keeps_the_time(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        user = onboarded_user(1, NOW)
        session.add(user)
        await session.flush()
        off = await switch(session, user, Kind.MORNING, NOW, on=False, default_at=time(8, 0))
        assert (off.enabled, off.local_time, off.next_fire_at) == (False, time(8, 0), None)
        await save_schedule(session, user, Kind.MORNING, NOW, at=time(7, 15), enabled=False)
        on = await switch(session, user, Kind.MORNING, NOW, on=True, default_at=time(8, 0))
        assert (on.enabled, on.local_time) == (True, time(7, 15))
        assert on.next_fire_at == datetime(2026, 7, 2, 5, 15, tzinfo=UTC)


async def test_a_pause_and_a_snooze_move_the_next_time(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        user = onboarded_user(1, NOW)
        session.add(user)
        await session.flush()
        await save_schedule(session, user, Kind.EVENING, NOW, at=time(22, 0))
        paused = await save_schedule(
            session, user, Kind.EVENING, NOW, paused_until=NOW + timedelta(days=2)
        )
        assert paused.next_fire_at == datetime(2026, 7, 3, 20, 0, tzinfo=UTC)
        assert await snooze(session, 1, Kind.EVENING, NOW + timedelta(minutes=15))
        assert paused.next_fire_at == NOW + timedelta(minutes=15)
        # A snooze never puts off what comes sooner anyway.
        assert await snooze(session, 1, Kind.EVENING, NOW + timedelta(days=5))
        assert paused.next_fire_at == NOW + timedelta(minutes=15)
        assert not await snooze(session, 1, Kind.MORNING, NOW)


async def test_a_new_zone_or_a_return_reschedules_and_blocking_stops(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        user = onboarded_user(1, NOW)
        session.add(user)
        await session.flush()
        evening = await save_schedule(session, user, Kind.EVENING, NOW, at=time(21, 45))
        user.timezone = "Asia/Tokyo"
        await reschedule_user(session, user, NOW)
        assert evening.next_fire_at == datetime(2026, 7, 2, 12, 45, tzinfo=UTC)
        await stop_schedules(session, [1])
        await session.refresh(evening)
        assert evening.next_fire_at is None
        assert await fill_missing(session, NOW) == 1
        await session.flush()
        await session.refresh(evening)
        assert evening.next_fire_at == datetime(2026, 7, 2, 12, 45, tzinfo=UTC)


async def test_claims_take_only_the_kinds_asked_for(database_url: str) -> None:
    await add_users(database_url, 2, due=NOW - timedelta(minutes=1))
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine).begin() as session:
            assert await claim_due(session, NOW, (Kind.MORNING, Kind.WEEKLY), 100) == []
            claimed = await claim_due(session, NOW, (Kind.EVENING,), 100)
    finally:
        await engine.dispose()
    assert [due.kind for due in claimed] == [Kind.EVENING, Kind.EVENING]
    assert {due.zone for due in claimed} == {"Europe/Berlin"}

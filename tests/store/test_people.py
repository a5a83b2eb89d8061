"""The users table and a person's status: created at /start, waiting for a typed answer,
blocked and back, and what onboarding writes (consent, the health check, the zone)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Schedule, User
from bot.onboarding.store import (
    answer_condition,
    consent,
    finish_screening,
    set_zone,
    tick_condition,
)
from bot.presence.store import mark_active, mark_inactive, restore_schedules
from bot.scheduling.kinds import Kind
from bot.scheduling.store import save_schedule
from bot.users import (
    clear_awaiting,
    count_users_and_schedules,
    get_user,
    record_user,
    set_awaiting,
)
from bot.vocab import Awaiting, Condition, UserStatus
from tests.conftest import onboarded_user

NOW = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)  # 20:00 in Berlin


async def test_start_records_a_person_once_and_refreshes_them(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        user, created = await record_user(session, user_id=5, chat_id=50, language="de", now=NOW)
        assert created
        assert (user.status, user.created_at, user.language) == (UserStatus.ACTIVE, NOW, "de")
    later = NOW + timedelta(days=3)
    async with sessions.begin() as session:
        user, created = await record_user(session, user_id=5, chat_id=51, language=None, now=later)
        assert not created
    async with sessions() as session:
        user = await get_user(session, 5)
        assert user is not None
        assert (user.chat_id, user.language, user.created_at, user.last_seen_at) == (
            51,
            "de",
            NOW,
            later,
        )
        assert await get_user(session, 6) is None


async def test_waiting_for_a_typed_answer_and_cancelling_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        session.add(onboarded_user(5, NOW))
    async with sessions.begin() as session:
        assert not await clear_awaiting(session, 5)
        await set_awaiting(session, 5, Awaiting.WEEKEND_TIME)
    async with sessions.begin() as session:
        assert (await get_user(session, 5)).awaiting == "weekend_time"  # type: ignore[union-attr]
        assert await clear_awaiting(session, 5)
        assert not await clear_awaiting(session, 6)  # nobody


async def test_blocking_stops_the_schedules_and_coming_back_restores_them(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        user = onboarded_user(5, NOW)
        session.add_all([user, onboarded_user(6, NOW)])
        await session.flush()
        await save_schedule(session, user, Kind.EVENING, NOW, at=time(21, 30))
    async with sessions.begin() as session:
        assert await mark_inactive(session, 5) == [5]
        assert await mark_inactive(session, 5) == []  # already
    async with sessions.begin() as session:
        schedule = await session.scalar(select(Schedule))
        assert schedule is not None
        assert schedule.next_fire_at is None
        assert await count_users_and_schedules(session) == (2, 1)
    async with sessions.begin() as session:
        assert await mark_active(session, 5, NOW)
        assert not await mark_active(session, 6, NOW)  # was not away
        await restore_schedules(session, 5, NOW)
    async with sessions() as session:
        schedule = await session.scalar(select(Schedule))
        user = await session.get(User, 5)
    assert schedule is not None
    assert schedule.next_fire_at == datetime(2026, 7, 1, 19, 30, tzinfo=UTC)
    assert user is not None
    assert user.status == UserStatus.ACTIVE


async def test_onboarding_writes_consent_the_health_check_and_the_zone(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        user, _ = await record_user(session, user_id=5, chat_id=5, language=None, now=NOW)
        await consent(session, user, NOW)
        await consent(session, user, NOW + timedelta(hours=1))  # the first one counts
        assert await tick_condition(session, user, Condition.GLAUCOMA) == ["glaucoma"]
        assert await tick_condition(session, user, Condition.HEART) == ["glaucoma", "heart"]
        assert await tick_condition(session, user, Condition.GLAUCOMA) == ["heart"]
        await finish_screening(session, user, ["heart"], NOW)
        await set_awaiting(session, 5, Awaiting.ZONE)
        await set_zone(session, user, "Asia/Kolkata", NOW, morning_at=time(8, 0))
    async with sessions() as session:
        user = await session.get(User, 5)
        morning = await session.scalar(select(Schedule).where(Schedule.kind == Kind.MORNING))
    assert user is not None
    assert (user.consented_at, user.screening, user.screened_at) == (NOW, ["heart"], NOW)
    assert user.screening_asked == [str(c) for c in Condition]  # every question asked
    assert (user.timezone, user.awaiting) == ("Asia/Kolkata", None)
    assert morning is not None
    assert morning.next_fire_at == datetime(2026, 7, 2, 2, 30, tzinfo=UTC)  # 08:00 in Kolkata


async def test_a_skipped_health_check_is_answered_with_nothing(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        user = onboarded_user(5, NOW, screening=None, screened_at=None)
        session.add(user)
        await session.flush()
        await finish_screening(session, user, None, NOW)
    async with sessions() as session:
        user = await session.get(User, 5)
    assert user is not None
    assert (user.screening, user.screened_at, user.screening_asked) == (None, NOW, None)


async def test_a_question_added_since_the_check_is_answered_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    before = ["glaucoma", "heart", "blood-pressure", "pregnancy", "hip-back"]
    async with sessions.begin() as session:
        session.add(onboarded_user(5, NOW, screening=["heart"], screening_asked=before))
        session.add(onboarded_user(6, NOW, screening=[], screening_asked=before))
    async with sessions.begin() as session:
        yes, no = await session.get(User, 5), await session.get(User, 6)
        assert yes is not None
        assert no is not None
        await answer_condition(session, yes, Condition.SWELLING, True)
        await answer_condition(session, yes, Condition.SWELLING, True)  # a second tap: no twin
        await answer_condition(session, no, Condition.SWELLING, False)
    async with sessions() as session:
        yes, no = await session.get(User, 5), await session.get(User, 6)
    assert yes is not None
    assert no is not None
    assert (yes.screening, yes.screening_asked) == (["heart", "swelling"], [*before, "swelling"])
    assert (no.screening, no.screening_asked) == ([], [*before, "swelling"])

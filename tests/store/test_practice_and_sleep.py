"""Sessions, sleep ratings and what became of reminders, as the rooms store them, and the
weekly summary's and /stats' queries over them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.admin.store import week_counts
from bot.faq.store import frequent_misses, record_miss
from bot.models import PracticeSession, ReminderEvent, User
from bot.reminders.store import record_events
from bot.sleep.store import get_rating, rated_among, save_detail, save_rating
from bot.summary.store import practised_nights, ratings_between, sessions_between
from bot.vocab import BreathPattern, ReminderEventKind, SessionOutcome, Variant
from bot.winddown.store import (
    finish_session,
    interrupt_orphaned,
    rate_session,
    record_session,
    remember_choice,
    start_session,
)
from tests.conftest import onboarded_user

NOW = datetime(2026, 7, 1, 19, 30, tzinfo=UTC)  # 21:30 in Berlin
NIGHT = date(2026, 7, 1)


async def _person(sessions: async_sessionmaker[AsyncSession], user_id: int = 5) -> None:
    async with sessions.begin() as session:
        session.add(onboarded_user(user_id, NOW))


async def _start(session: AsyncSession, user_id: int = 5, night: date = NIGHT) -> int:
    return await start_session(
        session,
        user_id=user_id,
        night=night,
        now=NOW,
        planned_seconds=600,
        pattern=BreathPattern.EXHALE_4_6,
        variant=Variant.INVERSION,
    )


async def test_a_session_is_finished_once_and_rated_by_its_owner(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _person(sessions)
    await _person(sessions, 6)
    async with sessions.begin() as session:
        session_id = await _start(session)
    async with sessions.begin() as session:
        later = NOW + timedelta(minutes=10)
        await finish_session(session, session_id, SessionOutcome.COMPLETED, later)
        await finish_session(session, session_id, SessionOutcome.STOPPED, later)  # too late
        assert not await rate_session(session, session_id, 6, 5)  # not theirs
        assert await rate_session(session, session_id, 5, 4)
    async with sessions() as session:
        row = await session.get(PracticeSession, session_id)
    assert row is not None
    assert (row.outcome, row.actual_seconds, row.checkout_rating) == ("completed", 600, 4)


async def test_sessions_left_running_are_closed_as_interrupted(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _person(sessions)
    async with sessions.begin() as session:
        running = await _start(session)
        done = await _start(session)
        await finish_session(session, done, SessionOutcome.STOPPED, NOW)
    async with sessions.begin() as session:
        assert await interrupt_orphaned(session, NOW + timedelta(minutes=3)) == [(5, 5)]
    async with sessions() as session:
        row = await session.get(PracticeSession, running)
    assert row is not None
    assert (row.outcome, row.actual_seconds) == ("interrupted", 180)


async def test_the_chosen_length_and_pattern_are_remembered(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _person(sessions)
    async with sessions.begin() as session:
        user = await session.get(User, 5)
        assert user is not None
        await remember_choice(session, user, seconds=900)
        await remember_choice(session, user, pattern=BreathPattern.COHERENT)
    async with sessions() as session:
        user = await session.get(User, 5)
    assert user is not None
    assert (user.session_seconds, user.breath_pattern) == (900, "coherent")


async def test_a_rating_replaces_the_last_and_keeps_its_follow_ups_apart(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _person(sessions)
    async with sessions.begin() as session:
        assert await save_rating(session, 5, NIGHT, 3, NOW) is None
        assert await save_rating(session, 5, NIGHT, 4, NOW) == 3
        assert await save_detail(session, 5, NIGHT, "latency", "15-30")
        assert await save_detail(session, 5, NIGHT, "wake", "3+")
        assert not await save_detail(session, 5, NIGHT - timedelta(days=1), "wake", "1")
    async with sessions() as session:
        rating = await get_rating(session, 5, NIGHT)
        rated = await rated_among(session, [(5, NIGHT), (5, NIGHT - timedelta(days=1)), (6, NIGHT)])
    assert rating is not None
    assert (rating.rating, rating.sleep_latency, rating.awakenings) == (4, "15-30", "3+")
    assert rated == {(5, NIGHT)}


async def test_what_became_of_reminders_is_kept_by_night(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _person(sessions)
    async with sessions.begin() as session:
        await record_events(session, ReminderEventKind.SNOOZED, [(5, NIGHT)], NOW)
        await record_events(session, ReminderEventKind.MISSED, [], NOW)  # nothing to keep
    async with sessions() as session:
        events = [(e.kind, e.night) for e in await session.scalars(select(ReminderEvent))]
    assert events == [("snoozed", NIGHT)]


async def test_the_summary_reads_the_week_and_every_night_practised(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _person(sessions)
    async with sessions.begin() as session:
        for back, outcome, seconds in (
            (1, SessionOutcome.COMPLETED, 600),
            (2, SessionOutcome.STOPPED, 30),  # too short to count
            (3, SessionOutcome.STOPPED, 400),
            (30, SessionOutcome.COMPLETED, 600),
        ):
            session_id = await _start(session, night=NIGHT - timedelta(days=back))
            end = NOW + timedelta(seconds=seconds)
            await finish_session(session, session_id, outcome, end)
        await save_rating(session, 5, NIGHT - timedelta(days=1), 5, NOW)
        await save_rating(session, 5, NIGHT - timedelta(days=9), 2, NOW)
    first, last = NIGHT - timedelta(days=7), NIGHT - timedelta(days=1)
    async with sessions() as session:
        ratings = await ratings_between(session, 5, first, last)
        facts = await sessions_between(session, 5, first, last, "Europe/Berlin")
        nights = sorted(await practised_nights(session, 5))
    assert ratings == {NIGHT - timedelta(days=1): 5}
    assert sorted((f.night, f.completed, f.seconds) for f in facts) == [
        (NIGHT - timedelta(days=3), False, 400),
        (NIGHT - timedelta(days=1), True, 600),
    ]
    assert {f.started_local for f in facts} == {time(21, 30)}
    assert nights == [NIGHT - timedelta(days=d) for d in (30, 3, 1)]


async def test_a_session_from_the_pacer_page_is_recorded_whole_and_summed_up(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _person(sessions)
    async with sessions.begin() as session:
        session_id, new = await record_session(
            session,
            user_id=5,
            night=NIGHT,
            started_at=NOW,
            ended_at=NOW + timedelta(seconds=601),
            planned_seconds=600,
            pattern=BreathPattern.FOUR_SEVEN_EIGHT,
            variant=Variant.LOW_LEGS,
            outcome=SessionOutcome.COMPLETED,
            page_key="page-session-1",
        )
    assert new
    async with sessions() as session:
        row = await session.get(PracticeSession, session_id)
        facts = await sessions_between(session, 5, NIGHT, NIGHT, "Europe/Berlin")
    assert row is not None
    assert (row.night, row.outcome, row.actual_seconds) == (NIGHT, "completed", 601)
    assert (row.breath_pattern, row.variant, row.planned_seconds) == ("4-7-8", "low-legs", 600)
    assert [(f.night, f.completed, f.seconds) for f in facts] == [(NIGHT, True, 601)]


async def test_stats_count_the_last_seven_days(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _person(sessions)
    async with sessions.begin() as session:
        session.add(onboarded_user(6, NOW, last_seen_at=NOW - timedelta(days=8)))
        await _start(session)
        await save_rating(session, 5, NIGHT, 4, NOW)
        await save_rating(session, 6, NIGHT, 1, NOW - timedelta(days=10))
        await record_miss(session, "Can I do it on a trampoline?", NOW)
    async with sessions() as session:
        counts = await week_counts(session, NOW + timedelta(hours=1))
    assert (counts.users, counts.active, counts.sessions) == (2, 1, 1)
    assert (counts.average_rating, counts.unanswered) == (4.0, 1)


async def test_unanswered_questions_are_kept_without_who_asked_most_asked_first(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        for question in ("Is it OK  on a plane?", "is it ok on a plane?", "Wall colour?", " "):
            await record_miss(session, question, NOW)
        await record_miss(session, "An old one", NOW - timedelta(days=40))
    async with sessions() as session:
        recent = await frequent_misses(session, NOW - timedelta(days=30), 10)
        everything = await frequent_misses(session, None, 1)
    assert recent == [("is it ok on a plane?", 2), ("wall colour?", 1)]
    assert everything == [("is it ok on a plane?", 2)]

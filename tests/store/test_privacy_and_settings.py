"""Everything about one person, read out and removed; and what their settings are made
of."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Base
from bot.privacy.store import collect, delete_everything
from bot.reminders.store import record_events
from bot.scheduling.kinds import Kind
from bot.scheduling.rule import WEEKDAYS, Rule
from bot.scheduling.store import save_schedule
from bot.settings.store import settings_of
from bot.sleep.store import save_rating
from bot.vocab import ReminderEventKind
from tests.conftest import onboarded_user

NOW = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
NIGHT = date(2026, 6, 30)


async def _seed(sessions: async_sessionmaker[AsyncSession], user_id: int) -> None:
    async with sessions.begin() as session:
        user = onboarded_user(user_id, NOW, screening=["swelling"])
        session.add(user)
        await session.flush()
        await save_schedule(session, user, Kind.EVENING, NOW, at=time(21, 30))
        await save_rating(session, user_id, NIGHT, 3, NOW)
        await record_events(session, ReminderEventKind.SKIPPED, [(user_id, NIGHT)], NOW)


async def _rows(session: AsyncSession) -> dict[str, int]:
    counts = {}
    for table in Base.metadata.sorted_tables:
        counts[table.name] = await session.scalar(select(func.count()).select_from(table)) or 0
    return counts


async def test_collect_reads_every_row_of_one_person(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(sessions, 5)
    await _seed(sessions, 6)
    async with sessions() as session:
        data = await collect(session, 5)
        assert await collect(session, 7) is None
    assert data is not None
    assert data["profile"]["id"] == 5
    assert data["profile"]["screening"] == ["swelling"]
    assert [s["kind"] for s in data["schedules"]] == ["evening"]
    assert [(r["night"], r["rating"]) for r in data["sleep_ratings"]] == [("2026-06-30", 3)]
    assert [e["kind"] for e in data["reminder_events"]] == ["skipped"]
    assert data["practice_sessions"] == []


async def test_delete_removes_one_person_and_nobody_else(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(sessions, 5)
    await _seed(sessions, 6)
    async with sessions.begin() as session:
        assert await delete_everything(session, 5)
        assert not await delete_everything(session, 7)
    async with sessions() as session:
        rows = await _rows(session)
        assert await collect(session, 6) is not None
    assert rows == {
        "users": 1,
        "schedules": 1,
        "reminder_events": 1,
        "practice_sessions": 0,
        "sleep_ratings": 1,
        "faq_misses": 0,
        "outbox": 0,
        "workers": 0,
        "media_files": 0,  # the audio guide's file_ids: nobody's data
    }


async def test_the_settings_say_what_is_on(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        user = onboarded_user(5, NOW, screened_at=None, screening=None)
        session.add(user)
        await session.flush()
        await save_schedule(session, user, Kind.EVENING, NOW, at=time(22, 0), weekdays=WEEKDAYS)
        await save_schedule(session, user, Kind.MORNING, NOW, at=time(7, 0), enabled=False)
        settings = await settings_of(session, user)
    assert settings.zone == "Europe/Berlin"
    assert settings.evening == Rule(time(22, 0), WEEKDAYS)
    assert settings.morning is None  # off
    assert (settings.screening, settings.screened) == (None, False)

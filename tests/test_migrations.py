"""Alembic owns the schema: the migrations must build exactly what the models describe,
on SQLite and on PostgreSQL, and come back down cleanly."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, insert, inspect, select
from sqlalchemy.pool import NullPool

from bot.db import make_engine, make_sessionmaker
from bot.migrate import downgrade, is_current, upgrade
from bot.models import Base, MediaFile, OutboxMessage, PracticeSession, Schedule, User
from bot.scheduling.store import fill_missing
from bot.winddown.store import interrupt_orphaned

ROOT = Path(__file__).resolve().parents[1]


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_upgrade_matches_the_models_and_downgrade_removes_everything(
    empty_database_url: str,
) -> None:
    assert not await is_current(empty_database_url)

    await upgrade(empty_database_url)

    assert await is_current(empty_database_url)
    engine = make_engine(empty_database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
            assert await connection.run_sync(_tables) == {
                *Base.metadata.tables,
                "alembic_version",
            }

        await downgrade(empty_database_url)

        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == {"alembic_version"}
    finally:
        await engine.dispose()
    assert not await is_current(empty_database_url)


async def test_upgrade_twice_is_harmless(empty_database_url: str) -> None:
    await upgrade(empty_database_url)
    await upgrade(empty_database_url)
    assert await is_current(empty_database_url)


async def test_users_from_before_the_morning_question_get_one_at_the_next_start(
    empty_database_url: str,
) -> None:
    """0003 adds a morning schedule at 08:00 for everyone with a zone; the bot's start
    (fill_missing) then works out when it is next due in their zone."""
    await upgrade(empty_database_url, "0002")
    now = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)  # 20:00 in Berlin
    engine = make_engine(empty_database_url, poolclass=NullPool)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions.begin() as session:
            # Rows as the schema of 0002 has them (the models have grown since).
            for user_id, zone in ((1, "Europe/Berlin"), (2, None), (3, "Asia/Kolkata")):
                await session.execute(
                    insert(User.__table__).values(
                        id=user_id,
                        chat_id=user_id,
                        timezone=zone,
                        created_at=now,
                        last_seen_at=now,
                        status="active",
                    )
                )
            # User 3 already chose a morning time: it stays theirs.
            await session.execute(
                insert(Schedule.__table__).values(
                    user_id=3, kind="morning", local_time=time(6, 45), weekdays=127, enabled=True
                )
            )
        await upgrade(empty_database_url)
        async with sessions.begin() as session:
            assert await fill_missing(session, now) == 2
        async with sessions.begin() as session:
            rows = {
                s.user_id: (s.local_time, s.next_fire_at)
                for s in await session.scalars(select(Schedule).where(Schedule.kind == "morning"))
            }
    finally:
        await engine.dispose()
    assert rows == {
        1: (time(8, 0), datetime(2026, 7, 2, 6, 0, tzinfo=UTC)),  # 08:00 tomorrow, Berlin
        3: (time(6, 45), datetime(2026, 7, 2, 1, 15, tzinfo=UTC)),  # 06:45 tomorrow, Kolkata
    }


async def test_the_alembic_command_line_needs_no_token(
    empty_database_url: str, tmp_path: Path
) -> None:
    """`alembic upgrade head` reads the bot's settings for the database only."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "WINDDOWN_DATABASE__URL": empty_database_url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "alembic",
        "-c",
        str(ROOT / "alembic.ini"),
        "upgrade",
        "head",
        cwd=tmp_path,  # no config.toml here
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert await is_current(empty_database_url)


async def test_every_later_migration_keeps_the_rows_that_refer_to_a_user(
    empty_database_url: str,
) -> None:
    """On SQLite a migration that changes a constraint rebuilds the table; with foreign
    keys enforced, dropping the old users table would cascade to everything that refers
    to it. Migrations run with them off, so a person's schedules and sessions survive."""
    await upgrade(empty_database_url, "0003")
    now = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
    engine = make_engine(empty_database_url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(User.__table__).values(
                    id=1, chat_id=1, status="active", created_at=now, last_seen_at=now
                )
            )
            await connection.execute(
                insert(Schedule.__table__).values(
                    user_id=1, kind="evening", local_time=time(21, 30), weekdays=127, enabled=True
                )
            )
        await upgrade(empty_database_url)
        async with engine.connect() as connection:
            schedules = (await connection.execute(select(Schedule.__table__.c.user_id))).all()
            users = (await connection.execute(select(User.__table__.c.id))).all()
        assert (users, schedules) == ([(1,)], [(1,)])
    finally:
        await engine.dispose()


async def test_people_screened_before_the_swelling_question_are_asked_it_once(
    empty_database_url: str,
) -> None:
    """0006 records which health questions each answered check asked: the five older ones,
    or all six where swelling was ticked; a skipped check stays unanswered."""
    await upgrade(empty_database_url, "0003")
    now = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
    engine = make_engine(empty_database_url, poolclass=NullPool)
    before = ["glaucoma", "heart", "blood-pressure", "pregnancy", "hip-back"]
    try:
        async with engine.begin() as connection:
            # Rows as the schema of 0003 has them.
            for user_id, screening in ((1, []), (2, ["heart"]), (3, ["swelling"]), (4, None)):
                await connection.execute(
                    insert(User.__table__).values(
                        id=user_id,
                        chat_id=user_id,
                        status="active",
                        screening=screening,
                        screened_at=now,
                        created_at=now,
                        last_seen_at=now,
                    )
                )
        await upgrade(empty_database_url)
        sessions = make_sessionmaker(engine)
        async with sessions() as session:
            asked = {
                user.id: user.screening_asked
                for user in await session.scalars(select(User).order_by(User.id))
            }
    finally:
        await engine.dispose()
    assert asked == {1: before, 2: before, 3: [*before, "swelling"], 4: None}


async def test_sessions_running_before_the_outbox_belong_to_no_worker(
    empty_database_url: str,
) -> None:
    """0004 adds an owner to practice sessions: one that was running before has none, so
    the first worker to start closes it and tells the person (as before)."""
    await upgrade(empty_database_url, "0003")
    now = datetime(2026, 7, 1, 19, 40, tzinfo=UTC)
    engine = make_engine(empty_database_url, poolclass=NullPool)
    sessions = make_sessionmaker(engine)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(User.__table__).values(
                    id=1, chat_id=11, status="active", created_at=now, last_seen_at=now
                )
            )
            await connection.execute(
                insert(PracticeSession.__table__).values(
                    user_id=1,
                    night=now.date(),
                    started_at=now,
                    planned_seconds=600,
                    breath_pattern="exhale-4-6",
                    variant="inversion",
                    outcome="running",
                )
            )
        await upgrade(empty_database_url)
        async with sessions.begin() as session:
            assert await interrupt_orphaned(session, now + timedelta(minutes=2)) == [(1, 11)]
            outbox = (await session.execute(select(OutboxMessage.__table__))).all()
        assert outbox == []
    finally:
        await engine.dispose()


async def test_0005_adds_the_guide_unchosen_and_keeps_uploaded_files_by_key(
    empty_database_url: str,
) -> None:
    """People from before the audio guide have none chosen (the configured default
    applies); the uploaded files' table starts empty and takes a file_id per key."""
    await upgrade(empty_database_url, "0003")
    now = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
    engine = make_engine(empty_database_url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(User.__table__).values(
                    id=1,
                    chat_id=1,
                    status="active",
                    session_seconds=900,
                    breath_pattern="4-7-8",
                    created_at=now,
                    last_seen_at=now,
                )
            )
        await upgrade(empty_database_url, "0005")
        async with engine.begin() as connection:
            user = (
                await connection.execute(
                    select(User.__table__.c.session_seconds, User.__table__.c.guide)
                )
            ).one()
            await connection.execute(
                insert(MediaFile.__table__).values(
                    key="audio:4-7-8:900:60:v1", file_id="AwACAg", uploaded_at=now
                )
            )
            files = (await connection.execute(select(MediaFile.__table__.c.file_id))).all()
        assert tuple(user) == (900, None)
        assert files == [("AwACAg",)]
        await downgrade(empty_database_url, "0003")
        async with engine.connect() as connection:
            assert "media_files" not in await connection.run_sync(_tables)
            assert (await connection.execute(select(User.__table__.c.id))).all() == [(1,)]
    finally:
        await engine.dispose()

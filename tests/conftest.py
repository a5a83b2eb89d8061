"""Shared fixtures: a migrated database per test, the fake Bot API, the real application
running against it, and a session factory for store tests.

Databases: every test that takes one runs on SQLite, and on PostgreSQL too when
TEST_DATABASE_URL is set, except end-to-end tests, which run on SQLite unless marked
`postgres` (the store tests cover each room's SQL on both; a few whole flows check the
rest). A module pins the bot's clock by overriding the `clock` fixture, and its
settings by overriding `bot_sections`."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import BotApplication, build_application, running
from bot.clock import Clock, ManualTimer, SystemClock
from bot.config import (
    DatabaseSettings,
    DeliverySettings,
    RemindersSettings,
    Settings,
    TelegramSettings,
)
from bot.db import make_engine, make_sessionmaker
from bot.devtools.fake_bot_api import FakeBotApi
from bot.devtools.simulated_user import SimulatedUser
from bot.migrate import upgrade
from bot.models import User
from bot.vocab import Condition

TOKEN = "123456789:TEST-token-for-the-fake-bot-api-only"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if TEST_DATABASE_URL else ["sqlite"]
_database_numbers = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    """Before the xdist workers start, embed the banks and train the safety screen once, so
    each worker reads the cache instead of doing the same minute of work at the same time."""
    if not hasattr(config, "workerinput"):
        from bot.understanding.meaning import default_meaning

        default_meaning()


def _postgres_url(database: str) -> str:
    assert TEST_DATABASE_URL
    url = make_url(DatabaseSettings(url=TEST_DATABASE_URL).url)
    return url.set(database=database).render_as_string(hide_password=False)


async def _postgres_admin(sql: str) -> None:
    url = make_url(_postgres_url("postgres")).set(drivername="postgresql")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    asyncio.run(upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    name = f"winddown_template_{os.getpid()}"
    asyncio.run(_postgres_admin(f"DROP DATABASE IF EXISTS {name}"))
    asyncio.run(_postgres_admin(f"CREATE DATABASE {name}"))
    asyncio.run(upgrade(_postgres_url(name)))
    yield name
    asyncio.run(_postgres_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The databases a test runs on (see the module's docstring)."""
    if "backend" not in metafunc.fixturenames:
        return
    end_to_end = metafunc.definition.get_closest_marker("e2e") is not None
    everywhere = not end_to_end or metafunc.definition.get_closest_marker("postgres") is not None
    metafunc.parametrize("backend", BACKENDS if everywhere else ["sqlite"])


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at the newest schema, of its own for this test."""
    if backend == "sqlite":
        path = tmp_path / "bot.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"winddown_test_{os.getpid()}_{next(_database_numbers)}"
    asyncio.run(_postgres_admin(f"CREATE DATABASE {name} TEMPLATE {template}"))
    yield _postgres_url(name)
    asyncio.run(_postgres_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"winddown_empty_{os.getpid()}_{next(_database_numbers)}"
    asyncio.run(_postgres_admin(f"CREATE DATABASE {name}"))
    yield _postgres_url(name)
    asyncio.run(_postgres_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a database of this test's own, for store tests."""
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = await FakeBotApi().start()
    yield api
    await api.stop()


def make_settings(
    api: FakeBotApi, database_url: str, *, mode: str = "polling", **sections: Any
) -> Settings:
    return Settings(
        telegram=TelegramSettings(
            token=TOKEN, api_base_url=api.base_url, file_base_url=api.file_base_url, mode=mode
        ),
        database=DatabaseSettings(url=database_url, auto_migrate=False),
        **sections,
    )


def onboarded_user(user_id: int, now: datetime, **fields: Any) -> User:
    """A user as onboarding leaves them: consented, nothing ticked in the health check,
    in Berlin, active; `fields` change any of that (timezone, screening, created_at …)."""
    values: dict[str, Any] = {
        "id": user_id,
        "chat_id": user_id,
        "timezone": "Europe/Berlin",
        "status": "active",
        "consented_at": now,
        "screening": [],
        "screened_at": now,
        "screening_asked": [str(c) for c in Condition],
        "created_at": now,
        "last_seen_at": now,
    }
    return User(**(values | fields))


@dataclass
class Harness:
    """The running bot, the fake Telegram it talks to, and a way to make users."""

    api: FakeBotApi
    app: BotApplication
    settings: Settings

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        assert self.app.bot_data.sessions is not None
        return self.app.bot_data.sessions

    def user(self, user_id: int = 1001, first_name: str = "Sam", **kwargs: Any) -> SimulatedUser:
        return SimulatedUser(self.api, user_id, first_name, **kwargs)

    def session_timer(self) -> ManualTimer:
        """The guided sessions' time, moved by the test (`advance`) from now on, instead
        of waited for."""
        runner = self.app.bot_data.runner
        assert runner is not None
        runner.timer = ManualTimer()
        return runner.timer

    async def tick(self) -> None:
        """Run every scheduled job once, now, as its schedule would, and wait until what
        it handed to delivery has been sent: after this, that tick has nothing more to
        send, so a test can say at once that nothing came."""
        assert self.app.job_queue is not None
        for job in self.app.job_queue.jobs():
            await job.run(self.app)
        await self.app.bot_data.drain()


@asynccontextmanager
async def run_bot(
    api: FakeBotApi,
    database_url: str,
    clock: Clock | None = None,
    *,
    scheduled: bool = False,
    mode: str = "polling",
    **sections: Any,
) -> AsyncIterator[Harness]:
    """The bot against `api`. Its scheduled jobs run only when the test calls
    `Harness.tick()`, unless `scheduled`: then they run on their own, at start and every
    `reminders.tick_seconds`, as in production. `mode`: telegram.mode (a second worker
    beside the first is "send-only")."""
    sections.setdefault("reminders", RemindersSettings(tick_seconds=0.3))
    # The fake server enforces no flood limits unless a test asks for them, so the bot
    # need not pace the messages to one chat either.
    sections.setdefault("delivery", DeliverySettings(per_chat_per_second=0))
    settings = make_settings(api, database_url, mode=mode, **sections)
    app = build_application(settings, clock=clock)
    assert app.job_queue is not None
    for job in app.job_queue.jobs() if not scheduled else ():
        job.enabled = False
    async with running(app, poll_timeout=1):
        yield Harness(api, app, settings)


@pytest.fixture
def clock() -> Clock:
    """The bot's clock: the system's, unless a module pins one (a ManualClock)."""
    return SystemClock()


@pytest.fixture
def bot_sections() -> dict[str, Any]:
    """Settings sections for the `bot` fixture, beyond run_bot's own (a module may set
    its own, like a short guided session)."""
    return {}


@pytest.fixture
async def bot(
    fake_api: FakeBotApi, database_url: str, clock: Clock, bot_sections: dict[str, Any]
) -> AsyncIterator[Harness]:
    async with run_bot(fake_api, database_url, clock=clock, **bot_sections) as harness:
        yield harness

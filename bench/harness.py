"""What the benchmarks share: the fake Bot API in a process of its own (so its work does
not steal the bot's event loop), a migrated scratch database, the real application, and
percentiles."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from sqlalchemy.engine import make_url

from bot.app import BotApplication, build_application, running
from bot.config import DatabaseSettings, DeliverySettings, Settings, TelegramSettings
from bot.migrate import upgrade

TOKEN = "123456789:BENCH-token-for-the-fake-bot-api-only"


@dataclass
class Call:
    method: str
    chat_id: int | None
    at: float  # time.monotonic() at the fake server
    status: int
    text: str | None


class FakeServer:
    """`python -m bot.devtools.fake_bot_api` in a child process, driven over HTTP."""

    def __init__(self, per_chat: float | None, overall: float | None) -> None:
        self.args = [sys.executable, "-m", "bot.devtools.fake_bot_api"]
        if per_chat:
            self.args += ["--per-chat", str(per_chat)]
        if overall:
            self.args += ["--overall", str(overall)]
        self.process: asyncio.subprocess.Process | None = None
        self.port = 0
        self.client: aiohttp.ClientSession | None = None
        self.last_mark = 0

    async def __aenter__(self) -> FakeServer:
        self.process = await asyncio.create_subprocess_exec(
            *self.args, stdout=asyncio.subprocess.PIPE
        )
        assert self.process.stdout is not None
        self.port = int(await self.process.stdout.readline())
        self.client = aiohttp.ClientSession(base_url=f"http://127.0.0.1:{self.port}")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.client is not None:
            await self.client.close()
        if self.process is not None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), 10)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def push(self, kind: str, payload: dict[str, Any]) -> float:
        """Deliver an update to the bot; returns the server's monotonic time of it."""
        assert self.client is not None
        async with self.client.post(
            "/_control/update", json={"kind": kind, "payload": payload}
        ) as response:
            return float((await response.json())["at"])

    async def calls(self, polls: bool = False, since: int = 0) -> list[Call]:
        """Calls the server recorded (getUpdates only with polls=True). `since` is a
        mark from `mark()`: only calls after it come back."""
        assert self.client is not None
        query = {"polls": int(polls), "since": since}
        async with self.client.get("/_control/calls", params=query) as response:
            body = await response.json()
        self.last_mark = int(body["next"])
        return [Call(*row) for row in body["calls"]]

    async def mark(self) -> int:
        """A point in the server's record to read on from."""
        await self.calls(since=1 << 62)
        return self.last_mark


def settings_for(server: FakeServer, database_url: str, delivery: DeliverySettings) -> Settings:
    return Settings(
        telegram=TelegramSettings(
            token=TOKEN, api_base_url=server.base_url, file_base_url=server.file_base_url
        ),
        database=DatabaseSettings(url=database_url, auto_migrate=False),
        delivery=delivery,
    )


@contextlib.asynccontextmanager
async def scratch_sqlite() -> AsyncIterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        await upgrade(url)
        yield url


@contextlib.asynccontextmanager
async def scratch_database(kind: str, postgres: str | None) -> AsyncIterator[str]:
    """An empty database of its own: a temporary SQLite file, or a database created (and
    dropped afterwards) on the PostgreSQL server at `postgres`."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    assert postgres is not None
    base = make_url(DatabaseSettings(url=postgres).url)
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(False)
    name = f"winddown_bench_{os.getpid()}"
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute(f"CREATE DATABASE {name}")
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        await connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await connection.close()


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, **kwargs: Any) -> AsyncIterator[BotApplication]:
    app = build_application(settings, **kwargs)
    async with running(app, poll_timeout=1):
        yield app


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(p * 10) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"

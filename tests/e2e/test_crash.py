"""A bot process killed with SIGKILL in the middle of a burst of evening reminders, as a
crash or an out-of-memory kill would: `python -m bot run` against the fake Bot API with
Telegram's limits on, a few hundred users due at once. After a restart (or with a second
worker carrying on), nothing is lost, and the only doubles are calls that were in flight
at the kill (rows left `attempting`)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from bot.db import make_engine
from bot.devtools.fake_bot_api import FakeBotApi, Limits
from bot.models import OutboxMessage, Schedule, User, Worker
from bot.vocab import OutboxState
from tests.conftest import TEST_DATABASE_URL, TOKEN

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]

USERS = 300
# Telegram's per-chat limit, and an overall one above Telegram's 30/s so the burst takes
# seconds, not minutes; the bot is told the same budget.
LIMITS = Limits(per_chat_per_second=1.0, overall_per_second=60.0)


async def seed(database_url: str, users: int, due: datetime) -> None:
    """`users` people in Berlin whose evening reminder fell due at `due`."""
    engine = make_engine(database_url)
    created = due - timedelta(days=30)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(User),
                [
                    {
                        "id": i,
                        "chat_id": i,
                        "timezone": "Europe/Berlin",
                        "status": "active",
                        "created_at": created,
                        "last_seen_at": created,
                    }
                    for i in range(1, users + 1)
                ],
            )
            await connection.execute(
                insert(Schedule),
                [
                    {
                        "user_id": i,
                        "kind": "evening",
                        "local_time": clock_time(21, 30),
                        "weekdays": 0b1111111,
                        "enabled": True,
                        "next_fire_at": due,
                    }
                    for i in range(1, users + 1)
                ],
            )
    finally:
        await engine.dispose()


async def workers_alive(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.scalar(select(func.count()).select_from(Worker)) or 0
    finally:
        await engine.dispose()


async def outbox_states(database_url: str) -> dict[str, int]:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
            )
            return {state: count for state, count in rows.all()}
    finally:
        await engine.dispose()


async def owners_of_sent(database_url: str) -> Counter[str]:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(OutboxMessage.owner).where(OutboxMessage.state == OutboxState.SENT)
            )
            return Counter(owner for (owner,) in rows.all())
    finally:
        await engine.dispose()


async def owners_of_unsent(database_url: str) -> Counter[str]:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(OutboxMessage.owner).where(OutboxMessage.state != OutboxState.SENT)
            )
            return Counter(owner for (owner,) in rows.all())
    finally:
        await engine.dispose()


@asynccontextmanager
async def bot_process(
    api: FakeBotApi, database_url: str, log: Path, **settings: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`python -m bot run`, its log in `log`; killed (if still running) on the way out."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "WINDDOWN_TELEGRAM__API_BASE_URL": api.base_url,
        "WINDDOWN_TELEGRAM__FILE_BASE_URL": api.file_base_url,
        "WINDDOWN_DATABASE__URL": database_url,
        "WINDDOWN_DATABASE__AUTO_MIGRATE": "false",
        "WINDDOWN_DELIVERY__OVERALL_PER_SECOND": str(LIMITS.overall_per_second),
        "WINDDOWN_REMINDERS__TICK_SECONDS": "1",
        "WINDDOWN_REMINDERS__LEASE_SECONDS": "3",
        **{f"WINDDOWN_{key.upper()}": value for key, value in settings.items()},
    }
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=log.parent, env=env, stderr=out
        )
        try:
            yield process
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


def delivered(api: FakeBotApi) -> Counter[int]:
    """Messages that reached each chat: reminders (these people never wrote)."""
    return Counter(m.chat_id for m in api.sent)


async def until(condition: object, timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


async def kill(process: asyncio.subprocess.Process) -> None:
    process.send_signal(signal.SIGKILL)
    await process.wait()


async def test_a_bot_killed_mid_burst_loses_nothing_and_doubles_only_what_was_in_flight(
    database_url: str, tmp_path: Path
) -> None:
    api = await FakeBotApi(limits=LIMITS, token=TOKEN).start()
    try:
        await seed(database_url, USERS, datetime.now(UTC) - timedelta(seconds=30))
        async with bot_process(api, database_url, tmp_path / "first.log") as first:
            await until(lambda: len(delivered(api)) >= USERS * 0.4, 60)
            await kill(first)
        at_kill = len(delivered(api))
        in_flight = (await outbox_states(database_url)).get(OutboxState.ATTEMPTING, 0)
        assert at_kill < USERS, "the kill came after the burst"

        async with bot_process(api, database_url, tmp_path / "second.log") as second:
            await until(lambda: len(delivered(api)) == USERS, 60)
            await asyncio.sleep(1.5)  # room for a late double to show
            second.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(second.wait(), 30) == 0
    finally:
        await api.stop()

    per_chat = delivered(api)
    doubled = sum(n - 1 for n in per_chat.values())
    assert USERS - len(per_chat) == 0  # nothing lost
    assert doubled <= in_flight, (at_kill, in_flight, doubled)
    states = await outbox_states(database_url)
    assert states == {OutboxState.SENT: USERS}
    log = (tmp_path / "second.log").read_text()
    assert "took over" in log
    assert "Traceback" not in log


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="two workers need PostgreSQL")
async def test_a_second_worker_finishes_the_burst_of_one_that_was_killed(
    database_url: str, backend: str, tmp_path: Path
) -> None:
    """Two processes on one PostgreSQL database, the second only sending (no updates):
    both are ready from the start; the one holding the burst's unsent messages is killed
    mid-burst; the survivor finishes it once the dead worker's lease has run out."""
    if backend != "postgresql":
        pytest.skip("two workers need PostgreSQL")
    api = await FakeBotApi(limits=LIMITS, token=TOKEN).start()
    # Each worker takes the due reminders in small claims, so both get a share.
    shared = {
        "reminders__claim_batch": "20",
        # Two workers share one bot's budget with Telegram: half each.
        "delivery__overall_per_second": str(LIMITS.overall_per_second / 2),
    }
    try:
        async with (
            bot_process(api, database_url, tmp_path / "a.log", **shared) as a,
            bot_process(
                api, database_url, tmp_path / "b.log", telegram__mode="send-only", **shared
            ) as b,
        ):
            for _ in range(600):  # both running before anything falls due
                if await workers_alive(database_url) == 2:
                    break
                await asyncio.sleep(0.1)
            await seed(database_url, USERS, datetime.now(UTC) - timedelta(seconds=5))
            await until(lambda: len(delivered(api)) >= USERS * 0.4, 90)
            # Killed: the worker holding most of what is still unsent (whichever ticked
            # first may have claimed it all), so the survivor has something to take over.
            # A worker's id names its process ("host:pid:…").
            holder, _ = (await owners_of_unsent(database_url)).most_common(1)[0]
            doomed, survivor = (a, b) if holder.split(":")[1] == str(a.pid) else (b, a)
            await kill(doomed)
            in_flight = (await outbox_states(database_url)).get(OutboxState.ATTEMPTING, 0)
            assert len(delivered(api)) < USERS, "the kill came after the burst"
            await until(lambda: len(delivered(api)) == USERS, 90)
            await asyncio.sleep(1.5)
            survivor.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(survivor.wait(), 30) == 0
    finally:
        await api.stop()

    per_chat = delivered(api)
    assert USERS - len(per_chat) == 0
    assert sum(n - 1 for n in per_chat.values()) <= in_flight
    assert await outbox_states(database_url) == {OutboxState.SENT: USERS}
    owners = await owners_of_sent(database_url)
    assert len(owners) == 2, owners  # both workers sent a share

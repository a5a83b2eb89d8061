"""What the operator relies on: webhook mode with its secret, /healthz, /stats for admins
only, and the startup line."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time as clock
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy.engine import make_url

from bot import texts
from bot.app import BotApplication, build_application, running
from bot.clock import ManualClock
from bot.config import (
    AdminSettings,
    DeliverySettings,
    HttpSettings,
    Settings,
    TelegramSettings,
    WebhookSettings,
)
from bot.devtools.fake_bot_api import FakeBotApi, Fault
from bot.models import Schedule
from bot.web import SECRET_HEADER
from tests.conftest import TOKEN, _postgres_admin, make_settings, onboarded_user, run_bot

pytestmark = pytest.mark.e2e

SECRET = "webhook-secret-for-the-tests-only"
ADMIN = 4242


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def bot_with(settings: Settings) -> AsyncIterator[BotApplication]:
    app = build_application(settings)
    async with running(app, poll_timeout=1):
        yield app


def start_update(update_id: int, user_id: int) -> dict[str, Any]:
    sender = {"id": user_id, "is_bot": False, "first_name": "Wen"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": int(clock.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Wen"},
            "from": sender,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def test_webhook_mode_takes_updates_with_the_secret_only(
    fake_api: FakeBotApi, database_url: str
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    settings = make_settings(fake_api, database_url).model_copy(
        update={
            "telegram": TelegramSettings(
                token=TOKEN,
                api_base_url=fake_api.base_url,
                file_base_url=fake_api.file_base_url,
                mode="webhook",
            ),
            "webhook": WebhookSettings(url=url, secret_token=SECRET),
            "http": HttpSettings(port=port),
        }
    )
    async with bot_with(settings), aiohttp.ClientSession() as client:
        assert fake_api.webhook == {"url": url, "secret_token": SECRET}
        assert not fake_api.calls_to("getUpdates")  # no polling beside the webhook

        for headers in ({}, {SECRET_HEADER: "a-wrong-secret-of-some-length"}):
            async with client.post(url, json=start_update(1, 5101), headers=headers) as response:
                assert response.status == 403
        async with client.post(
            url, json=start_update(2, 5102), headers={SECRET_HEADER: SECRET}
        ) as response:
            assert response.status == 200
        async with client.post(url, data=b"not json", headers={SECRET_HEADER: SECRET}) as bad:
            assert bad.status == 400

        # A header of bytes that are not text is refused like any wrong secret.
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            b"POST /telegram-hook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
            + SECRET_HEADER.encode()
            + b": \xff\xfe\xc3\r\nConnection: close\r\n\r\n{}"
        )
        await writer.drain()
        status_line = await reader.readline()
        writer.close()
        assert status_line.split()[1] == b"403"

        welcome = await fake_api.wait_until(lambda: fake_api.messages_to(5102), 5)
        assert (welcome[0].html or "").startswith(texts.first_welcome("Wen"))
        async with client.get(f"http://127.0.0.1:{port}/healthz") as health:
            assert health.status == 200
    assert fake_api.messages_to(5101) == []


@pytest.mark.postgres
async def test_healthz_answers_503_when_the_database_is_gone(
    fake_api: FakeBotApi, database_url: str, backend: str
) -> None:
    port = free_port()
    settings = make_settings(fake_api, database_url).model_copy(
        update={"http": HttpSettings(port=port)}
    )
    health = f"http://127.0.0.1:{port}/healthz"
    async with bot_with(settings) as app, aiohttp.ClientSession() as client:
        async with client.get(health) as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok", "database": "up"}

        if backend == "sqlite":
            path = Path(make_url(database_url).database or "")
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            # Open connections keep a deleted file alive; a new one finds no tables.
            await app.bot_data.engine.dispose()
        else:
            name = make_url(database_url).database
            await _postgres_admin(f"DROP DATABASE {name} WITH (FORCE)")

        async with client.get(health) as response:
            assert response.status == 503
            assert (await response.json())["database"] == "down"


async def test_stats_answers_admins_and_no_one_else(
    fake_api: FakeBotApi, database_url: str
) -> None:
    async with run_bot(fake_api, database_url, admin=AdminSettings(user_ids=(ADMIN,))) as bot:
        for user_id in (5201, 5202):
            await bot.user(user_id).ask("/start")
        stranger = bot.user(5203)
        await stranger.send("/stats")
        await stranger.settled()
        stranger.expect_nothing_new()

        report = await bot.user(ADMIN).ask("/stats")
        text = report.text or ""
        assert "Users: 2 in all, 2 active" in text
        assert "Sessions: 0" in text
        assert "Average sleep rating: none yet" in text
        # Two welcomes went out before this report.
        assert "Messages delivered: 2, failed: 0" in text


@pytest.mark.postgres
async def test_the_startup_line_says_what_runs(
    fake_api: FakeBotApi, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.app")
    async with run_bot(fake_api, database_url) as bot:
        await bot.user(5301).ask("/start")
    async with run_bot(fake_api, database_url):
        pass
    started = [r.getMessage() for r in caplog.records if " started: " in r.getMessage()]
    assert len(started) == 2
    assert "started: polling," in started[1]
    assert "1 users, 0 schedules" in started[1]
    password = make_url(database_url).password
    if password:
        assert password not in started[1]
    assert os.environ.get("TELEGRAM_BOT_TOKEN", TOKEN).split(":")[1] not in started[1]


async def test_stats_count_the_scheduled_messages_of_the_last_day(
    fake_api: FakeBotApi, database_url: str
) -> None:
    """Sent, failed (a user who blocked the bot), uncertain (Telegram took it but the
    answer came too late) and missed (due longer ago than the grace period)."""
    now = datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC)  # 21:30 in Berlin
    frozen = ManualClock(now)
    quick = DeliverySettings(per_chat_per_second=0, request_timeout_seconds=0.5)
    async with run_bot(
        fake_api, database_url, clock=frozen, admin=AdminSettings(user_ids=(ADMIN,)), delivery=quick
    ) as bot:
        async with bot.sessions.begin() as session:
            for user_id, due in (
                (5401, now),
                (5402, now),
                (5403, now),
                (5404, now - timedelta(hours=2)),
            ):
                session.add(onboarded_user(user_id, now))
                await session.flush()
                session.add(
                    Schedule(
                        user_id=user_id, kind="evening", local_time=time(21, 30), next_fire_at=due
                    )
                )
        fake_api.blocked.add(5402)
        fake_api.faults.append(Fault(method="sendMessage", chat_id=5403, deliver=True, delay=1.5))
        await bot.tick()
        report = await bot.user(ADMIN).ask("/stats")
    assert texts.stats_scheduled(1, 1, 1, 1, 0) in (report.html or "")

"""`python -m bot run` as an operator starts it: a real process against the fake Bot API."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot import texts
from bot.devtools.fake_bot_api import FakeBotApi
from bot.devtools.simulated_user import SimulatedUser
from tests.conftest import TOKEN
from tests.e2e.test_onboarding import onboard_to_zone

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


async def start_bot(
    api: FakeBotApi, tmp_path: Path, token: str, **settings: str
) -> asyncio.subprocess.Process:
    """`python -m bot run`; `settings` are extra WINDDOWN_ variables (without the prefix)."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": token,
        "WINDDOWN_TELEGRAM__API_BASE_URL": api.base_url,
        "WINDDOWN_TELEGRAM__FILE_BASE_URL": api.file_base_url,
        "WINDDOWN_DATABASE__URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        **{f"WINDDOWN_{key.upper()}": value for key, value in settings.items()},
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_run_migrates_answers_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    api = await FakeBotApi(token=TOKEN).start()
    process = await start_bot(api, tmp_path, TOKEN)
    try:
        reply = await SimulatedUser(api, 2001, "Kim").ask("/start", timeout=30)
        assert reply.text is not None
        assert reply.text.startswith("Hi Kim.")
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
        await api.stop()

    assert process.returncode == 0
    log = err.decode()
    assert "started: polling, sqlite database" in log
    assert "0 users, 0 schedules" in log
    # One line for the migration, none of Alembic's own ("setup plugin …", "Context impl …").
    assert "database schema upgraded from empty to" in log
    assert "alembic" not in log
    assert "Traceback" not in log
    assert TOKEN.split(":")[1] not in log
    assert (tmp_path / "bot.sqlite3").exists()


async def test_a_token_telegram_refuses_is_one_clear_line(tmp_path: Path) -> None:
    api = await FakeBotApi(token=TOKEN).start()
    try:
        process = await start_bot(api, tmp_path, "111111:a-token-that-telegram-does-not-know")
        _, err = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await api.stop()

    assert process.returncode == 2
    assert err.decode().splitlines()[-1] == (
        "winddown: Telegram refused the token (telegram.token): copy it again from BotFather"
    )
    assert "Traceback" not in err.decode()


async def test_an_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    api = await FakeBotApi(token=TOKEN).start()
    try:
        process = await start_bot(
            api,
            tmp_path,
            TOKEN,
            database__url="postgresql://postgres@127.0.0.1:1/winddown",
            database__auto_migrate="true",
        )
        _, err = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await api.stop()

    assert process.returncode == 2
    lines = err.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("winddown: ")
    assert "127.0.0.1:1" in lines[0]


async def test_an_unreachable_telegram_is_one_clear_line(tmp_path: Path) -> None:
    api = await FakeBotApi(token=TOKEN).start()
    api.port = 1  # nothing listens on port 1: the connection is refused at once
    try:
        process = await start_bot(api, tmp_path, TOKEN)
        _, err = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await api.stop()

    assert process.returncode == 2
    assert (
        err.decode()
        .splitlines()[-1]
        .startswith("winddown: cannot reach Telegram at http://127.0.0.1:1/bot")
    )
    assert "Traceback" not in err.decode()


async def test_sigterm_during_a_live_session_tells_the_user_and_exits_0(tmp_path: Path) -> None:
    api = await FakeBotApi(token=TOKEN).start()
    process = await start_bot(
        api,
        tmp_path,
        TOKEN,
        winddown__lengths_seconds="[60]",
        winddown__settle_seconds="0",
        delivery__per_chat_per_second="20",
    )
    kim = SimulatedUser(api, 2002, "Kim")
    try:
        # Onboarding, the short way: consent, nothing to screen, a zone, no reminder.
        await api.wait_until(lambda: api.calls_to("getUpdates"), 30)
        await onboard_to_zone(kim)
        await kim.ask("Europe/Lisbon")
        evening = await kim.next_message()
        await kim.press(texts.NOT_NOW)
        await kim.edited(evening, texts.REMINDERS_OFF_CHOSEN)
        options = await kim.ask("/winddown")
        await kim.press(texts.START, options)
        await kim.edited(options, texts.READY)
        await kim.press(texts.READY, options)
        await kim.edited(options, " left")  # the set-up message is now the live one
        assert [texts.PAUSE, texts.STOP] in options.buttons
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    try:
        told = [m for m in kim.inbox if m.text == texts.INTERRUPTED]
        assert len(told) == 1
        assert told[0].buttons == [[texts.RESTART]]
    finally:
        await api.stop()
    assert process.returncode == 0
    log = err.decode()
    assert "Traceback" not in log
    assert "stopped" in log

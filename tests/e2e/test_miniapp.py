"""The pacer Mini App's server side through the real bot: the button beside Ready, the
timeline the page is given, the finished session recorded like a chat session (and in
/week), and the init-data check: forged, stale, another bot's or incomplete data gets
403 and nothing is recorded."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
import pytest
from sqlalchemy import func, select

from bot import texts
from bot.clock import ManualClock
from bot.config import HttpSettings, MiniappSettings, WinddownSettings
from bot.devtools.fake_bot_api import FakeBotApi
from bot.miniapp.initdata import sign, sign_fields
from bot.models import PracticeSession
from bot.winddown.breathing import PATTERNS, segments
from tests.conftest import TOKEN, Harness, onboarded_user, run_bot

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC)  # 21:30:05 in Berlin
URL = "https://pacer.example.org/miniapp/"
MAX_AGE = 3600
SHORT = WinddownSettings(lengths_seconds=(14, 30), settle_seconds=3, max_late_seconds=1.5)
ANA = 9101


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def pacer_bot(
    fake_api: FakeBotApi, database_url: str, clock: ManualClock
) -> AsyncIterator[Harness]:
    async with run_bot(
        fake_api,
        database_url,
        clock=clock,
        winddown=SHORT,
        http=HttpSettings(port=free_port()),
        miniapp=MiniappSettings(url=URL, max_age_seconds=MAX_AGE),
    ) as harness:
        async with harness.sessions.begin() as session:
            session.add(onboarded_user(ANA, NOW, session_seconds=14))
        yield harness


@pytest.fixture
async def client(pacer_bot: Harness) -> AsyncIterator[aiohttp.ClientSession]:
    base = f"http://127.0.0.1:{pacer_bot.settings.http_port}"
    async with aiohttp.ClientSession(base_url=base) as session:
        yield session


def init_data(user_id: int = ANA, *, token: str = TOKEN, at: datetime = NOW) -> str:
    return sign(token, user_id, "Ana", at)


def auth(data: str) -> dict[str, str]:
    return {"Authorization": f"tma {data}"}


FINISHED = {
    "pattern": "exhale-4-6",
    "seconds": 14,
    "elapsed": 14.2,
    "outcome": "completed",
    "key": "6f1c2b9e-0d4a-4e57-9a53-2f3a1c8b7d10",
}


async def sessions_recorded(bot: Harness) -> int:
    async with bot.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(PracticeSession)) or 0)


async def test_the_button_opens_the_pacer_beside_ready(pacer_bot: Harness) -> None:
    ana = pacer_bot.user(ANA)
    options = await ana.ask("/winddown")
    await ana.press(texts.START, options)
    await ana.edited(options, "Tap Ready")
    assert options.buttons == [[texts.READY], [texts.PACER_BUTTON]]
    assert options.reply_markup is not None
    pacer = options.reply_markup["inline_keyboard"][1][0]
    assert pacer["web_app"] == {"url": URL}
    assert "callback_data" not in pacer


async def test_without_a_url_there_is_no_button(fake_api: FakeBotApi, database_url: str) -> None:
    async with run_bot(fake_api, database_url, clock=ManualClock(NOW), winddown=SHORT) as bot:
        async with bot.sessions.begin() as session:
            session.add(onboarded_user(ANA, NOW, session_seconds=14))
        ana = bot.user(ANA)
        options = await ana.ask("/winddown")
        await ana.press(texts.START, options)
        await ana.edited(options, "Tap Ready")
        assert options.buttons == [[texts.READY]]


async def test_the_page_and_its_files_are_served(client: aiohttp.ClientSession) -> None:
    async with client.get("/miniapp/") as page:
        assert page.status == 200
        html = await page.text()
    assert "telegram-web-app.js" in html
    for name in ("static/pacer.js", "static/pacer.css"):
        assert name in html
        async with client.get(f"/miniapp/{name}") as response:
            assert response.status == 200


async def test_the_timeline_is_the_chat_sessions_own(
    pacer_bot: Harness, client: aiohttp.ClientSession
) -> None:
    async with client.get("/miniapp/api/session", headers=auth(init_data())) as response:
        assert response.status == 200
        plan = await response.json()
    assert plan["pattern"] == "exhale-4-6"
    assert plan["total"] == 14
    expected = segments(PATTERNS["exhale-4-6"], 14, SHORT.settle_seconds)
    assert plan["segments"] == [asdict(part) for part in expected]
    assert plan["words"]["in"] == texts.PHASE_WORDS["in"]


@pytest.mark.postgres
async def test_a_finished_session_is_recorded_told_and_in_the_week(
    pacer_bot: Harness, client: aiohttp.ClientSession, clock: ManualClock
) -> None:
    async with client.post(
        "/miniapp/api/finish", headers=auth(init_data()), json=FINISHED
    ) as response:
        assert response.status == 200
    async with pacer_bot.sessions() as session:
        (row,) = (await session.scalars(select(PracticeSession))).all()
    assert row.user_id == ANA
    assert row.night == date(2026, 7, 1)  # the evening it started, in Berlin
    assert row.outcome == "completed"
    assert row.breath_pattern == "exhale-4-6"
    assert row.planned_seconds == 14
    assert row.actual_seconds == 14
    assert row.variant == "inversion"
    ana = pacer_bot.user(ANA)
    line = await ana.next_message()
    assert line.text == texts.miniapp_recorded(14, texts.PATTERN_NAMES["exhale-4-6"], True)

    # Next morning, /week counts it like any chat session (it is the 14-second session
    # of these tests, so "0 minutes").
    clock.set(NOW + timedelta(hours=12))
    week = await ana.ask("/week")
    assert texts.week_practice(1, 14 / 60) in (week.text or "")


async def test_a_stopped_session_is_recorded_as_stopped(
    pacer_bot: Harness, client: aiohttp.ClientSession
) -> None:
    stopped = FINISHED | {"elapsed": 5, "outcome": "stopped"}
    async with client.post(
        "/miniapp/api/finish", headers=auth(init_data()), json=stopped
    ) as response:
        assert response.status == 200
    async with pacer_bot.sessions() as session:
        (row,) = (await session.scalars(select(PracticeSession))).all()
    assert (row.outcome, row.actual_seconds) == ("stopped", 5)
    line = await pacer_bot.user(ANA).next_message()
    assert line.text == texts.miniapp_recorded(5, "", False)


async def test_a_repeated_report_is_recorded_and_told_once(
    pacer_bot: Harness, client: aiohttp.ClientSession
) -> None:
    """A retried request (the same session's key) records nothing more and sends no
    second line; another session of the page (a new key) is a new session."""
    ids = []
    for body in (FINISHED, FINISHED, FINISHED | {"key": "a-second-session-of-the-page"}):
        async with client.post(
            "/miniapp/api/finish", headers=auth(init_data()), json=body
        ) as response:
            assert response.status == 200
            ids.append((await response.json())["recorded"])
    assert ids[0] == ids[1] != ids[2]
    assert await sessions_recorded(pacer_bot) == 2
    ana = pacer_bot.user(ANA)
    await ana.next_message()
    await ana.next_message()
    await ana.settled()
    assert len(ana.inbox) == 2


def _altered_hash(data: str) -> str:
    fields = dict(parse_qsl(data))
    fields["hash"] = ("0" if fields["hash"][0] != "0" else "1") + fields["hash"][1:]
    return urlencode(fields)


def _other_user(data: str) -> str:
    """Ana's signed data with another user's id put in: the hash no longer fits."""
    fields = dict(parse_qsl(data))
    fields["user"] = json.dumps({"id": ANA + 1, "first_name": "Ana"}, separators=(",", ":"))
    return urlencode(fields)


def _signed_without(name: str) -> str:
    """Ana's init data without one field, signed correctly all the same."""
    fields = dict(parse_qsl(init_data()))
    del fields["hash"], fields[name]
    return sign_fields(TOKEN, fields)


OTHER_TOKEN = "987654321:ANOTHER-bot-token-with-the-same-shape"
FORGERIES = {
    "altered hash": lambda: _altered_hash(init_data()),
    "another user's id": lambda: _other_user(init_data()),
    "another bot's token": lambda: init_data(token=OTHER_TOKEN),
    "stale auth_date": lambda: init_data(at=NOW - timedelta(seconds=MAX_AGE + 1)),
    "auth_date from the future": lambda: init_data(at=NOW + timedelta(hours=1)),
    "no hash": lambda: urlencode([(k, v) for k, v in parse_qsl(init_data()) if k != "hash"]),
    "no auth_date": lambda: _signed_without("auth_date"),
    "no user": lambda: _signed_without("user"),
    "a user without an id": lambda: sign_fields(
        TOKEN, {"auth_date": str(int(NOW.timestamp())), "user": '{"first_name":"Ana"}'}
    ),
    "empty": lambda: "",
    "not a query string": lambda: "garbage",
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
async def test_forged_stale_or_incomplete_init_data_is_refused(
    pacer_bot: Harness, client: aiohttp.ClientSession, forgery: str
) -> None:
    headers = auth(FORGERIES[forgery]())
    async with client.get("/miniapp/api/session", headers=headers) as response:
        assert response.status == 403
    async with client.post("/miniapp/api/finish", headers=headers, json=FINISHED) as response:
        assert response.status == 403
    assert await sessions_recorded(pacer_bot) == 0
    await pacer_bot.user(ANA).expect_silence()


async def test_no_init_data_at_all_is_refused(
    pacer_bot: Harness, client: aiohttp.ClientSession
) -> None:
    async with client.post("/miniapp/api/finish", json=FINISHED) as response:
        assert response.status == 403
    assert await sessions_recorded(pacer_bot) == 0


async def test_init_data_just_within_its_age_is_accepted(client: aiohttp.ClientSession) -> None:
    data = init_data(at=NOW - timedelta(seconds=MAX_AGE - 1))
    async with client.get("/miniapp/api/session", headers=auth(data)) as response:
        assert response.status == 200


@pytest.mark.parametrize(
    "change",
    [
        {"pattern": "box"},
        {"outcome": "running"},
        {"seconds": 0},
        {"seconds": "14"},
        {"seconds": True},
        {"elapsed": "14.2"},
        {"elapsed": -1},
        {"elapsed": 3.0},  # "completed" long before its end
        {"key": "short"},
        {"key": "no spaces or ; in a key"},
        {"key": 12345678},
    ],
)
async def test_a_report_that_makes_no_sense_is_refused(
    pacer_bot: Harness, client: aiohttp.ClientSession, change: dict[str, Any]
) -> None:
    async with client.post(
        "/miniapp/api/finish", headers=auth(init_data()), json=FINISHED | change
    ) as response:
        assert response.status == 400
    assert await sessions_recorded(pacer_bot) == 0


async def test_a_stranger_with_valid_data_is_sent_to_start(
    pacer_bot: Harness, client: aiohttp.ClientSession
) -> None:
    headers = auth(init_data(user_id=4242))
    async with client.get("/miniapp/api/session", headers=headers) as response:
        assert response.status == 404
        assert (await response.json())["error"] == texts.MINIAPP_START_FIRST
    async with client.post("/miniapp/api/finish", headers=headers, json=FINISHED) as response:
        assert response.status == 404
    assert await sessions_recorded(pacer_bot) == 0

"""/privacy, /export and /delete through the fake Bot API, and coming back after blocking
the bot."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import ManualClock
from bot.devtools.fake_bot_api import SentMessage
from bot.models import Base, PracticeSession, Schedule, SleepRating, User
from bot.privacy.store import PERSONAL_TABLES
from tests.conftest import Harness, onboarded_user

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 7, 2, 8, 0, tzinfo=UTC)  # Thursday, 10:00 in Berlin


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


async def seed(bot: Harness, user_id: int) -> None:
    """A Berlin user with a reminder, a session and two rated nights."""
    async with bot.sessions.begin() as session:
        session.add(onboarded_user(user_id, NOW, screening=["hip-back"]))
        await session.flush()
        session.add_all(
            [
                PracticeSession(
                    user_id=user_id,
                    night=date(2026, 7, 1),
                    started_at=NOW - timedelta(hours=11),
                    ended_at=NOW - timedelta(hours=10, minutes=50),
                    planned_seconds=600,
                    actual_seconds=600,
                    breath_pattern="4-7-8",
                    variant="low-legs",
                    outcome="completed",
                    checkout_rating=4,
                ),
                SleepRating(user_id=user_id, night=date(2026, 7, 1), rating=4, rated_at=NOW),
                SleepRating(
                    user_id=user_id,
                    night=date(2026, 6, 30),
                    rating=2,
                    sleep_latency="30-60",
                    awakenings="3+",
                    rated_at=NOW,
                ),
            ]
        )
    await bot.user(user_id).ask("/remind 21:30")


async def rows_of(bot: Harness, user_id: int) -> dict[str, int]:
    """How many rows in each table point at this user."""
    counts: dict[str, int] = {}
    async with bot.sessions.begin() as session:
        for table in Base.metadata.sorted_tables:
            column = table.c.get("user_id")
            if column is None and table.name == "users":
                column = table.c.id
            if column is None:
                continue
            found = (await session.execute(select(column).where(column == user_id))).all()
            counts[table.name] = len(found)
    return counts


def document(bot: Harness, message: SentMessage) -> tuple[str, bytes]:
    assert message.kind == "document"
    assert message.file_id is not None
    return bot.api.file_names[message.file_id], bot.api.files[message.file_id]


def test_every_table_with_a_user_id_is_covered_by_export_and_delete() -> None:
    personal = {m.__tablename__ for m in PERSONAL_TABLES}
    with_user_id = {t.name for t in Base.metadata.sorted_tables if "user_id" in t.c}
    assert with_user_id == personal


async def test_privacy_is_explained_and_shown_during_onboarding(bot: Harness) -> None:
    sam = bot.user(9301)
    assert (await sam.ask("/privacy")).html == texts.PRIVACY
    first = await sam.ask("/start")
    assert [texts.PRIVACY_BUTTON] in first.buttons  # a tap away, not in the first words
    await sam.press(texts.PRIVACY_BUTTON, first)
    assert (await sam.next_message()).html == texts.PRIVACY


@pytest.mark.postgres
async def test_export_sends_everything_as_json_and_the_nights_as_csv(bot: Harness) -> None:
    await seed(bot, 9302)
    ana = bot.user(9302)
    await ana.next_message()  # the /remind confirmation
    name, body = document(bot, await ana.ask("/export"))
    assert name == "winddown-export.json"
    data = json.loads(body)
    assert data["profile"]["id"] == 9302
    assert data["profile"]["screening"] == ["hip-back"]
    assert {(r["night"], r["rating"]) for r in data["sleep_ratings"]} == {
        ("2026-06-30", 2),
        ("2026-07-01", 4),
    }
    assert [s["variant"] for s in data["practice_sessions"]] == ["low-legs"]
    assert [s["kind"] for s in data["schedules"]] == ["evening"]

    name, body = document(bot, await ana.next_message())
    assert name == "winddown-nights.csv"
    nights = list(csv.DictReader(io.StringIO(body.decode())))
    assert nights == [
        {
            "night": "2026-06-30",
            "sleep_rating": "2",
            "sleep_latency": "30-60",
            "awakenings": "3+",
            "sessions": "",
            "minutes_practised": "",
            "felt_after": "",
        },
        {
            "night": "2026-07-01",
            "sleep_rating": "4",
            "sleep_latency": "",
            "awakenings": "",
            "sessions": "1",
            "minutes_practised": "10.0",
            "felt_after": "4",
        },
    ]
    assert (await bot.user(9399).ask("/export")).text == texts.NOTHING_TO_EXPORT


@pytest.mark.postgres
async def test_delete_asks_first_then_leaves_no_row_behind(bot: Harness) -> None:
    await seed(bot, 9303)
    await seed(bot, 9304)  # someone else, who keeps everything
    ana = bot.user(9303)
    await ana.next_message()
    before = await rows_of(bot, 9304)

    ask = await ana.ask("/delete")
    assert ask.text == texts.DELETE_CONFIRM
    await ana.press(texts.DELETE_NO, ask)
    await ana.edited(ask, texts.DELETE_KEPT)
    assert (await rows_of(bot, 9303))["sleep_ratings"] == 2

    ask = await ana.ask("/delete")
    await ana.press(texts.DELETE_YES, ask)
    await ana.edited(ask, texts.DELETED)
    assert set((await rows_of(bot, 9303)).values()) == {0}
    assert await rows_of(bot, 9304) == before

    # The same person is new again.
    again = await ana.ask("/start")
    assert (again.html or "").startswith(texts.first_welcome("Sam"))
    assert again.buttons == [[texts.CONSENT_BUTTON], [texts.PRIVACY_BUTTON]]
    await ana.press_data("delete|maybe", ask)
    assert await ana.answer() == texts.STALE_BUTTON


@pytest.mark.postgres
async def test_coming_back_after_blocking_keeps_the_settings(bot: Harness) -> None:
    await seed(bot, 9305)
    ana = bot.user(9305)
    await ana.next_message()
    await ana.block_bot()
    await wait_for_status(bot, 9305, "inactive")

    await ana.unblock_bot()
    back = await ana.ask("/start")  # what Telegram's Restart button sends
    assert (back.text or "").startswith("Welcome back")
    assert "Evening reminder: 21:30 every day" in (back.text or "")
    async with bot.sessions.begin() as session:
        user = await session.get(User, 9305)
        schedule = await session.scalar(select(Schedule).where(Schedule.user_id == 9305))
    assert user is not None
    assert user.status == "active"
    assert schedule is not None
    assert schedule.next_fire_at == datetime(2026, 7, 2, 19, 30, tzinfo=UTC)


async def wait_for_status(bot: Harness, user_id: int, status: str) -> None:
    for _ in range(100):
        async with bot.sessions.begin() as session:
            user = await session.get(User, user_id)
        if user is not None and user.status == status:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"user {user_id} never became {status}")


async def test_nothing_personal_is_said_or_kept_in_a_group(bot: Harness) -> None:
    await seed(bot, 9310)
    group = -100_777

    async def in_group(text: str) -> None:
        entities = (
            [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
            if text.startswith("/")
            else []
        )
        await bot.api.push_update(
            "message",
            {
                "message_id": bot.api.new_message_id(group),
                "date": 0,
                "chat": {"id": group, "type": "supergroup", "title": "Evening yoga"},
                "from": {"id": 9310, "is_bot": False, "first_name": "Ana"},
                "text": text,
                "entities": entities,
            },
        )

    await in_group("how long should i stay in the pose")
    for command in ("/export", "/start"):  # a group gets a message every 3 s at most
        await in_group(command)
    await bot.api.wait_until(lambda: len(bot.api.messages_to(group)) >= 2, 10)
    await asyncio.sleep(0.5)
    replies = bot.api.messages_to(group)
    assert [m.text for m in replies] == [texts.PRIVATE_ONLY] * 2  # nothing for plain talk
    async with bot.sessions.begin() as session:
        user = await session.get(User, 9310)
        assert user is not None
        assert user.chat_id == 9310  # still their private chat

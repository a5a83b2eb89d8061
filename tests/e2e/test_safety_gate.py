"""The safety gate through the fake Bot API, at Telegram's real pace (1 message a second
per chat): crisis and acute messages are answered first in every state (waiting for a
city, for a time, during onboarding, in a live session), the pending step still works
afterwards, idioms are not mistaken for a crisis, and the gentle question when unsure."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import ManualClock
from bot.config import DeliverySettings, WinddownSettings
from bot.devtools.fake_bot_api import FakeBotApi, Limits, SentMessage
from bot.devtools.simulated_user import SimulatedUser
from bot.models import Schedule, User
from tests.conftest import Harness, onboarded_user

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # a Wednesday, 14:00 in Berlin
REAL_PACE = DeliverySettings(per_chat_per_second=1)
SHORT = WinddownSettings(lengths_seconds=(20, 30), settle_seconds=2, max_late_seconds=1.5)
CRISIS = "honestly everyone would be better off if i wasnt around"
ACUTE = "my chest hurts and i feel like i might pass out"


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """Telegram's real limits, enforced."""
    api = await FakeBotApi(limits=Limits(per_chat_per_second=1, overall_per_second=30)).start()
    yield api
    await api.stop()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def bot_sections() -> dict[str, object]:
    return {"delivery": REAL_PACE, "winddown": SHORT}


async def seed(bot: Harness, user_id: int, **fields: object) -> SimulatedUser:
    async with bot.sessions.begin() as session:
        session.add(onboarded_user(user_id, NOW, **fields))
    return bot.user(user_id)


async def stored(bot: Harness, user_id: int) -> User:
    async with bot.sessions.begin() as session:
        user = await session.get(User, user_id)
    assert user is not None
    return user


async def start_session(user: SimulatedUser) -> SentMessage:
    """/winddown → Start → Ready; returns the live message."""
    options = await user.ask("/winddown")
    await user.press(texts.START, options)
    await user.edited(options, "Tap Ready")
    await user.press(texts.READY, options)
    await user.edited(options, texts.SETTLE)  # Ready turns the set-up into the live message
    return options


async def next_text(user: SimulatedUser) -> str:
    """The next text message, past the session's pacer animation."""
    while (message := await user.next_message()).kind != "text":
        pass
    return message.text or ""


def is_crisis_help(text: str | None) -> bool:
    return (text or "").startswith("I'm really sorry you're feeling this way.")


async def test_crisis_and_acute_while_waiting_for_a_city(bot: Harness) -> None:
    sam = await seed(bot, 8101, timezone=None)
    assert (await sam.ask("/timezone")).html == texts.ZONE_QUESTION

    crisis = await sam.ask(CRISIS)
    assert is_crisis_help(crisis.text)
    assert (crisis.text or "").endswith(texts.PENDING_AFTER_CRISIS)
    assert "pose" not in (crisis.text or "").lower()
    assert crisis.buttons == []

    acute = await sam.ask(ACUTE)
    assert (acute.text or "").startswith("Please stop and come out of the pose slowly")
    assert (acute.text or "").endswith(texts.PENDING_ZONE)
    assert (await stored(bot, 8101)).awaiting == "timezone"  # still pending

    done = await sam.ask("lisbon")
    assert (done.text or "").startswith("Time zone set: Lisbon, Portugal (Europe/Lisbon).")
    user = await stored(bot, 8101)
    assert user.timezone == "Europe/Lisbon"


async def test_an_idiom_while_waiting_for_a_city_is_no_crisis(bot: Harness) -> None:
    sam = await seed(bot, 8102, timezone=None)
    await sam.ask("/timezone")
    reply = await sam.ask("ugh this stretch is killing me")
    assert not is_crisis_help(reply.text)
    assert (await stored(bot, 8102)).awaiting == "timezone"


async def test_crisis_while_waiting_for_an_evening_time_then_the_time(bot: Harness) -> None:
    sam = await seed(bot, 8103)
    await sam.ask("/settings")
    await sam.press(texts.CHANGE_TIME)
    asked = await sam.next_message()
    assert asked.text is not None
    crisis = await sam.ask("i hope i dont wake up tomorrow")
    assert is_crisis_help(crisis.text)
    # The number is the one of the person's country: Berlin is in Germany.
    assert "110 or 112" in (crisis.text or "")

    idiom = await sam.ask("im dying to try it tonight")
    assert idiom.html == texts.TIME_NOT_UNDERSTOOD_OR_KEEP  # an idiom is no crisis, and no time

    set_time = await sam.ask("21:45")
    assert (set_time.text or "").startswith("Your reminder: 21:45")
    async with bot.sessions.begin() as session:
        schedule = await session.scalar(
            select(Schedule).where(Schedule.user_id == 8103, Schedule.kind == "evening")
        )
    assert schedule is not None
    assert schedule.local_time.strftime("%H:%M") == "21:45"


async def test_crisis_and_acute_during_onboarding_then_onboarding_goes_on(bot: Harness) -> None:
    ana = bot.user(8104, "Ana")
    welcome = await ana.ask("/start")
    crisis = await ana.ask(CRISIS)
    assert is_crisis_help(crisis.text)
    assert "your local emergency number" in (crisis.text or "")  # no zone yet
    assert (crisis.text or "").endswith(texts.PENDING_AFTER_CRISIS)

    acute = await ana.ask(ACUTE)
    assert (acute.text or "").endswith(texts.PENDING_SETUP)

    await ana.press(texts.CONSENT_BUTTON, welcome)
    await ana.api.wait_until(lambda: welcome.text == texts.SCREENING, 5)
    await ana.press(texts.NONE_OF_THESE, welcome)
    zone_question = await ana.next_message()
    assert zone_question.html == texts.ZONE_QUESTION


async def test_the_gate_reads_captions_edits_and_ask(bot: Harness) -> None:
    sam = await seed(bot, 8105)
    await sam.send_photo("i just want it all to be over, goodbye everyone")
    assert is_crisis_help((await sam.next_message()).text)
    await sam.edit_sent("i have been saving up my pills")
    assert is_crisis_help((await sam.next_message()).text)
    reply = await sam.ask("/ask i took the whole bottle of my sleeping tablets")
    assert (reply.text or "").startswith("Please call 110 or 112 now")


async def test_acute_in_a_live_session_pauses_it_and_resume_goes_on(bot: Harness) -> None:
    sam = await seed(bot, 8106, session_seconds=20)
    live = await start_session(sam)

    await sam.send(ACUTE)
    acute = await next_text(sam)
    assert acute.startswith("Please stop and come out of the pose slowly")
    assert acute.endswith(texts.PENDING_SESSION)
    await sam.edited(live, texts.PAUSED)
    await sam.press(texts.RESUME, live)
    assert await sam.edited(live, "left", timeout=8)


async def test_an_idiom_in_a_live_session_does_not_pause_it(bot: Harness) -> None:
    sam = await seed(bot, 8107, session_seconds=20)
    await start_session(sam)
    await sam.send("my hamstrings are killing me lol")
    reply = await next_text(sam)
    assert not is_crisis_help(reply)
    assert texts.PENDING_SESSION not in reply
    runner = bot.app.bot_data.runner
    assert runner is not None
    assert runner.live[8107].paused_at is None


async def test_when_unsure_it_asks_gently(bot: Harness) -> None:
    sam = await seed(bot, 8108)
    asked = await sam.ask("this is goodbye")
    assert (asked.text or "").startswith(texts.CRISIS_CHECK)
    assert asked.buttons == [[texts.CRISIS_CHECK_YES, texts.CRISIS_CHECK_NO]]
    await sam.press(texts.CRISIS_CHECK_NO, asked)
    ordinary = await sam.next_message()
    assert not is_crisis_help(ordinary.text)

    again = await sam.ask("goodbye everyone")
    await sam.press(texts.CRISIS_CHECK_YES, again)
    assert is_crisis_help((await sam.next_message()).text)

"""The guided session under Telegram's real per-chat limit (one message a second), with
the production lateness bound (0.25 s, or a quarter of how long a prompt stays true):
the first minute, a deleted live message, the finished state, Continue, the audio guide,
and the end of onboarding that leads to a first session.

These run on real time (a 20 s session), as the pacing under test is real time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time

import pytest

from bot import texts
from bot.clock import ManualClock
from bot.config import DeliverySettings, WinddownSettings
from bot.devtools.fake_bot_api import FakeBotApi, Limits, SentMessage
from bot.devtools.simulated_user import SimulatedUser
from bot.models import Schedule
from tests.conftest import Harness, onboarded_user, run_bot
from tests.e2e.test_onboarding import onboard_to_zone

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC)
REAL_PACE = DeliverySettings(per_chat_per_second=1)
# 20 s: settle 8 s, one in-4/out-6 cycle, 2 s of rest. The lateness bound is production's.
SHORT = WinddownSettings(lengths_seconds=(20, 30), settle_seconds=8)


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = await FakeBotApi(limits=Limits(per_chat_per_second=1, overall_per_second=30)).start()
    yield api
    await api.stop()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def bot_sections() -> dict[str, object]:
    return {"winddown": SHORT, "delivery": REAL_PACE}


async def seed(bot: Harness, user_id: int, **fields: object) -> SimulatedUser:
    async with bot.sessions.begin() as session:
        session.add(onboarded_user(user_id, NOW, session_seconds=20, **fields))
    return bot.user(user_id)


def shown_at(message: SentMessage, first_line: str) -> float:
    return next(at for at, text in message.edits if (text or "").startswith(first_line))


async def ready(user: SimulatedUser) -> tuple[SentMessage, float]:
    """/winddown, Start, Ready (tapped as soon as it shows); the live message and the
    instant Ready was tapped."""
    options = await user.ask("/winddown")
    await user.press(texts.START, options)
    await user.edited(options, "Tap Ready")
    # Getting into the pose takes longer than the one-second slot the set-up's edit holds.
    await asyncio.sleep(1.0)
    tapped = time.monotonic()
    await user.press(texts.READY, options)
    await user.edited(options, texts.SETTLE, timeout=5)
    return options, tapped


async def test_the_settle_prompt_arrives_within_a_second_of_ready(bot: Harness) -> None:
    ana = await seed(bot, 9101)
    live, tapped = await ready(ana)
    assert shown_at(live, texts.SETTLE) - tapped <= 1.0
    assert live.buttons == [[texts.PAUSE, texts.STOP]]
    # …and the paced part follows on time.
    await ana.edited(live, "Breathe in", timeout=12)
    await ana.edited(live, "Breathe out", timeout=6)


async def test_a_deleted_live_message_is_replaced_at_the_next_prompt(
    fake_api: FakeBotApi, bot: Harness
) -> None:
    ana = await seed(bot, 9102)
    live, _ = await ready(ana)
    await fake_api.wait_until(lambda: len(live.edits) >= 2, 5)
    live.deleted = True  # the person deleted it
    replacement = await ana.next_message(timeout=15)
    while replacement.kind != "text":  # the pacer animation
        replacement = await ana.next_message(timeout=15)
    assert (replacement.text or "").startswith("Breathe out … 6")
    assert replacement.buttons == [[texts.PAUSE, texts.STOP]]
    await ana.edited(replacement, texts.REST, timeout=8)


async def test_a_finished_session_leaves_no_buttons(bot: Harness) -> None:
    ana = await seed(bot, 9103)
    live, _ = await ready(ana)
    await ana.edited(live, texts.FINISHED, timeout=25)
    assert live.buttons == []
    texts_sent = [(await ana.next_message(timeout=5)).text for _ in range(3)]
    assert texts_sent[-2:] == [texts.COMING_OUT, texts.CHECK_OUT]  # after the pacer


async def test_continue_brings_the_live_message_to_the_bottom(
    fake_api: FakeBotApi, bot: Harness
) -> None:
    ana = await seed(bot, 9104)
    live, _ = await ready(ana)
    choice = await ana.ask("/winddown")
    assert choice.buttons == [[texts.CONTINUE, texts.RESTART]]
    await ana.press(texts.CONTINUE, choice)
    fresh = await ana.next_message(timeout=5)
    while fresh.kind != "text":
        fresh = await ana.next_message(timeout=5)
    assert (fresh.text or "").startswith(texts.SETTLE)
    assert fresh.buttons == [[texts.PAUSE, texts.STOP]]
    await fake_api.wait_until(lambda: live.deleted, 5)
    await ana.edited(fresh, "Breathe in", timeout=12)


async def test_start_again_leaves_the_old_live_message_finished(bot: Harness) -> None:
    ana = await seed(bot, 9105)
    live, _ = await ready(ana)
    choice = await ana.ask("/winddown")
    await ana.press(texts.RESTART, choice)
    await ana.edited(live, texts.REPLACED, timeout=5)
    assert live.buttons == []


async def reminder_now(bot: Harness, user: SimulatedUser) -> SentMessage:
    async with bot.sessions.begin() as session:
        session.add(
            Schedule(
                user_id=user.id,
                kind="evening",
                local_time=dt_time(21, 30),
                next_fire_at=NOW - timedelta(seconds=5),
            )
        )
    await bot.tick()
    return await user.next_message()


async def test_one_tap_on_the_reminder_starts_the_session(bot: Harness) -> None:
    ana = await seed(bot, 9106)
    reminder = await reminder_now(bot, ana)
    await asyncio.sleep(1.0)  # reading it
    await ana.press(texts.START_NOW, reminder)
    setup = await ana.next_message()
    assert setup.buttons == [[texts.CHANGE]]
    live = await ana.next_message(timeout=5)
    assert (live.text or "").startswith(texts.SETTLE)
    assert live.buttons == [[texts.PAUSE, texts.STOP]]
    await ana.edited(live, "Breathe in", timeout=12)


async def test_after_skip_for_now_start_now_asks_the_health_question_first(
    bot: Harness,
) -> None:
    ana = await seed(bot, 9107, screening=None)  # skipped at /start
    reminder = await reminder_now(bot, ana)
    await ana.press(texts.START_NOW, reminder)
    question = await ana.next_message()
    assert question.text == texts.HEALTH_BEFORE_FIRST
    await asyncio.sleep(1.0)
    await ana.press(texts.SKIP_FOR_NOW, question)
    setup = await ana.edited(question, "health check was skipped")
    assert "wall" not in setup


async def test_the_audio_guide_is_uploaded_once_and_reused_at_real_pace(
    fake_api: FakeBotApi, database_url: str
) -> None:
    """Tones at one message a second per chat: the first session uploads the track, a
    second session re-uses its file_id, and so does a new process on the same database;
    the voice message comes after the first prompt, not in its slot."""
    sections = {"winddown": SHORT, "delivery": REAL_PACE}

    async def session_with_tones(bot: Harness, user_id: int) -> SentMessage:
        async with bot.sessions.begin() as session:
            session.add(onboarded_user(user_id, NOW, session_seconds=20, guide="audio"))
        user = bot.user(user_id)
        live, tapped = await ready(user)
        assert shown_at(live, texts.SETTLE) - tapped <= 1.0
        voice = await user.next_message(timeout=10)
        assert voice.kind == "voice"
        return voice

    async with run_bot(fake_api, database_url, clock=ManualClock(NOW), **sections) as bot:
        first = await session_with_tones(bot, 9201)
        second = await session_with_tones(bot, 9202)
        assert second.file_id == first.file_id
    async with run_bot(fake_api, database_url, clock=ManualClock(NOW), **sections) as bot:
        after_restart = await session_with_tones(bot, 9203)
        assert after_restart.file_id == first.file_id
    uploads = [c for c in fake_api.calls_to("sendVoice") if isinstance(c.params["voice"], bytes)]
    assert len(uploads) == 1
    assert len(fake_api.calls_to("sendVoice")) == 3


async def test_the_end_of_onboarding_at_real_pace_offers_the_week_and_a_session(
    bot: Harness,
) -> None:
    """Done is an edit followed at once by the weekly offer: at one message a second both
    arrive, in order, and Try it now still opens tonight's session."""
    ines = bot.user(9301, "Inês")
    await onboard_to_zone(ines)
    await ines.ask("Lisbon")
    evening = await ines.next_message()
    await ines.press("21:30")
    await ines.edited(evening, "Your reminder: 21:30 every day.")
    await ines.press(texts.DONE, evening)
    await ines.edited(evening, "You're all set.")
    offer = await ines.next_message()
    assert texts.WEEKLY_OFFER_NO in offer.buttons[0]
    await ines.press(texts.TRY_IT_NOW, evening)
    options = await ines.next_message()
    assert (options.text or "").startswith("Tonight's session")

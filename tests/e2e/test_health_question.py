"""Chronic venous insufficiency or significant swelling, a contraindication the source
names, through the fake Bot API: asked in /start's health check, keeping the session's
legs low, and asked once, gently, at the next session of someone who answered the check
before it asked about swelling."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import ManualClock
from bot.config import WinddownSettings
from bot.devtools.simulated_user import SimulatedUser
from bot.models import PracticeSession, User
from bot.vocab import Condition
from tests.conftest import Harness, onboarded_user

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC)  # 21:30:05 in Berlin
SHORT = WinddownSettings(lengths_seconds=(14, 30), settle_seconds=3, max_late_seconds=1.5)
# What the health check asked before it asked about swelling.
BEFORE = ["glaucoma", "heart", "blood-pressure", "pregnancy", "hip-back"]
SWELLING = texts.CONDITIONS[Condition.SWELLING]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def bot_sections() -> dict[str, object]:
    return {"winddown": SHORT}


async def person(bot: Harness, user_id: int) -> User:
    async with bot.sessions.begin() as session:
        user = await session.get(User, user_id)
    assert user is not None
    return user


async def existing(bot: Harness, user_id: int, screening: list[str]) -> SimulatedUser:
    """Someone who answered the health check before it asked about swelling."""
    async with bot.sessions.begin() as session:
        session.add(
            onboarded_user(
                user_id, NOW, session_seconds=14, screening=screening, screening_asked=BEFORE
            )
        )
    return bot.user(user_id)


async def set_up(user: SimulatedUser, options_message_text: str = "Tonight's session") -> str:
    """From tonight's options to the set-up; returns the set-up text."""
    options = await user.next_message()
    assert (options.text or "").startswith(options_message_text)
    await user.press(texts.START, options)
    return await user.edited(options, "Tap Ready")


async def test_start_asks_about_swelling_and_the_session_keeps_the_legs_low(
    bot: Harness,
) -> None:
    eva = bot.user(9301, "Eva")
    check = await eva.ask("/start")
    await eva.press(texts.CONSENT_BUTTON)
    await eva.api.wait_until(lambda: check.text == texts.SCREENING, 5)
    assert [SWELLING] in check.buttons
    await eva.press(SWELLING)
    await eva.api.wait_until(lambda: ["✓ " + SWELLING] in check.buttons, 5)
    await eva.press(texts.DONE)
    outcome = await eva.edited(check, "Thank you for telling me.")
    assert texts.CONDITION_WHY[Condition.SWELLING] in outcome.lower()
    assert "clinician" in outcome
    await eva.next_message()  # the time zone question
    await eva.ask("Berlin")
    await eva.next_message()  # the evening question

    user = await person(bot, 9301)
    assert user.screening == ["swelling"]
    assert user.screening_asked == [str(c) for c in Condition]

    await eva.send("/winddown")  # every question was asked: straight to the options
    setup = await set_up(eva)
    assert setup == texts.SETUP_LOW_LEGS
    await eva.press(texts.READY)
    await eva.next_message()
    async with bot.sessions.begin() as session:
        row = await session.scalar(select(PracticeSession).where(PracticeSession.user_id == 9301))
    assert row is not None
    assert row.variant == "low-legs"


async def test_an_existing_user_is_asked_once_and_a_yes_keeps_the_legs_low(
    bot: Harness,
) -> None:
    ola = await existing(bot, 9302, [])
    question = await ola.ask("/winddown")
    assert question.html == texts.health_question_once(Condition.SWELLING)
    assert question.buttons == [[texts.HEALTH_ONCE_YES, texts.HEALTH_ONCE_NO]]

    await ola.press(texts.HEALTH_ONCE_YES, question)
    flagged = await ola.edited(question, "Thank you for telling me.")
    assert flagged == texts.screening_flagged([Condition.SWELLING])
    assert question.buttons == []
    assert await set_up(ola) == texts.SETUP_LOW_LEGS

    user = await person(bot, 9302)
    assert user.screening == ["swelling"]
    assert user.screening_asked == [*BEFORE, "swelling"]

    # Asked once: the next session goes straight to its options.
    again = await ola.ask("/winddown")
    assert (again.text or "").startswith("Tonight's session")


async def test_a_no_is_noted_and_the_full_pose_stays_open(bot: Harness) -> None:
    ivo = await existing(bot, 9303, [])
    question = await ivo.ask("/winddown")
    await ivo.press(texts.HEALTH_ONCE_NO, question)
    assert await ivo.edited(question, texts.HEALTH_ONCE_NOTED) == texts.HEALTH_ONCE_NOTED
    assert await set_up(ivo) == texts.SETUP_INVERSION
    user = await person(bot, 9303)
    assert (user.screening, user.screening_asked) == ([], [*BEFORE, "swelling"])


async def test_a_condition_named_before_stays_and_swelling_is_still_asked(
    bot: Harness,
) -> None:
    ute = await existing(bot, 9304, ["heart"])
    question = await ute.ask("/winddown")
    await ute.press(texts.HEALTH_ONCE_NO, question)
    await ute.edited(question, texts.HEALTH_ONCE_NOTED)
    assert await set_up(ute) == texts.SETUP_LOW_LEGS  # the heart condition still counts
    assert (await person(bot, 9304)).screening == ["heart"]

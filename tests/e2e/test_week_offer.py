"""The weekly summary offered once when onboarding ends, and the line after a first
session, through the fake Bot API."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.config import WinddownSettings
from bot.models import PracticeSession, Schedule
from tests.conftest import Harness, onboarded_user

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC)  # Wednesday, 21:30:05 in Berlin


@pytest.fixture
def bot_sections() -> dict[str, object]:
    return {"winddown": WinddownSettings(lengths_seconds=(14, 30), settle_seconds=3)}


async def weekly(bot: Harness, user_id: int) -> Schedule | None:
    async with bot.sessions() as session:
        return await session.scalar(
            select(Schedule).where(Schedule.user_id == user_id, Schedule.kind == "weekly")
        )


async def finish_reminder_setup(bot: Harness, user_id: int) -> None:
    """An onboarded person at the reminder's editor, tapping Done."""
    async with bot.sessions.begin() as session:
        session.add(onboarded_user(user_id, NOW))
    user = bot.user(user_id)
    await user.send("/remind 21:30")
    await user.send("/remind")  # the reminder's editor, with Done
    await user.settled()


@pytest.mark.postgres
async def test_the_offer_once_accepted_sends_the_summary_on_sundays(bot: Harness) -> None:
    await finish_reminder_setup(bot, 9301)
    ana = bot.user(9301)
    await ana.press(texts.DONE)
    offer = await ana.api.wait_until(
        lambda: next(
            (m for m in ana.inbox if m.text == texts.weekly_offer("Sunday", "19:00")), None
        ),
        5,
    )
    await ana.press(texts.weekly_offer_yes("Sunday", "19:00"), offer)
    await ana.edited(offer, texts.week_auto_set("Sunday", "19:00"))
    schedule = await weekly(bot, 9301)
    assert schedule is not None
    assert schedule.enabled
    assert (schedule.local_time, schedule.weekdays) == (time(19, 0), 1 << 6)

    # Done again later (from /remind): not offered a second time.
    before = len(ana.inbox)
    await ana.send("/remind")
    await ana.settled()
    await ana.press(texts.DONE)
    await ana.settled()
    assert not any(m.text == offer.text for m in ana.inbox[before:])


async def test_the_offer_declined_is_not_made_again(bot: Harness) -> None:
    await finish_reminder_setup(bot, 9302)
    ben = bot.user(9302)
    await ben.press(texts.DONE)
    await ben.settled()
    offer = ben.find_button(texts.WEEKLY_OFFER_NO)
    await ben.press(texts.WEEKLY_OFFER_NO, offer)
    await ben.edited(offer, texts.WEEKLY_DECLINED)
    schedule = await weekly(bot, 9302)
    assert schedule is not None
    assert not schedule.enabled
    await ben.send("/remind")
    await ben.settled()
    await ben.press(texts.DONE)
    await ben.settled()
    assert sum(m.text == offer.text for m in ben.inbox) == 1
    # /week auto still turns it on.
    await ben.send("/week auto sun 19:00")
    await ben.settled()
    assert ben.inbox[-1].text == texts.week_auto_set("Sunday", "19:00")
    schedule = await weekly(bot, 9302)
    assert schedule is not None
    assert schedule.enabled


async def test_only_the_first_session_gets_the_line(bot: Harness) -> None:
    async with bot.sessions.begin() as session:
        session.add(onboarded_user(9303, NOW, session_seconds=14, screening=[]))
        await session.flush()
        # A session two nights ago: tonight's will not be the first.
        start = NOW - timedelta(days=2)
        session.add(
            PracticeSession(
                user_id=9303,
                night=(start + timedelta(hours=2)).date(),
                started_at=start,
                ended_at=start + timedelta(minutes=10),
                planned_seconds=600,
                actual_seconds=600,
                breath_pattern="exhale-4-6",
                variant="inversion",
                outcome="completed",
            )
        )
    cleo = bot.user(9303)
    options = await cleo.ask("/winddown")
    await cleo.press(texts.START, options)
    await cleo.edited(options, "Tap Ready")
    await cleo.press(texts.READY, options)
    await cleo.api.wait_until(lambda: any(m.text == texts.CHECK_OUT for m in cleo.inbox), 25)
    with pytest.raises(TimeoutError):  # the line would follow the check-out at once
        await cleo.api.wait_until(
            lambda: any("first session" in (m.text or "") for m in cleo.inbox), 1
        )

"""The settings screen's rows for the morning question, the session and the weekly summary
(issue 17): each changed from /settings, through the fake Bot API."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import ManualClock
from bot.models import Schedule
from bot.scheduling.kinds import Kind
from bot.vocab import BreathPattern
from tests.conftest import Harness
from tests.e2e.test_newcomer import onboard_in_lisbon
from tests.e2e.test_onboarding import profile

pytestmark = pytest.mark.e2e

# Wednesday 2 December 2026, 14:00 in Lisbon.
NOW = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


async def schedule_of(bot: Harness, user_id: int, kind: Kind) -> Schedule | None:
    async with bot.sessions.begin() as session:
        return await session.scalar(
            select(Schedule).where(Schedule.user_id == user_id, Schedule.kind == kind)
        )


async def test_the_morning_time_changes_from_the_settings(bot: Harness) -> None:
    ines = bot.user(7701, "Inês")
    await onboard_in_lisbon(ines)
    screen = await ines.ask("/settings")
    assert "Morning sleep question: 08:00" in (screen.text or "")

    # A quick pick.
    await ines.press(texts.CHANGE_MORNING, screen)
    question = await ines.next_message()
    assert question.html == texts.MORNING_QUESTION
    assert question.buttons == [
        ["06:30", "07:00", "07:30", "08:00"],
        [texts.keep_button("08:00")],
        [texts.MORNING_OFF_BUTTON],
    ]
    await ines.press("07:00", question)
    assert await ines.edited(question, texts.morning_set("07:00"))
    morning = await schedule_of(bot, 7701, Kind.MORNING)
    assert morning is not None
    assert (morning.local_time, morning.enabled) == (time(7, 0), True)
    assert (await profile(bot, 7701))[0].awaiting is None

    # Typed, the way people type times.
    await ines.press(texts.CHANGE_MORNING, screen)
    await ines.next_message()
    assert (await ines.ask("quarter past seven")).text == texts.morning_set("07:15")
    assert (await profile(bot, 7701))[0].awaiting is None

    # Something unreadable offers "keep"; "keep" leaves it as it is.
    await ines.press(texts.CHANGE_MORNING, screen)
    question = await ines.next_message()
    assert [texts.keep_button("07:15")] in question.buttons
    assert (await ines.ask("blue")).html == texts.MORNING_NOT_UNDERSTOOD_OR_KEEP
    assert (await ines.ask("keep")).text == texts.MORNING_KEPT
    morning = await schedule_of(bot, 7701, Kind.MORNING)
    assert morning is not None
    assert morning.local_time == time(7, 15)
    assert (await profile(bot, 7701))[0].awaiting is None

    # A question while it waits is not taken for a time: the waiting stops.
    await ines.press(texts.CHANGE_MORNING, screen)
    await ines.next_message()
    answer = await ines.ask("how long should I stay in the pose?", timeout=20)
    assert answer.html != texts.MORNING_NOT_UNDERSTOOD_OR_KEEP
    assert (await profile(bot, 7701))[0].awaiting is None

    # Off, and the screen says so.
    await ines.press(texts.CHANGE_MORNING, screen)
    question = await ines.next_message()
    await ines.press(texts.MORNING_OFF_BUTTON, question)
    assert await ines.edited(question, texts.MORNING_OFF)
    morning = await schedule_of(bot, 7701, Kind.MORNING)
    assert morning is not None
    assert not morning.enabled
    assert "Morning sleep question: off" in ((await ines.ask("/settings")).text or "")


@pytest.mark.postgres
async def test_the_weekly_summary_turns_on_and_off_in_place(bot: Harness) -> None:
    ines = bot.user(7702, "Inês")
    await onboard_in_lisbon(ines)
    screen = await ines.ask("/settings")
    assert "Weekly summary: off" in (screen.text or "")
    assert [texts.TURN_ON] in screen.buttons

    await ines.press(texts.TURN_ON, screen)
    await ines.edited(screen, "Weekly summary: Sundays 19:00")
    assert [texts.TURN_OFF] in screen.buttons
    weekly = await schedule_of(bot, 7702, Kind.WEEKLY)
    assert weekly is not None
    assert (weekly.enabled, weekly.weekdays, weekly.local_time) == (True, 1 << 6, time(19, 0))

    await ines.press(texts.TURN_OFF, screen)
    await ines.edited(screen, "Weekly summary: off")
    weekly = await schedule_of(bot, 7702, Kind.WEEKLY)
    assert weekly is not None
    assert not weekly.enabled

    # On again keeps the day and time it had (set with /week auto).
    await ines.ask("/week auto sat 10:00")
    await ines.ask("/week auto off")
    screen = await ines.ask("/settings")
    await ines.press(texts.TURN_ON, screen)
    await ines.edited(screen, "Weekly summary: Saturdays 10:00")


async def test_the_session_length_and_breathing_change_from_the_settings(bot: Harness) -> None:
    ines = bot.user(7703, "Inês")
    await onboard_in_lisbon(ines)
    screen = await ines.ask("/settings")
    # Nothing chosen yet: the defaults it would run with.
    assert "Session: 10 min, Longer exhale (in 4, out 6)" in (screen.text or "")

    await ines.press(texts.CHANGE_SESSION, screen)
    options = await ines.next_message()
    assert options.buttons[0] == ["5 min", "✓ 10 min", "15 min"]
    assert [texts.START] in options.buttons  # the same choice /winddown shows
    await ines.press("15 min", options)
    await bot.api.wait_until(lambda: options.buttons[0] == ["5 min", "10 min", "✓ 15 min"], 5)
    await ines.press(texts.PATTERN_NAMES[BreathPattern.COHERENT], options)
    await bot.api.wait_until(
        lambda: ["✓ " + texts.PATTERN_NAMES[BreathPattern.COHERENT]] in options.buttons, 5
    )

    user, _ = await profile(bot, 7703)
    assert (user.session_seconds, user.breath_pattern) == (900, BreathPattern.COHERENT)
    assert "Session: 15 min, Even (in 5.5, out 5.5)" in ((await ines.ask("/settings")).text or "")


async def test_the_weekend_time_question_offers_keep(bot: Harness) -> None:
    ines = bot.user(7704, "Inês")
    await onboard_in_lisbon(ines)
    screen = await ines.ask("/settings")
    await ines.press(texts.CHANGE_DAYS, screen)
    editor = await ines.next_message()
    await ines.press(texts.WEEKEND_DIFFERENT, editor)
    await ines.edited(editor, texts.WEEKEND_QUESTION)
    assert [texts.keep_button("21:30")] in editor.buttons
    assert (await profile(bot, 7704))[0].awaiting == "weekend_time"

    await ines.press(texts.keep_button("21:30"), editor)
    await ines.edited(editor, "Your reminder: 21:30 every day.")
    user, schedule = await profile(bot, 7704)
    assert user.awaiting is None
    assert schedule is not None
    assert schedule.weekend_time is None

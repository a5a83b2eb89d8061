"""The morning sleep question and /sleep through the fake Bot API: sent at the local
morning time to active users once per night, ratings and follow-ups stored for the right
night, late and old taps, and replacing a rating."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import ManualClock
from bot.devtools.fake_bot_api import FakeBotApi
from bot.devtools.simulated_user import SimulatedUser
from bot.models import Schedule, SleepRating, User
from bot.sleep import jobs
from tests.conftest import Harness, onboarded_user, run_bot

pytestmark = pytest.mark.e2e

# Wednesday 1 July 2026, 20:00 in Berlin (CEST, UTC+2).
NOW = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
RATING_ROW = list(texts.SLEEP_SCALE)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


async def seed_user(
    bot: Harness, user_id: int, *, zone: str = "Europe/Berlin", morning: str = "08:00"
) -> SimulatedUser:
    async with bot.sessions.begin() as session:
        session.add(onboarded_user(user_id, NOW, timezone=zone))
    user = bot.user(user_id)
    reply = await user.ask(f"/morning {morning}")
    assert reply.text == texts.morning_set(morning)
    return user


async def ratings(bot: Harness, user_id: int) -> list[tuple[date, int, str | None, str | None]]:
    async with bot.sessions.begin() as session:
        rows = await session.scalars(
            select(SleepRating).where(SleepRating.user_id == user_id).order_by(SleepRating.night)
        )
        return [(r.night, r.rating, r.sleep_latency, r.awakenings) for r in rows]


async def test_the_question_comes_at_the_local_morning_time_in_each_zone(
    bot: Harness, clock: ManualClock
) -> None:
    berlin = await seed_user(bot, 9001, morning="07:15")
    kolkata = await seed_user(bot, 9002, zone="Asia/Kolkata", morning="07:15")

    clock.set(datetime(2026, 7, 2, 1, 45, 5, tzinfo=UTC))  # 07:15 in Kolkata, 03:45 in Berlin
    await bot.tick()
    question = await kolkata.next_message()
    assert question.text == texts.sleep_question("Wednesday, 1 July", morning=True)
    assert question.buttons == [RATING_ROW]  # one row, very poor … very good
    berlin.expect_nothing_new()

    clock.set(datetime(2026, 7, 2, 5, 15, 5, tzinfo=UTC))  # 07:15 in Berlin
    await bot.tick()
    assert (await berlin.next_message()).buttons == [RATING_ROW]
    await bot.tick()
    berlin.expect_nothing_new()  # once only
    kolkata.expect_nothing_new()


@pytest.mark.postgres
async def test_a_rating_and_both_follow_ups_are_stored_for_last_night(
    bot: Harness, clock: ManualClock
) -> None:
    ana = await seed_user(bot, 9003)
    clock.set(datetime(2026, 7, 2, 6, 0, 5, tzinfo=UTC))  # 08:00 in Berlin
    await bot.tick()
    question = await ana.next_message()

    await ana.press("Good", question)
    await ana.edited(question, texts.LATENCY_QUESTION)
    assert "Good for the night of Wednesday, 1 July" in (question.text or "")
    await ana.press(texts.SLEEP_LATENCY["15-30"], question)
    await ana.edited(question, texts.WAKINGS_QUESTION)
    await ana.press("2", question)
    await ana.edited(question, texts.SLEEP_DONE)
    assert question.buttons == []
    assert await ratings(bot, 9003) == [(date(2026, 7, 1), 4, "15-30", "2")]


async def test_follow_ups_can_be_skipped(bot: Harness, clock: ManualClock) -> None:
    ana = await seed_user(bot, 9004)
    clock.set(datetime(2026, 7, 2, 6, 0, 5, tzinfo=UTC))
    await bot.tick()
    question = await ana.next_message()
    await ana.press("Fair", question)
    await ana.edited(question, texts.LATENCY_QUESTION)
    await ana.press(texts.SKIP, question)
    await ana.edited(question, texts.WAKINGS_QUESTION)
    await ana.press(texts.SKIP, question)
    await ana.edited(question, texts.SLEEP_DONE)
    assert await ratings(bot, 9004) == [(date(2026, 7, 1), 3, None, None)]


async def test_late_and_old_taps_go_to_the_night_they_asked_about(
    bot: Harness, clock: ManualClock
) -> None:
    ana = await seed_user(bot, 9005)
    clock.set(datetime(2026, 7, 2, 6, 0, 5, tzinfo=UTC))
    await bot.tick()
    thursday_question = await ana.next_message()  # about Wednesday's night
    # Its Fair button, to tap after the question has moved on to the follow-ups.
    old_fair = thursday_question.callback_data("Fair")
    clock.set(datetime(2026, 7, 3, 6, 0, 5, tzinfo=UTC))
    await bot.tick()
    friday_question = await ana.next_message()  # about Thursday's night

    clock.set(datetime(2026, 7, 3, 13, 0, tzinfo=UTC))  # 15:00 on Friday
    await ana.press("Very good", friday_question)
    await ana.answer()
    await ana.press("Poor", thursday_question)  # the older question, answered late
    await ana.answer()
    assert [(night, rating) for night, rating, *_ in await ratings(bot, 9005)] == [
        (date(2026, 7, 1), 2),
        (date(2026, 7, 2), 5),
    ]

    clock.set(datetime(2026, 7, 12, 13, 0, tzinfo=UTC))  # ten days on: expired
    await ana.press_data(old_fair, thursday_question)
    assert await ana.answer() == texts.OLD_SLEEP_BUTTON
    await ana.press_data("sleep|rate|20260701|9", thursday_question)
    assert await ana.answer() == texts.STALE_BUTTON
    await ana.press_data("sleep|rate|20260712|3", thursday_question)  # tonight: not over
    assert await ana.answer() == texts.OLD_SLEEP_BUTTON
    await ana.press_data("sleep|latency|20260705|15-30", thursday_question)  # never rated
    assert await ana.answer() == texts.RATE_FIRST
    assert len(await ratings(bot, 9005)) == 2


async def test_sleep_rates_last_night_or_the_one_before_and_replaces(
    bot: Harness, clock: ManualClock
) -> None:
    ana = await seed_user(bot, 9006)
    clock.set(datetime(2026, 7, 2, 9, 0, tzinfo=UTC))  # 11:00 on Thursday
    asked = await ana.ask("/sleep")
    assert asked.text == texts.sleep_question("Wednesday, 1 July", morning=False)
    assert asked.buttons == [RATING_ROW, [texts.THE_NIGHT_BEFORE]]
    await ana.press("Fair", asked)
    await ana.edited(asked, texts.LATENCY_QUESTION)

    again = await ana.ask("/sleep")
    await ana.press("Very good", again)
    text = await ana.edited(again, texts.LATENCY_QUESTION)
    assert "This replaces your earlier answer, Fair." in text

    before = await ana.ask("/sleep")
    await ana.press(texts.THE_NIGHT_BEFORE, before)
    await ana.edited(before, "Tuesday, 30 June")
    await ana.press("Poor", before)
    await ana.edited(before, texts.LATENCY_QUESTION)
    assert [(night, rating) for night, rating, *_ in await ratings(bot, 9006)] == [
        (date(2026, 6, 30), 2),
        (date(2026, 7, 1), 5),
    ]


async def test_no_question_for_a_rated_night_or_a_quiet_user(
    bot: Harness, clock: ManualClock
) -> None:
    rated = await seed_user(bot, 9007)
    quiet = await seed_user(bot, 9008)
    clock.set(datetime(2026, 7, 2, 4, 0, tzinfo=UTC))  # 06:00, before the question
    await rated.press("Good", await rated.ask("/sleep"))
    await rated.answer()
    async with bot.sessions.begin() as session:
        user = await session.get(User, 9008)
        assert user is not None
        user.last_seen_at = NOW - timedelta(days=8)

    clock.set(datetime(2026, 7, 2, 6, 0, 5, tzinfo=UTC))
    await bot.tick()
    rated.expect_nothing_new()
    quiet.expect_nothing_new()
    async with bot.sessions.begin() as session:  # both moved on to tomorrow all the same
        schedules = await session.scalars(select(Schedule).where(Schedule.kind == "morning"))
        assert {s.next_fire_at for s in schedules} == {datetime(2026, 7, 3, 6, 0, tzinfo=UTC)}


async def test_moving_the_time_later_does_not_ask_twice(bot: Harness, clock: ManualClock) -> None:
    ana = await seed_user(bot, 9009, morning="07:00")
    clock.set(datetime(2026, 7, 2, 5, 0, 5, tzinfo=UTC))
    await bot.tick()
    await ana.next_message()
    assert (await ana.ask("/morning 09:00")).text == texts.morning_set("09:00")
    clock.set(datetime(2026, 7, 2, 7, 0, 5, tzinfo=UTC))  # 09:00
    await bot.tick()
    ana.expect_nothing_new()
    clock.set(datetime(2026, 7, 3, 7, 0, 5, tzinfo=UTC))  # next morning: asked again
    await bot.tick()
    assert (await ana.next_message()).text == texts.sleep_question("Thursday, 2 July", True)


async def test_morning_command(bot: Harness, clock: ManualClock) -> None:
    ana = await seed_user(bot, 9010)
    assert (await ana.ask("/morning")).text == texts.morning_status("08:00")
    assert (await ana.ask("/morning 7:15am")).text == texts.morning_set("07:15")
    for bad in ("25:00", "soon", "🙂", "x" * 4000):
        assert (await ana.ask(f"/morning {bad}")).text == texts.MORNING_USAGE
    assert (await ana.ask("/morning off")).text == texts.MORNING_OFF
    assert (await ana.ask("/morning")).text == texts.morning_status(None)
    clock.set(datetime(2026, 7, 2, 5, 15, 5, tzinfo=UTC))
    await bot.tick()
    ana.expect_nothing_new()
    assert (await ana.ask("/morning on")).text == texts.morning_set("07:15")
    stranger = bot.user(9011)
    assert (await stranger.ask("/morning 07:00")).text == texts.NEED_START
    assert (await stranger.ask("/sleep")).text == texts.NEED_START


@pytest.mark.postgres
async def test_a_question_due_while_the_bot_was_down_comes_once_after_restarts(
    fake_api: FakeBotApi, database_url: str
) -> None:
    clock = ManualClock(NOW)
    async with run_bot(fake_api, database_url, clock=clock) as bot:
        await seed_user(bot, 9020)
    sent_before = len(fake_api.messages_to(9020))

    clock.set(datetime(2026, 7, 2, 6, 20, tzinfo=UTC))  # 08:20: due 20 minutes ago
    for _ in range(2):  # up, down, up again: still one question
        async with run_bot(fake_api, database_url, clock=clock) as bot:
            await bot.tick()  # the tick at start
            await bot.tick()  # and one more
    questions = fake_api.messages_to(9020)[sent_before:]
    assert [q.text for q in questions] == [texts.sleep_question("Wednesday, 1 July", True)]


async def test_a_failure_before_sending_keeps_the_questions_due(
    bot: Harness, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = await seed_user(bot, 9022)
    original, calls = jobs.rated_among, []

    async def fails_once(*args: object) -> object:
        calls.append(args)
        if len(calls) == 1:
            raise ConnectionError("the database went away for a moment")
        return await original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs, "rated_among", fails_once)
    clock.set(datetime(2026, 7, 2, 6, 0, 5, tzinfo=UTC))
    await bot.tick()
    ana.expect_nothing_new()
    await bot.tick()
    question = await ana.next_message()  # on the next tick, not lost
    assert question.text == texts.sleep_question("Wednesday, 1 July", morning=True)
    assert len(calls) >= 2
    await bot.tick()
    ana.expect_nothing_new()

"""Evening reminders through the fake Bot API: the commands, the tick at the user's local
time, the buttons, bad input, the grace period, and a restart while reminders are due."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import ManualClock
from bot.config import DeliverySettings, RemindersSettings
from bot.devtools.fake_bot_api import FakeBotApi
from bot.devtools.simulated_user import SimulatedUser
from bot.models import ReminderEvent, Schedule, User
from tests.conftest import Harness, onboarded_user, run_bot

TEN_MINUTE_LINES = [line.format(minutes="10") for line in texts.REMINDER_LINES]
pytestmark = pytest.mark.e2e

# Wednesday 1 July 2026, 20:00 in Berlin (CEST, UTC+2).
NOW = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


async def seed_user(
    bot: Harness, user_id: int, *, at: time = time(21, 30), zone: str = "Europe/Berlin"
) -> SimulatedUser:
    """A user who finished onboarding (the onboarding itself is tested elsewhere)."""
    async with bot.sessions.begin() as session:
        session.add(onboarded_user(user_id, NOW, timezone=zone))
    user = bot.user(user_id)
    await user.ask(f"/remind {at.strftime('%H:%M')}")
    return user


async def schedule_of(bot: Harness, user_id: int) -> Schedule:
    async with bot.sessions.begin() as session:
        schedule = await session.scalar(select(Schedule).where(Schedule.user_id == user_id))
    assert schedule is not None
    return schedule


async def events(bot: Harness, user_id: int) -> list[tuple[str, date]]:
    async with bot.sessions.begin() as session:
        rows = await session.scalars(
            select(ReminderEvent).where(ReminderEvent.user_id == user_id).order_by(ReminderEvent.id)
        )
        return [(r.kind, r.night) for r in rows]


async def test_remind_sets_shows_and_switches_off(bot: Harness) -> None:
    ana = await seed_user(bot, 8001)

    for typed, shown in (("9:30pm", "21:30"), ("21.45", "21:45"), ("21:30", "21:30")):
        reply = await ana.ask(f"/remind {typed}")
        assert reply.text == f"Done: your reminder is at {shown}, starting tonight."

    status = await ana.ask("/remind")
    assert (status.text or "").startswith("Your evening reminder: 21:30 every day.")
    assert [texts.DONE] in status.buttons

    assert (await ana.ask("/remind off")).text == texts.REMINDER_OFF
    assert (await schedule_of(bot, 8001)).next_fire_at is None
    assert (await ana.ask("/remind on")).text == texts.REMINDER_ON
    assert (await schedule_of(bot, 8001)).next_fire_at == datetime(2026, 7, 1, 19, 30, tzinfo=UTC)


async def test_a_time_already_past_tonight_starts_tomorrow(bot: Harness) -> None:
    kim = await seed_user(bot, 8002)
    reply = await kim.ask("/remind 19:00")
    assert reply.text == "Done: your reminder is at 19:00, starting tomorrow."


@pytest.mark.parametrize("bad", ["25:00", "21:60", "tomorrow", "🙂", "x" * 4000])
async def test_bad_times_change_nothing(bot: Harness, bad: str) -> None:
    kim = await seed_user(bot, 8003)
    before = await schedule_of(bot, 8003)
    reply = await kim.ask(f"/remind {bad}")
    assert reply.html == texts.REMIND_USAGE
    after = await schedule_of(bot, 8003)
    assert (after.local_time, after.next_fire_at) == (before.local_time, before.next_fire_at)


async def test_pause_and_resume(bot: Harness) -> None:
    kim = await seed_user(bot, 8004)
    reply = await kim.ask("/pause 3")
    assert reply.text is not None
    assert "Saturday, 4 July" in reply.text
    assert (await schedule_of(bot, 8004)).next_fire_at == datetime(2026, 7, 4, 19, 30, tzinfo=UTC)

    for bad in ("/pause", "/pause 0", "/pause 61", "/pause soon"):
        assert (await kim.ask(bad)).text == texts.PAUSE_USAGE

    assert (await kim.ask("/resume")).text == texts.RESUMED
    assert (await schedule_of(bot, 8004)).next_fire_at == datetime(2026, 7, 1, 19, 30, tzinfo=UTC)
    assert (await kim.ask("/resume")).text == texts.NOT_PAUSED


async def test_timezone_and_settings_commands(bot: Harness) -> None:
    lea = await seed_user(bot, 8005)
    reply = await lea.ask("/timezone Tokyo")
    assert (reply.text or "").startswith("Time zone set: Tokyo, Japan (Asia/Tokyo).")
    # 21:30 in Tokyo is 12:30 UTC: already past at 18:00 UTC, so tomorrow.
    assert (await schedule_of(bot, 8005)).next_fire_at == datetime(2026, 7, 2, 12, 30, tzinfo=UTC)

    settings = await lea.ask("/settings")
    assert "Time zone: Asia/Tokyo" in (settings.text or "")
    assert "Evening reminder: 21:30 every day" in (settings.text or "")
    await lea.press(texts.CHANGE_ZONE)
    question = await lea.next_message()
    assert question.html == texts.ZONE_QUESTION
    assert (await lea.ask("/cancel")).text == texts.CANCELLED
    assert (await lea.ask("/cancel")).text == texts.NOTHING_TO_CANCEL
    # No longer waiting for a zone: the word is taken as a question, and the zone stays.
    assert not ((await lea.ask("Berlin")).text or "").startswith("Time zone set")
    assert "Asia/Tokyo" in ((await lea.ask("/settings")).text or "")


async def test_the_reminder_comes_at_the_local_time_with_three_buttons(
    bot: Harness, clock: ManualClock
) -> None:
    ana = await seed_user(bot, 8006)
    await bot.tick()
    ana.expect_nothing_new()  # 20:00: not yet

    clock.set(datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC))  # 21:30:05 in Berlin
    await bot.tick()
    reminder = await ana.next_message()
    assert reminder.text in TEN_MINUTE_LINES
    assert reminder.buttons == [[texts.START_NOW], [texts.snooze_button(15), texts.SKIP_TONIGHT]]
    await bot.tick()
    ana.expect_nothing_new()  # once only
    assert (await schedule_of(bot, 8006)).next_fire_at == datetime(2026, 7, 2, 19, 30, tzinfo=UTC)


@pytest.mark.postgres
async def test_snooze_brings_it_back_and_skip_ends_the_evening(
    bot: Harness, clock: ManualClock
) -> None:
    ana = await seed_user(bot, 8007)
    clock.set(datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC))
    await bot.tick()
    reminder = await ana.next_message()

    await ana.press(texts.snooze_button(15))
    await ana.edited(reminder, "again in 15 minutes")
    assert reminder.buttons == []
    clock.advance(minutes=15)
    await bot.tick()
    again = await ana.next_message()
    assert again.buttons[0] == [texts.START_NOW]

    await ana.press(texts.SKIP_TONIGHT, again)
    await ana.edited(again, texts.SKIPPED)
    assert await events(bot, 8007) == [("snoozed", date(2026, 7, 1)), ("skipped", date(2026, 7, 1))]
    assert (await schedule_of(bot, 8007)).next_fire_at == datetime(2026, 7, 2, 19, 30, tzinfo=UTC)


async def test_skip_cancels_a_pending_snooze(bot: Harness, clock: ManualClock) -> None:
    ana = await seed_user(bot, 8008)
    clock.set(datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC))
    await bot.tick()
    reminder = await ana.next_message()
    await ana.press(texts.snooze_button(15))
    await ana.edited(reminder, "again in 15 minutes")
    await ana.press_data("reminder|skip|20260701", reminder)  # the Skip of the first message
    await ana.answer()
    clock.advance(minutes=16)
    await bot.tick()
    ana.expect_nothing_new()


async def test_old_and_forged_buttons_change_nothing(bot: Harness, clock: ManualClock) -> None:
    ana = await seed_user(bot, 8009)
    clock.set(datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC))
    await bot.tick()
    reminder = await ana.next_message()
    before = (await schedule_of(bot, 8009)).next_fire_at

    clock.set(datetime(2026, 7, 3, 19, 0, tzinfo=UTC))  # two days later
    await ana.press(texts.snooze_button(15), reminder)
    assert await ana.answer() == texts.OLD_REMINDER
    for forged in (
        "reminder|snooze|20261340",
        "reminder|dance|20260703",
        "nonsense",
        "zone|Mars/Base",
    ):
        await ana.press_data(forged, reminder)
        assert await ana.answer() == texts.STALE_BUTTON
    assert (await schedule_of(bot, 8009)).next_fire_at == before
    assert await events(bot, 8009) == []


async def test_inactive_users_get_nothing(bot: Harness, clock: ManualClock) -> None:
    ana = await seed_user(bot, 8010)
    async with bot.sessions.begin() as session:
        user = await session.get(User, 8010)
        assert user is not None
        user.status = "inactive"
    clock.set(datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC))
    await bot.tick()
    ana.expect_nothing_new()


@pytest.mark.postgres
async def test_reminders_missed_while_down_follow_the_grace_period(
    fake_api: FakeBotApi, database_url: str
) -> None:
    clock = ManualClock(NOW)
    async with run_bot(fake_api, database_url, clock=clock) as bot:
        for user_id, at in ((8011, time(19, 30)), (8012, time(21, 30))):
            await seed_user(bot, user_id, at=at)
    # While the bot was down, 8011's reminder fell due 2 hours ago and 8012's 15 minutes
    # ago; the grace period is 60 minutes.
    async with run_bot(fake_api, database_url, clock=clock) as bot:
        async with bot.sessions.begin() as session:
            for user_id, due in (
                (8011, NOW - timedelta(hours=2)),
                (8012, NOW - timedelta(minutes=15)),
            ):
                schedule = await session.scalar(select(Schedule).where(Schedule.user_id == user_id))
                assert schedule is not None
                schedule.next_fire_at = due
        await bot.tick()
        late, missed = bot.user(8012), bot.user(8011)
        await late.next_message()  # the /remind confirmations from before the restart
        await missed.next_message()
        assert (await late.next_message()).text in [
            line.format(minutes="10") for line in texts.REMINDER_LINES
        ]
        missed.expect_nothing_new()
        assert await events(bot, 8011) == [("missed", date(2026, 7, 1))]


@pytest.mark.postgres
async def test_a_restart_while_reminders_are_due_sends_each_exactly_once(
    fake_api: FakeBotApi, database_url: str
) -> None:
    clock = ManualClock(NOW)
    users = range(8100, 8160)
    async with run_bot(fake_api, database_url, clock=clock) as bot:
        for user_id in users:
            await seed_user(bot, user_id)
    setup_messages = len(fake_api.sent)

    clock.set(datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC))
    slow = DeliverySettings(overall_per_second=20, per_chat_per_second=20, bulk_workers=4)
    # The reminders due go out from the tick at start, as they would in production.
    async with run_bot(fake_api, database_url, clock=clock, delivery=slow, scheduled=True):
        await fake_api.wait_until(lambda: len(fake_api.sent) > setup_messages + 5, 10)
    # Stopped in the middle: some reminders out, the rest handed back to the database.
    sent_before_restart = len(fake_api.sent) - setup_messages
    assert 0 < sent_before_restart < len(users)

    async with run_bot(fake_api, database_url, clock=clock) as bot:
        await bot.tick()
        assert len(fake_api.sent) - setup_messages >= len(users)
        await bot.tick()  # a tick more: any (wrong) second copy would go out now

    reminders = Counter(m.chat_id for m in fake_api.sent[setup_messages:])
    assert reminders == {user_id: 1 for user_id in users}


async def test_a_reminder_due_while_down_goes_out_at_start_not_a_tick_later(
    fake_api: FakeBotApi, database_url: str
) -> None:
    """The ticks run once right at start: with a tick every 5 minutes, a reminder that
    fell due while the bot was down still comes within seconds of the start."""
    clock = ManualClock(NOW)
    async with run_bot(fake_api, database_url, clock=clock) as bot:
        ana = await seed_user(bot, 8201)
    clock.set(datetime(2026, 7, 1, 19, 35, tzinfo=UTC))  # 21:35: due 5 minutes ago
    rarely = RemindersSettings(tick_seconds=300)
    async with run_bot(fake_api, database_url, clock=clock, reminders=rarely, scheduled=True):
        assert (await ana.next_message(timeout=10)).text in texts.REMINDER_LINES

"""Onboarding through the fake Bot API: consent, every screening answer, every way to give
a time zone, the evening time with its days and weekend time, and what a returning user
sees."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import ManualClock
from bot.devtools.simulated_user import SimulatedUser
from bot.models import Schedule, User
from bot.scheduling.rule import EVERY_DAY, WEEKDAYS
from tests.conftest import Harness

pytestmark = pytest.mark.e2e

# A Wednesday afternoon in July: 14:00 in Berlin.
NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


async def profile(bot: Harness, user_id: int) -> tuple[User, Schedule | None]:
    async with bot.sessions.begin() as session:
        user = await session.get(User, user_id)
        schedule = await session.scalar(
            select(Schedule).where(Schedule.user_id == user_id, Schedule.kind == "evening")
        )
    assert user is not None
    return user, schedule


async def consent_and_screen(user: SimulatedUser, *ticks: str, finish: str = "Done") -> str:
    """/start, accept, tick conditions, finish; returns the screening outcome text."""
    welcome = await user.ask("/start")
    assert welcome.buttons == [[texts.CONSENT_BUTTON], [texts.PRIVACY_BUTTON]]
    await user.press(texts.CONSENT_BUTTON)
    await user.api.wait_until(lambda: welcome.text == texts.SCREENING, 5)
    for label in ticks:
        await user.press(label)
        await user.answer()
    await user.press(finish)
    await user.api.wait_until(lambda: welcome.text != texts.SCREENING, 5)
    return welcome.text or ""


@pytest.mark.postgres
async def test_the_whole_onboarding_with_a_typed_city(bot: Harness) -> None:
    ana = bot.user(7001, "Ana")
    outcome = await consent_and_screen(ana, finish=texts.NONE_OF_THESE)
    assert outcome == texts.SCREENING_CLEAR

    zone_question = await ana.next_message()
    assert zone_question.html == texts.ZONE_QUESTION
    assert zone_question.reply_keyboard[0][0]["request_location"] is True

    zone_set = await ana.ask("berln")  # a typo still finds Berlin
    assert zone_set.text == "Time zone set: Berlin, Germany (Europe/Berlin). It's 14:00 there now."
    evening = await ana.next_message()
    assert [b for row in evening.buttons for b in row] == ["21:00", "21:30", "22:00", texts.NOT_NOW]

    await ana.press("21:30")
    await ana.edited(evening, "Your reminder: 21:30 every day.")
    await ana.press(texts.WEEKEND_DIFFERENT)
    await ana.edited(evening, texts.WEEKEND_QUESTION)
    summary = await ana.ask("23:15")
    assert summary.text is not None
    assert summary.text.startswith("Your reminder: 21:30 every day, and 23:15 at weekends.")

    await ana.press(texts.DONE, summary)
    assert "Europe/Berlin" in await ana.edited(summary, "You're all set.")
    offer = await ana.next_message()  # the weekly summary, offered once (bot/summary)
    assert offer.text == texts.weekly_offer("Sunday", "19:00")

    user, schedule = await profile(bot, 7001)
    assert user.timezone == "Europe/Berlin"
    assert user.screening == []
    assert user.consented_at == NOW
    assert user.awaiting is None
    assert schedule is not None
    assert (schedule.local_time, schedule.weekend_time) == (time(21, 30), time(23, 15))
    assert schedule.weekdays == EVERY_DAY
    assert schedule.next_fire_at == datetime(2026, 7, 1, 19, 30, tzinfo=UTC)  # tonight

    again = await ana.ask("/start")
    assert again.text is not None
    assert again.text.startswith("Welcome back, Ana.")
    assert "Evening reminder: 21:30 every day, 23:15 at weekends" in again.text
    # The morning sleep question comes at the default time, 08:00 tomorrow in Berlin.
    assert "Morning sleep question: 08:00" in again.text
    async with bot.sessions.begin() as session:
        morning = await session.scalar(
            select(Schedule).where(Schedule.user_id == 7001, Schedule.kind == "morning")
        )
    assert morning is not None
    assert morning.next_fire_at == datetime(2026, 7, 2, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize("condition", list(texts.CONDITIONS))
async def test_each_condition_is_named_with_a_pointer_to_a_clinician(
    bot: Harness, condition: str
) -> None:
    sam = bot.user(7100, "Sam")
    outcome = await consent_and_screen(sam, texts.CONDITIONS[condition])

    assert texts.CONDITION_WHY[condition] in outcome.lower()
    assert "clinician" in outcome
    assert "keeps your legs low" in outcome
    user, _ = await profile(bot, 7100)
    assert user.screening == [condition]


async def test_several_conditions_and_unticking_one(bot: Harness) -> None:
    sam = bot.user(7101)
    glaucoma, heart = texts.CONDITIONS["glaucoma"], texts.CONDITIONS["heart"]
    pregnancy = texts.CONDITIONS["pregnancy"]
    screening = await sam.ask("/start")
    await sam.press(texts.CONSENT_BUTTON)
    await sam.edited(screening, texts.SCREENING)
    for label, becomes in (
        (glaucoma, "✓ " + glaucoma),
        (heart, "✓ " + heart),
        ("✓ " + glaucoma, glaucoma),
        (pregnancy, "✓ " + pregnancy),
    ):
        await sam.press(label)
        await sam.api.wait_until(lambda b=becomes: [b] in screening.buttons, 5)
    await sam.press(texts.DONE)
    await sam.next_message()  # the time zone question follows the outcome

    user, _ = await profile(bot, 7101)
    assert user.screening == ["heart", "pregnancy"]


async def test_screening_can_be_skipped_and_is_asked_again_later(bot: Harness) -> None:
    kim = bot.user(7102)
    outcome = await consent_and_screen(kim, finish=texts.SKIP_FOR_NOW)
    assert outcome == texts.SCREENING_SKIPPED
    user, _ = await profile(bot, 7102)
    assert user.screening is None
    assert user.screened_at == NOW


async def onboard_to_zone(user: SimulatedUser) -> None:
    await consent_and_screen(user, finish=texts.NONE_OF_THESE)
    await user.next_message()  # the zone question


async def test_time_zone_from_a_shared_location(bot: Harness) -> None:
    lea = bot.user(7200)
    await onboard_to_zone(lea)
    await lea.share_location(-33.87, 151.21)  # Sydney
    reply = await lea.next_message()
    assert reply.text is not None
    assert reply.text.startswith("Time zone set: Australia/Sydney.")
    assert (await profile(bot, 7200))[0].timezone == "Australia/Sydney"


@pytest.mark.parametrize(
    ("typed", "zone_name"),
    [
        ("america/new_york", "America/New_York"),
        ("Munich", "Europe/Berlin"),
        ("KOLKATA", "Asia/Kolkata"),
    ],
)
async def test_time_zone_from_a_typed_name(bot: Harness, typed: str, zone_name: str) -> None:
    lea = bot.user(7201)
    await onboard_to_zone(lea)
    await lea.ask(typed)
    assert (await profile(bot, 7201))[0].timezone == zone_name


async def test_an_ambiguous_place_offers_choices(bot: Harness) -> None:
    lea = bot.user(7202)
    await onboard_to_zone(lea)
    choices = await lea.ask("Springfield")
    assert choices.text == texts.ZONE_CHOOSE
    labels = [row[0] for row in choices.buttons]
    # Each with its state and local time (14:00 UTC is 07:00 in Chicago, 08:00 in New
    # York); Springfield, Illinois shares Missouri's zone, so one of them is enough.
    assert labels == ["Springfield, Missouri · 07:00", "Springfield, Massachusetts · 08:00"]

    await lea.press(labels[1], choices)
    picked = await lea.next_message()
    assert (picked.text or "").startswith(
        "Time zone set: Springfield, Massachusetts (America/New_York)."
    )
    assert (await profile(bot, 7202))[0].timezone == "America/New_York"


async def test_an_offset_works_with_a_daylight_saving_warning(bot: Harness) -> None:
    lea = bot.user(7203)
    await onboard_to_zone(lea)
    reply = await lea.ask("UTC+5:30")
    assert reply.text is not None
    assert "doesn't follow daylight saving" in reply.text
    assert (await profile(bot, 7203))[0].timezone == "UTC+05:30"


async def test_an_unknown_place_asks_again_and_changes_nothing(bot: Harness) -> None:
    lea = bot.user(7204)
    await onboard_to_zone(lea)
    for nonsense in ("Atlantis under the sea", "🙂", "x" * 4000):
        reply = await lea.ask(nonsense)
        assert reply.html == texts.ZONE_UNKNOWN
    user, _ = await profile(bot, 7204)
    assert user.timezone is None
    assert user.awaiting == "timezone"


async def test_weekdays_and_chosen_days(bot: Harness) -> None:
    lea = bot.user(7205)
    await onboard_to_zone(lea)
    await lea.ask("Lisbon")
    evening = await lea.next_message()
    await lea.press("22:00")
    await lea.edited(evening, "22:00 every day")
    await lea.press(texts.WEEKDAYS_ONLY)
    await lea.edited(evening, "22:00 on weekdays")
    assert (await profile(bot, 7205))[1].weekdays == WEEKDAYS  # type: ignore[union-attr]

    await lea.press(texts.CHOOSE_DAYS)
    await lea.edited(evening, texts.DAYS_QUESTION)
    for label, shown in (("✓ Mon", "Mon"), ("✓ Tue", "Tue"), ("Sun", "✓ Sun")):
        await lea.press(label)
        await lea.api.wait_until(
            lambda shown=shown: any(shown in row for row in evening.buttons), 5
        )
    await lea.press(texts.DONE)
    await lea.edited(evening, "22:00 on Wed, Thu, Fri, Sun")


async def test_a_typed_evening_time_and_bad_ones(bot: Harness) -> None:
    lea = bot.user(7206)
    await onboard_to_zone(lea)
    await lea.ask("Lisbon")
    await lea.next_message()
    for bad in ("25:00", "21:60", "tomorrow", "🙂"):
        assert (await lea.ask(bad)).html == texts.TIME_NOT_UNDERSTOOD_OR_KEEP
    assert (await profile(bot, 7206))[1] is None

    summary = await lea.ask("9:45pm")
    assert (summary.text or "").startswith("Your reminder: 21:45 every day.")


async def test_reminders_can_be_declined_during_onboarding(bot: Harness) -> None:
    lea = bot.user(7207)
    await onboard_to_zone(lea)
    await lea.ask("Lisbon")
    evening = await lea.next_message()
    await lea.press(texts.NOT_NOW)
    await lea.edited(evening, texts.REMINDERS_OFF_CHOSEN)
    schedule = (await profile(bot, 7207))[1]
    assert schedule is not None
    assert schedule.enabled is False
    assert schedule.next_fire_at is None

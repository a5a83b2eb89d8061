"""What a newcomer meets (issue 17): no question that traps, "keep it" on every prompt for
a value, the configured default zone, through the fake Bot API."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot import texts
from bot.clock import ManualClock
from bot.config import DefaultsSettings
from bot.devtools.simulated_user import SimulatedUser
from tests.conftest import Harness
from tests.e2e.test_onboarding import onboard_to_zone, profile

pytestmark = pytest.mark.e2e

# Wednesday 2 December 2026, 14:00 in Lisbon.
NOW = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def bot_sections() -> dict[str, object]:
    return {"defaults": DefaultsSettings(timezone="America/New_York")}


async def onboard_in_lisbon(user: SimulatedUser) -> None:
    await onboard_to_zone(user)
    await user.ask("Lisbon")
    evening = await user.next_message()
    await user.press("21:30")
    await user.edited(evening, "Your reminder: 21:30 every day.")


async def test_timezone_without_a_name_offers_keep_and_does_not_trap(bot: Harness) -> None:
    ines = bot.user(7601, "Inês")
    await onboard_in_lisbon(ines)

    assert (await ines.ask("/timezone")).text == texts.zone_now("Europe/Lisbon")
    question = await ines.next_message()
    assert question.html == texts.ZONE_QUESTION
    keep = texts.keep_button("Europe/Lisbon")
    assert [row[0]["text"] for row in question.reply_keyboard] == [texts.SHARE_LOCATION, keep]

    # Something that is plainly not a place is not answered "I couldn't place that": the
    # bot stops waiting and takes it as a question.
    answer = await ines.ask("how long should I stay in the pose?", timeout=20)
    assert answer.html not in (texts.ZONE_UNKNOWN, texts.ZONE_UNKNOWN_OR_KEEP)
    user, _ = await profile(bot, 7601)
    assert (user.awaiting, user.timezone) == (None, "Europe/Lisbon")

    # Asked again, "Keep" leaves it as it is, and nothing is awaited any more.
    await ines.ask("/timezone")
    await ines.next_message()
    kept = await ines.ask(keep)
    assert kept.text == "Okay, your time zone stays Europe/Lisbon."
    user, _ = await profile(bot, 7601)
    assert (user.awaiting, user.timezone) == (None, "Europe/Lisbon")
    follow_up = await ines.ask("how long should I stay in the pose?", timeout=20)
    assert follow_up.html not in (texts.ZONE_UNKNOWN, texts.ZONE_UNKNOWN_OR_KEEP)


async def test_an_unplaceable_answer_offers_keep_to_someone_with_a_zone(bot: Harness) -> None:
    ines = bot.user(7602, "Inês")
    await onboard_in_lisbon(ines)
    await ines.ask("/timezone")
    await ines.next_message()

    reply = await ines.ask("Qwxyzpt")
    assert reply.html == texts.ZONE_UNKNOWN_OR_KEEP
    assert reply.reply_keyboard[-1][0]["text"] == texts.keep_button("Europe/Lisbon")
    assert (await ines.ask("keep it")).text == "Okay, your time zone stays Europe/Lisbon."


async def test_settings_change_time_offers_keep_and_does_not_trap(bot: Harness) -> None:
    ines = bot.user(7603, "Inês")
    await onboard_in_lisbon(ines)
    await ines.ask("/settings")
    await ines.press(texts.CHANGE_TIME)
    question = await ines.next_message()
    assert question.html == texts.EVENING_QUESTION
    assert [texts.keep_button("21:30")] in question.buttons

    answer = await ines.ask("how long should I stay in the pose?", timeout=20)
    assert answer.html != texts.TIME_NOT_UNDERSTOOD_OR_KEEP
    assert (await profile(bot, 7603))[0].awaiting is None

    await ines.press(texts.CHANGE_TIME)
    question = await ines.next_message()
    await ines.press(texts.keep_button("21:30"), question)
    await ines.edited(question, "Your reminder: 21:30 every day.")
    user, schedule = await profile(bot, 7603)
    assert user.awaiting is None
    assert schedule is not None
    assert schedule.enabled


@pytest.mark.parametrize("command", ["/remind", "/winddown", "/morning", "/sleep", "/week"])
async def test_the_configured_default_zone_is_assumed_and_said(bot: Harness, command: str) -> None:
    kai = bot.user(7610, "Kai")
    await onboard_to_zone(kai)  # and then goes past the zone question

    assumed = await kai.ask(command)
    assert assumed.text == texts.zone_assumed("America/New_York")
    assert assumed.buttons == [[texts.CHANGE_ZONE]]
    answer = await kai.next_message()
    assert answer.text != texts.NEED_START
    user, _ = await profile(bot, 7610)
    assert (user.timezone, user.awaiting) == ("America/New_York", None)

    # Said once; the one tap asks for the zone again.
    await kai.settled()
    settings = await kai.ask("/settings")
    assert "Time zone: America/New_York" in (settings.text or "")
    await kai.press(texts.CHANGE_ZONE, assumed)
    assert (await kai.next_message()).html == texts.ZONE_QUESTION


async def test_someone_who_has_not_consented_is_still_asked_to_start(bot: Harness) -> None:
    kai = bot.user(7611, "Kai")
    await kai.ask("/start")
    assert (await kai.ask("/remind")).text == texts.NEED_START
    assert (await profile(bot, 7611))[0].timezone is None


def words(html: str | None) -> int:
    return len(re.sub(r"<[^>]+>", "", html or "").split())


async def test_the_first_message_is_short_with_privacy_a_tap_away(bot: Harness) -> None:
    sam = bot.user(7620, "Sam")
    first = await sam.ask("/start")

    assert words(first.html) <= 60
    assert first.buttons == [[texts.CONSENT_BUTTON], [texts.PRIVACY_BUTTON]]
    assert "not a substitute for medical advice" in (first.text or "")
    await sam.press(texts.PRIVACY_BUTTON)
    assert (await sam.next_message()).html == texts.PRIVACY
    assert (await sam.ask("/privacy")).html == texts.PRIVACY


async def test_help_shows_the_everyday_commands_first_and_the_rest_under_more(
    bot: Harness,
) -> None:
    sam = bot.user(7621, "Sam")
    first = await sam.ask("/help")

    shown = re.findall(r"^/(\w+) – ", first.text or "", re.MULTILINE)
    assert 0 < len(shown) <= 8
    assert first.buttons == [[texts.MORE_COMMANDS_BUTTON]]
    await sam.press(texts.MORE_COMMANDS_BUTTON)
    every = await sam.edited(first, "The rest:")
    assert sorted(re.findall(r"^/(\w+) – ", every, re.MULTILINE)) == sorted(
        command for command, _ in texts.COMMANDS
    )


async def test_onboarding_ends_with_the_first_reminder_and_try_it_now(bot: Harness) -> None:
    ines = bot.user(7622, "Inês")
    await onboard_to_zone(ines)
    await ines.ask("Lisbon")
    evening = await ines.next_message()
    await ines.press("21:30")
    await ines.edited(evening, "Your reminder: 21:30 every day.")
    await ines.press(texts.DONE, evening)
    done = await ines.edited(evening, "You're all set.")

    assert "Your first reminder: this evening, Wed 2 Dec, 21:30." in done
    assert evening.buttons == [[texts.TRY_IT_NOW]]
    offer = await ines.next_message()  # the weekly summary's offer comes right after
    assert texts.WEEKLY_OFFER_NO in offer.buttons[0]
    await ines.press(texts.TRY_IT_NOW, evening)
    assert await ines.next_message()  # the session's options

    # Back later, /start goes straight to the settings.
    again = await ines.ask("/start")
    assert (again.text or "").startswith("Welcome back, Inês.\n\nYour settings:")
    assert again.buttons == (await ines.ask("/settings")).buttons


async def test_settings_pause_and_resume_in_place_and_privacy(bot: Harness) -> None:
    ines = bot.user(7630, "Inês")
    await onboard_in_lisbon(ines)
    screen = await ines.ask("/settings")
    assert screen.text is not None
    assert "Evening reminder: 21:30 every day" in screen.text
    assert ["Pause 1 day", "3 days", "1 week"] in screen.buttons
    assert [texts.PRIVACY_BUTTON] in screen.buttons

    await ines.press("3 days", screen)
    # Paused keeps the time: what comes back, and when (Wed 2 Dec + 3 days).
    paused = await ines.edited(screen, "paused until")
    assert "Evening reminder: 21:30 every day, paused until Sat 5 Dec" in paused
    assert [texts.RESUME_REMINDERS] in screen.buttons

    await ines.press(texts.RESUME_REMINDERS, screen)
    await bot.api.wait_until(lambda: "paused" not in (screen.text or ""), 5)
    assert "Evening reminder: 21:30 every day" in (screen.text or "")

    await ines.press(texts.PRIVACY_BUTTON, screen)
    assert (await ines.next_message()).html == texts.PRIVACY

"""Every button's callback data parses back into the tap that made it; data no button of
ours carries parses into nothing, so a forged or stale button matches no room."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import keyboards
from bot.keyboards import (
    ControlTap,
    DaysTap,
    DeleteTap,
    EveningTap,
    FaqTap,
    ReminderTap,
    SafetyCheckTap,
    ScreenTap,
    SettingsTap,
    StartSessionTap,
    ZoneTap,
)
from bot.scheduling.rule import EVERY_DAY, Rule
from bot.settings.summary import Settings, buttons
from bot.vocab import Condition

NIGHT = date(2026, 7, 1)
EVERY_SETTING = Settings(
    zone="Europe/Lisbon",
    evening=Rule(time(21, 30), EVERY_DAY),
    morning=time(8, 0),
    screening=[],
    screened=True,
    session_seconds=600,
    pattern="coherent",
)
EVERY_KEYBOARD = [
    keyboards.consent(),
    keyboards.screening(["glaucoma"]),
    keyboards.zone_choices([("Berlin", "Europe/Berlin", 12), ("Offset", "UTC+05:30", None)]),
    keyboards.evening_times([time(21, 0), time(21, 30)]),
    keyboards.evening_options(0b0011111, True),
    keyboards.evening_options(0b1111111, False),
    keyboards.custom_days(0b1010101),
    keyboards.weekend_times([time(22, 0)]),
    keyboards.reminder(NIGHT, 15),
    keyboards.settings_menu(buttons(EVERY_SETTING)),
    keyboards.settings_menu(buttons(replace(EVERY_SETTING, paused_until=NIGHT))),
    keyboards.first_consent(),
    keyboards.more_help(),
    keyboards.try_it_now(),
    keyboards.change_zone(),
    keyboards.evening_times([time(21, 0)], keep=time(21, 30)),
    keyboards.session_options((300, 600), 600, [("coherent", "Even")], "coherent"),  # type: ignore[list-item]
    keyboards.ready(),
    keyboards.live_controls(12),
    keyboards.live_controls(12, paused=True),
    keyboards.running_choice(12),
    keyboards.check_out(12),
    keyboards.start_again(),
    keyboards.sleep_rating(NIGHT, offer_night_before=True),
    keyboards.sleep_follow_up("latency", NIGHT),
    keyboards.sleep_follow_up("wake", NIGHT),
    keyboards.confirm_delete(),
    keyboards.faq_entries([("how-long", "How long?")], back=True),
    keyboards.faq_topics([("basics", "Basics")]),
    keyboards.crisis_check("123"),
    keyboards.weekly_offer(6, time(19, 0)),
    keyboards.health_once(Condition.SWELLING),
]


@pytest.mark.parametrize("markup", EVERY_KEYBOARD)
def test_every_button_parses_back_into_its_tap(markup: object) -> None:
    for row in markup.inline_keyboard:  # type: ignore[attr-defined]
        for button in row:
            tap = keyboards.parse(button.callback_data)
            assert tap is not None, button.callback_data
            assert tap.data() == button.callback_data


@pytest.mark.parametrize(
    ("data", "tap"),
    [
        ("screen|heart", ScreenTap(Condition.HEART)),
        ("screen|skip", ScreenTap("skip")),
        ("zone|Asia/Tokyo", ZoneTap("Asia/Tokyo")),
        ("zone|America/New_York|4321", ZoneTap("America/New_York", 4321)),
        ("evening|off", EveningTap(None)),
        ("evening|2145", EveningTap(time(21, 45))),
        ("days|custom", DaysTap(None)),
        ("days|0", DaysTap(0)),  # never on a button; answered "pick at least one day"
        ("settings|zone", SettingsTap("zone")),
        ("reminder|skip|20260701", ReminderTap("skip", NIGHT)),
        ("winddown|start", StartSessionTap()),
        ("winddown|start|20260701", StartSessionTap(NIGHT)),
        ("wd-control|pause|7", ControlTap("pause", 7)),
        ("delete|no", DeleteTap(confirmed=False)),
        ("faq|topics", FaqTap("topics")),
        ("safe|yes", SafetyCheckTap(crisis=True)),
        ("weekly-offer|yes|6|1900", keyboards.WeeklyOfferTap(True, 6, time(19, 0))),
        ("weekly-offer|no", keyboards.WeeklyOfferTap(False)),
        ("health-once|swelling|yes", keyboards.HealthOnceTap(Condition.SWELLING, True)),
        ("health-once|heart|no", keyboards.HealthOnceTap(Condition.HEART, False)),
        ("morning|0715", keyboards.MorningTap(time(7, 15))),
        ("morning|off", keyboards.MorningTap(None)),
        ("settings|weekly-on", SettingsTap("weekly-on")),
    ],
)
def test_what_each_tap_says(data: str, tap: keyboards.Tap) -> None:
    assert keyboards.parse(data) == tap


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "nonsense",
        "zone|Mars/Base",
        "screen|flu",
        "evening|2460",
        "days|128",
        "day|7",
        "weekend|soon",
        "settings|colour",
        "reminder|dance|20260701",
        "reminder|snooze|20261340",
        "reminder|snooze",
        "winddown|stop",
        "wd-length|ten",
        "wd-pattern|square",
        "wd-control|dance|7",
        "wd-feel|7|6",
        "delete|maybe",
        "faq|entry",
        "safe|perhaps|1",
        "setup-done|extra",
        "health-once|flu|yes",
        "health-once|swelling|maybe",
        "health-once|swelling",
        "consent|" + "x" * 70,
        "weekly-offer|yes|7|1900",
        "weekly-offer|yes|6|2500",
        "weekly-offer|maybe",
        "morning|0760",
        "morning|0715|extra",
        "morning",
    ],
)
def test_forged_and_stale_data_parses_into_nothing(data: str | None) -> None:
    assert keyboards.parse(data) is None


def test_a_room_takes_only_its_own_taps() -> None:
    settings = keyboards.taps(SettingsTap, where=lambda tap: tap.part in ("time", "days"))
    assert settings("settings|days")
    assert not settings("settings|zone")
    assert not settings("delete|yes")
    assert keyboards.taps(DeleteTap)("delete|yes")


def test_the_snooze_button_says_the_configured_length() -> None:
    labels = [b.text for row in keyboards.reminder(NIGHT, 10).inline_keyboard for b in row]
    assert "Snooze 10 min" in labels


@given(st.text(max_size=70))
def test_any_text_parses_into_a_tap_or_nothing(data: str) -> None:
    tap = keyboards.parse(data)
    assert tap is None or isinstance(tap, keyboards.Tap)

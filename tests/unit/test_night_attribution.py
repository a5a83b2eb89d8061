"""Which night a moment belongs to, in several zones and across daylight saving."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import keyboards
from bot.sleep.rating import accepts
from bot.times import last_night, local_date, night_of

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham"]


@pytest.mark.parametrize(
    ("instant", "zone", "night", "last"),
    [
        # 00:30 Thursday in Berlin is still Wednesday's night; its last night was Tuesday's.
        (
            datetime(2026, 7, 1, 22, 30, tzinfo=UTC),
            "Europe/Berlin",
            date(2026, 7, 1),
            date(2026, 7, 1),
        ),
        # 08:00 in Kolkata on 2 July: waking from the night of 1 July.
        (
            datetime(2026, 7, 2, 2, 30, tzinfo=UTC),
            "Asia/Kolkata",
            date(2026, 7, 1),
            date(2026, 7, 1),
        ),
        # 15:00 in New York: tonight is 2 July, last night was 1 July.
        (
            datetime(2026, 7, 2, 19, 0, tzinfo=UTC),
            "America/New_York",
            date(2026, 7, 2),
            date(2026, 7, 1),
        ),
        # The same UTC instant is already 3 July, 07:45, in Chatham.
        (
            datetime(2026, 7, 2, 19, 0, tzinfo=UTC),
            "Pacific/Chatham",
            date(2026, 7, 2),
            date(2026, 7, 2),
        ),
        # Sydney's clocks go back on 5 April 2026: 08:00 that morning answers for 4 April.
        (
            datetime(2026, 4, 4, 22, 0, tzinfo=UTC),
            "Australia/Sydney",
            date(2026, 4, 4),
            date(2026, 4, 4),
        ),
    ],
)
def test_nights_by_zone(instant: datetime, zone: str, night: date, last: date) -> None:
    assert night_of(instant, zone) == night
    assert last_night(instant, zone) == last


@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    ),
    st.sampled_from(ZONES),
)
def test_a_night_is_the_evening_before_noon_or_the_same_day_after(
    instant: datetime, zone: str
) -> None:
    local = instant.astimezone(ZoneInfo(zone))
    night = night_of(instant, zone)
    assert night == (local.date() if local.hour >= 12 else local.date() - timedelta(days=1))
    assert last_night(instant, zone) == local_date(instant, zone) - timedelta(days=1)


def test_a_late_tap_counts_for_its_own_night_within_the_window() -> None:
    now = datetime(2026, 7, 2, 13, 0, tzinfo=UTC)  # 15:00 in Berlin
    zone = "Europe/Berlin"
    assert accepts(date(2026, 7, 1), now, zone, max_days=7)  # this morning's question
    assert accepts(date(2026, 6, 24), now, zone, max_days=7)  # a week-old question
    assert not accepts(date(2026, 6, 23), now, zone, max_days=7)  # older: expired
    assert not accepts(date(2026, 7, 2), now, zone, max_days=7)  # tonight is not over


@given(st.text(max_size=80))
def test_any_callback_data_parses_to_a_valid_sleep_tap_or_nothing(data: str) -> None:
    tap = keyboards.parse_sleep(data)
    assert tap is None or tap.step in ("ask", "rate", "latency", "wake")


def test_sleep_buttons_round_trip_and_forgeries_are_refused() -> None:
    night = date(2026, 7, 1)
    for row in keyboards.sleep_rating(night, offer_night_before=True).inline_keyboard:
        for button in row:
            assert keyboards.parse_sleep(str(button.callback_data)) is not None
    for forged in (
        "sleep|rate|20260701|6",
        "sleep|rate|20260701",
        "sleep|wake|20260701|9",
        "sleep|ask|20261301",
        "sleep|dance|20260701|1",
        "reminder|skip|20260701",
    ):
        assert keyboards.parse_sleep(forged) is None
    tap = keyboards.parse_sleep("sleep|latency|20260701|15-30")
    assert tap == keyboards.SleepTap("latency", night, "15-30")

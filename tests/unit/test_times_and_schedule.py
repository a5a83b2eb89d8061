"""Time parsing and the schedule maths, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.scheduling.rule import EVERY_DAY, WEEKDAYS, Rule, next_occurrence
from bot.times import local_instant, parse_time, zone

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "UTC+05:30",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:30", time(21, 30)),
        ("21.30", time(21, 30)),
        ("9:30pm", time(21, 30)),
        ("9:30 PM", time(21, 30)),
        ("9 pm", time(21, 0)),
        ("12am", time(0, 0)),
        ("12:15pm", time(12, 15)),
        ("2130", time(21, 30)),
        ("21h30", time(21, 30)),
        (" 7:05 ", time(7, 5)),
        ("9", time(9, 0)),
    ],
)
def test_times_people_type(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text", ["25:00", "21:60", "tomorrow", "🙂", "", "13pm", "0am", "21:3", "9:30xm", "1" * 4000]
)
def test_not_times(text: str) -> None:
    assert parse_time(text) is None


@given(st.times())
def test_every_clock_time_reads_back_in_each_format(value: time) -> None:
    value = value.replace(second=0, microsecond=0)
    hour12 = value.hour % 12 or 12
    suffix = "pm" if value.hour >= 12 else "am"
    for text in (
        f"{value.hour}:{value.minute:02d}",
        f"{value.hour:02d}.{value.minute:02d}",
        f"{hour12}:{value.minute:02d}{suffix}",
        f"{hour12}:{value.minute:02d} {suffix.upper()}",
    ):
        assert parse_time(text) == value


def test_spring_forward_moves_to_the_first_valid_minute() -> None:
    # Berlin, 29 March 2026: 02:00 jumps to 03:00.
    instant = local_instant(date(2026, 3, 29), time(2, 30), "Europe/Berlin")
    assert instant.astimezone(ZoneInfo("Europe/Berlin")).time() == time(3, 0)


def test_fall_back_fires_once_at_the_first_of_the_two() -> None:
    # New York, 1 November 2026: 01:30 happens twice; the first is EDT (UTC-4).
    instant = local_instant(date(2026, 11, 1), time(1, 30), "America/New_York")
    assert instant == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_the_wall_clock_time_is_kept_across_the_change() -> None:
    rule = Rule(time(21, 30))
    berlin = ZoneInfo("Europe/Berlin")
    before = next_occurrence(rule, "Europe/Berlin", datetime(2026, 3, 28, 12, tzinfo=UTC))
    after = next_occurrence(rule, "Europe/Berlin", before)  # type: ignore[arg-type]
    assert before == datetime(2026, 3, 28, 20, 30, tzinfo=UTC)  # CET, UTC+1
    assert after == datetime(2026, 3, 29, 19, 30, tzinfo=UTC)  # CEST, UTC+2
    assert after.astimezone(berlin).time() == time(21, 30)  # type: ignore[union-attr]


def test_tonight_if_still_ahead_else_tomorrow() -> None:
    rule = Rule(time(21, 30))
    at_eight = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)  # 20:00 in Berlin
    at_ten = datetime(2026, 7, 1, 20, 0, tzinfo=UTC)  # 22:00 in Berlin
    assert next_occurrence(rule, "Europe/Berlin", at_eight) == datetime(
        2026, 7, 1, 19, 30, tzinfo=UTC
    )
    assert next_occurrence(rule, "Europe/Berlin", at_ten) == datetime(
        2026, 7, 2, 19, 30, tzinfo=UTC
    )


def test_weekend_time_and_weekdays() -> None:
    rule = Rule(time(21, 0), WEEKDAYS | 0b1000000, weekend_at=time(22, 30))  # Mon-Fri + Sun
    friday_night = datetime(2026, 7, 3, 22, 0, tzinfo=UTC)  # Friday, after 21:00 in London
    sunday = next_occurrence(rule, "Europe/London", friday_night)
    assert sunday == datetime(2026, 7, 5, 21, 30, tzinfo=UTC)  # 22:30 BST, Saturday skipped


def test_no_weekdays_means_never() -> None:
    assert next_occurrence(Rule(time(21, 0), 0), "UTC", datetime(2026, 1, 1, tzinfo=UTC)) is None


def test_a_pause_skips_to_the_first_evening_after_it() -> None:
    rule = Rule(time(21, 30))
    now = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    until = local_instant(date(2026, 7, 4), time(0, 0), "Asia/Kolkata")
    result = next_occurrence(rule, "Asia/Kolkata", now, paused_until=until)
    assert result == local_instant(date(2026, 7, 4), time(21, 30), "Asia/Kolkata")


rules = st.builds(
    Rule,
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    weekdays=st.integers(min_value=1, max_value=EVERY_DAY),
    weekend_at=st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(rule=rules, zone_name=st.sampled_from(ZONES), after=instants)
def test_next_occurrence_is_the_earliest_valid_firing(
    rule: Rule, zone_name: str, after: datetime
) -> None:
    result = next_occurrence(rule, zone_name, after)
    assert result is not None
    assert result > after
    assert result - after <= timedelta(days=8)
    local = result.astimezone(zone(zone_name))
    day = local.date()
    wanted = rule.time_on(day)
    if local.time() != wanted:
        # Only in a spring-forward gap: it fired at the first valid minute after it.
        assert local_instant(day, wanted, zone_name) == result
        assert local.time() > wanted
    # The firing day is one of the rule's days (or the gap pushed it past midnight).
    assert rule.runs_on(day) or rule.runs_on(day - timedelta(days=1))
    # No valid firing was skipped between `after` and the result.
    start = after.astimezone(zone(zone_name)).date() - timedelta(days=1)
    for offset in range(10):
        candidate_day = start + timedelta(days=offset)
        if rule.runs_on(candidate_day):
            candidate = local_instant(candidate_day, rule.time_on(candidate_day), zone_name)
            assert not (after < candidate < result)


@settings(max_examples=200, deadline=None)
@given(rule=rules, zone_name=st.sampled_from(ZONES), after=instants)
def test_occurrences_never_repeat_and_keep_moving(
    rule: Rule, zone_name: str, after: datetime
) -> None:
    first = next_occurrence(rule, zone_name, after)
    second = next_occurrence(rule, zone_name, first)  # type: ignore[arg-type]
    assert first is not None
    assert second is not None
    assert second > first
    assert second.astimezone(zone(zone_name)).date() > first.astimezone(zone(zone_name)).date()


@settings(max_examples=200, deadline=None)
@given(
    rule=rules,
    zone_name=st.sampled_from(ZONES),
    after=instants,
    days=st.integers(min_value=1, max_value=30),
)
def test_nothing_fires_inside_a_pause(
    rule: Rule, zone_name: str, after: datetime, days: int
) -> None:
    until = local_instant(
        after.astimezone(zone(zone_name)).date() + timedelta(days=days), time(0), zone_name
    )
    result = next_occurrence(rule, zone_name, after, paused_until=until)
    assert result is not None
    assert result >= until

"""Times and zones as people type them (issue 17): a table of phrases, a table of zone
abbreviations with their offsets in winter and in summer, and properties."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.onboarding.zones import find_zone
from bot.times import describe_when, parse_time, zone

# typed, as any time, as the evening reminder's time
PHRASES = [
    ("21:30", time(21, 30), time(21, 30)),
    ("9:30pm", time(21, 30), time(21, 30)),
    ("9:30 pm please", time(21, 30), time(21, 30)),
    ("9.30 p.m.", time(21, 30), time(21, 30)),
    ("21.30", time(21, 30), time(21, 30)),
    ("21h30", time(21, 30), time(21, 30)),
    ("2130", time(21, 30), time(21, 30)),
    ("9 pm", time(21, 0), time(21, 0)),
    ("9", time(9, 0), time(21, 0)),
    ("9.30", time(9, 30), time(21, 30)),
    ("09:30", time(9, 30), time(9, 30)),  # a leading zero is taken as written
    ("half past nine", time(9, 30), time(21, 30)),
    ("Half past 9, please!", time(9, 30), time(21, 30)),
    ("half nine", time(9, 30), time(21, 30)),
    ("quarter to ten", time(9, 45), time(21, 45)),
    ("a quarter past ten", time(10, 15), time(22, 15)),
    ("twenty past nine", time(9, 20), time(21, 20)),
    ("ten to eleven", time(10, 50), time(22, 50)),
    ("nine tonight", time(21, 0), time(21, 0)),
    ("10 in the morning", time(10, 0), time(10, 0)),
    ("around 10ish", time(10, 0), time(22, 0)),
    ("ten o'clock", time(10, 0), time(22, 0)),
    ("12:30", time(12, 30), time(0, 30)),  # an evening's 12:30 is half past midnight
    ("1:15", time(1, 15), time(1, 15)),  # a late night, not the afternoon
    ("midnight", time(0, 0), time(0, 0)),
    ("noon", time(12, 0), time(12, 0)),
    ("12am", time(0, 0), time(0, 0)),
    ("12pm", time(12, 0), time(12, 0)),
    ("25:00", None, None),
    ("21:60", None, None),
    ("13pm", None, None),
    ("tomorrow", None, None),
    ("half past", None, None),
    ("🙂", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("typed", "any_time", "evening"), PHRASES)
def test_time_phrases(typed: str, any_time: time | None, evening: time | None) -> None:
    assert parse_time(typed) == any_time
    assert parse_time(typed, evening=True) == evening


WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)

# typed, the zone, its UTC offset in hours in January and in July: the zones keep
# daylight saving (EST in July is New York's EDT, not tzdata's fixed "EST").
ABBREVIATIONS = [
    ("EST", "America/New_York", -5, -4),
    ("edt", "America/New_York", -5, -4),
    ("PST", "America/Los_Angeles", -8, -7),
    ("PDT", "America/Los_Angeles", -8, -7),
    ("MST", "America/Denver", -7, -6),
    ("GMT", "Europe/London", 0, 1),
    ("BST", "Europe/London", 0, 1),
    ("CET", "Europe/Berlin", 1, 2),
    ("CEST", "Europe/Berlin", 1, 2),
    ("AEST", "Australia/Sydney", 11, 10),  # the southern summer is in January
    ("AEDT", "Australia/Sydney", 11, 10),
    ("HST", "Pacific/Honolulu", -10, -10),  # Honolulu's, not Adak's
    ("JST", "Asia/Tokyo", 9, 9),
]


@pytest.mark.parametrize(("typed", "zone_name", "winter", "summer"), ABBREVIATIONS)
def test_zone_abbreviations_keep_daylight_saving(
    typed: str, zone_name: str, winter: int, summer: int
) -> None:
    answer = find_zone(typed, year=2026)
    assert answer.zone == zone_name
    assert not answer.fixed_offset
    tz = zone(zone_name)
    assert WINTER.astimezone(tz).utcoffset() == timedelta(hours=winter)
    assert SUMMER.astimezone(tz).utcoffset() == timedelta(hours=summer)


@pytest.mark.parametrize(
    ("typed", "zones"),
    [
        ("CST", {"America/Chicago", "America/Havana", "Asia/Shanghai", "America/Mexico_City"}),
        ("CDT", {"America/Chicago", "America/Havana"}),
        ("IST", {"Asia/Kolkata", "Asia/Jerusalem", "Europe/Dublin"}),
    ],
)
def test_ambiguous_abbreviations_offer_the_choices(typed: str, zones: set[str]) -> None:
    answer = find_zone(typed, year=2026)
    assert answer.zone is None
    assert {place.zone for place in answer.choices} == zones


def test_utc_and_places_are_not_taken_for_abbreviations() -> None:
    assert find_zone("UTC", year=2026).zone == "UTC"
    assert find_zone("Rome", year=2026).zone == "Europe/Rome"


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_24_hour_time_reads_back(hour: int, minute: int) -> None:
    for typed in (f"{hour}:{minute:02d}", f"{hour:02d}.{minute:02d}"):
        expected = time(hour, minute)
        assert parse_time(typed) == expected
        if hour == 0 or hour > 12 or typed.startswith("0"):
            assert parse_time(typed, evening=True) == expected


@given(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm", " PM", "p.m."]))
def test_am_pm_means_what_it_says_even_for_the_evening(hour: int, minute: int, ampm: str) -> None:
    typed = f"{hour}:{minute:02d}{ampm}"
    expected = time(hour % 12 + (12 if "p" in ampm.lower() else 0), minute)
    assert parse_time(typed) == expected
    assert parse_time(typed, evening=True) == expected


@given(st.text(max_size=40))
def test_any_text_gives_a_time_or_none(text: str) -> None:
    assert parse_time(text) is None or isinstance(parse_time(text), time)
    evening = parse_time(text, evening=True)
    assert evening is None or isinstance(evening, time)


# now (UTC), the reminder (UTC), the zone, how it is said
WHEN = [
    (
        datetime(2026, 12, 2, 14, 0, tzinfo=UTC),
        datetime(2026, 12, 2, 21, 30, tzinfo=UTC),
        "Europe/Lisbon",
        "this evening, Wed 2 Dec, 21:30",
    ),
    # 23:00 UTC on Wednesday is already Thursday in Berlin: by the local date.
    (
        datetime(2026, 12, 2, 23, 0, tzinfo=UTC),
        datetime(2026, 12, 3, 20, 30, tzinfo=UTC),
        "Europe/Berlin",
        "this evening, Thu 3 Dec, 21:30",
    ),
    (
        datetime(2026, 12, 2, 22, 0, tzinfo=UTC),
        datetime(2026, 12, 3, 21, 30, tzinfo=UTC),
        "Europe/Lisbon",
        "tomorrow evening, Thu 3 Dec, 21:30",
    ),
    (
        datetime(2026, 12, 2, 22, 0, tzinfo=UTC),
        datetime(2026, 12, 3, 0, 30, tzinfo=UTC),
        "Europe/Lisbon",
        "tonight, Thu 3 Dec, 00:30",
    ),
    (
        datetime(2026, 12, 2, 22, 0, tzinfo=UTC),
        datetime(2026, 12, 5, 21, 30, tzinfo=UTC),
        "Europe/Lisbon",
        "Sat 5 Dec, 21:30",
    ),
    # Summer time: 19:30 UTC is 21:30 in Berlin in July.
    (
        datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
        datetime(2026, 7, 1, 19, 30, tzinfo=UTC),
        "Europe/Berlin",
        "this evening, Wed 1 Jul, 21:30",
    ),
]


@pytest.mark.parametrize(("now", "instant", "zone_name", "said"), WHEN)
def test_when_the_first_reminder_comes_by_the_local_date(
    now: datetime, instant: datetime, zone_name: str, said: str
) -> None:
    assert describe_when(instant, zone_name, now) == said

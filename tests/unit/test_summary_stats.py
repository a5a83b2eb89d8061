"""The weekly summary's numbers, words and chart, from plain facts."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from io import BytesIO

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from bot import texts
from bot.summary.chart import render
from bot.summary.report import report
from bot.summary.stats import SessionFact, streaks, suggestion, summarize, week_nights

LAST = date(2026, 3, 29)  # the night Europe's clocks spring forward


def session(night: date, minutes: float = 10, at: time = time(21, 30), **kw: object) -> SessionFact:
    return SessionFact(night, int(minutes * 60), True, at, **kw)  # type: ignore[arg-type]


def days_back(*offsets: int) -> list[date]:
    return [LAST - timedelta(days=n) for n in offsets]


def test_a_week_is_seven_nights_ending_with_the_last() -> None:
    nights = week_nights(LAST)
    assert len(nights) == 7
    assert nights[-1] == LAST
    assert nights[0] == date(2026, 3, 23)


def test_streaks_run_across_week_boundaries() -> None:
    # Ten nights in a row up to tonight, across the boundary of the shown week.
    current, best = streaks(days_back(*range(10)), today=LAST)
    assert (current, best) == (10, 10)


def test_tonight_not_practised_yet_keeps_the_current_streak() -> None:
    assert streaks(days_back(1, 2, 3), today=LAST) == (3, 3)
    # A gap the night before last does end it, without touching the best run.
    assert streaks([*days_back(2, 3), *days_back(*range(10, 15))], today=LAST) == (0, 5)


def test_streaks_count_calendar_nights_across_daylight_saving_changes() -> None:
    # Nights are local dates: the 23-hour spring-forward day and the 25-hour fall-back
    # day are one night each.
    spring = [date(2026, 3, 27) + timedelta(days=n) for n in range(4)]
    autumn = [date(2026, 10, 23) + timedelta(days=n) for n in range(5)]
    assert streaks(spring + autumn, today=date(2026, 10, 27)) == (5, 5)


@given(st.sets(st.integers(min_value=0, max_value=60)), st.integers(min_value=0, max_value=5))
def test_the_current_streak_never_exceeds_the_best(offsets: set[int], today_back: int) -> None:
    current, best = streaks(days_back(*offsets), today=LAST - timedelta(days=today_back))
    assert 0 <= current <= best <= len(offsets)


def test_practice_and_no_practice_nights_are_averaged_apart() -> None:
    practised = days_back(0, 2, 4)
    ratings = {night: 4 for night in practised} | {n: 2 for n in days_back(1, 3, 5)}
    summary = summarize(LAST, [session(n) for n in practised], ratings, practised, LAST)
    assert summary.practised == 3
    assert summary.minutes == 30
    assert (summary.after_session.value, summary.after_session.count) == (4, 3)
    assert (summary.without_session.value, summary.without_session.count) == (2, 3)
    assert summary.can_compare_practice
    assert summary.sleep.count == 6


def test_too_few_nights_on_either_side_say_so_instead_of_a_difference() -> None:
    practised = days_back(0, 1)
    ratings = {n: 5 for n in practised} | {n: 2 for n in days_back(2, 3, 4, 5)}
    summary = summarize(LAST, [session(n) for n in practised], ratings, practised, LAST)
    assert not summary.can_compare_practice
    words = report(summary)
    assert "After a session you rated" not in words
    # Last week had no ratings at all: no change is claimed either, and "too few" is
    # said once for both.
    assert summary.sleep_change is None
    assert "from the week before" not in words
    assert words.count(texts.WEEK_TOO_FEW) == 1
    assert words.lower().count("compare") == 1


def test_the_change_from_last_week_needs_three_rated_nights_in_each() -> None:
    ratings = {n: 4 for n in days_back(0, 1, 2)} | {n: 3 for n in days_back(7, 8, 9)}
    summary = summarize(LAST, [], ratings, [], LAST)
    assert summary.sleep_change == 1
    assert "up 1.0 from the week before" in report(summary)


def test_short_sessions_that_were_stopped_early_do_not_count() -> None:
    brief = SessionFact(LAST, 20, False, time(22, 0))
    summary = summarize(LAST, [brief], {}, [], LAST)
    assert summary.practised == 0
    assert not summary.has_data
    assert report(summary) == texts.WEEK_EMPTY


def test_start_time_spread_is_measured_across_midnight() -> None:
    sessions = [session(LAST, at=time(23, 50)), session(LAST - timedelta(days=1), at=time(0, 10))]
    summary = summarize(LAST, sessions, {}, [], LAST)
    assert summary.start_spread_minutes == 20
    assert (summary.earliest_start, summary.latest_start) == (time(23, 50), time(0, 10))


def test_calm_is_the_average_check_out_rating() -> None:
    sessions = [session(LAST, calm=4), session(LAST - timedelta(days=1), calm=5), session(LAST)]
    summary = summarize(LAST, sessions, {}, [], LAST)
    assert (summary.calm.value, summary.calm.count) == (4.5, 2)


def test_the_suggestion_follows_the_numbers() -> None:
    none = summarize(LAST, [], {LAST: 3}, [], LAST)
    assert suggestion(none) == "begin"
    two = summarize(LAST, [session(n) for n in days_back(0, 1)], {}, [], LAST)
    assert suggestion(two) == "one-more"
    scattered = [
        session(n, at=at)
        for n, at in zip(days_back(0, 1, 2), (time(20, 0), time(23, 30), time(21, 0)), strict=True)
    ]
    assert suggestion(summarize(LAST, scattered, {}, [], LAST)) == "same-time"
    steady = [session(n) for n in days_back(0, 1, 2)]
    assert suggestion(summarize(LAST, steady, {}, [], LAST)) == "rate-mornings"
    rated = {n: 4 for n in days_back(0, 1, 2)}
    assert suggestion(summarize(LAST, steady, rated, [], LAST)) == "keep-going"


_CAUSAL = re.compile(r"\b(because|caus(es|ed)|improv\w*|thanks to|led to|helps? you sleep)\b", re.I)


@given(
    practised=st.sets(st.integers(0, 13)),
    rated=st.dictionaries(st.integers(0, 13), st.integers(1, 5)),
    start_minutes=st.lists(st.integers(0, 24 * 60 - 1), min_size=14, max_size=14),
)
def test_the_words_never_claim_the_practice_caused_anything(
    practised: set[int], rated: dict[int, int], start_minutes: list[int]
) -> None:
    sessions = [
        session(LAST - timedelta(days=n), at=time(*divmod(start_minutes[n], 60))) for n in practised
    ]
    ratings = {LAST - timedelta(days=n): r for n, r in rated.items()}
    nights = [s.night for s in sessions]
    words = report(summarize(LAST, sessions, ratings, nights, LAST))
    assert not _CAUSAL.search(words.replace("not proof of cause", ""))
    assert len(words) <= 1024  # fits a photo caption


def test_the_chart_is_a_png_readable_on_a_phone() -> None:
    practised = days_back(0, 2)
    summary = summarize(LAST, [session(n) for n in practised], {LAST: 4}, practised, LAST)
    image = Image.open(BytesIO(render(summary.nights)))
    assert image.format == "PNG"
    assert image.size == (1000, 750)
    # Not a blank canvas: the bars and labels put several colours on it.
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or []) > 10

"""The weekly summary as a reward: plurals, what went well first, "too few" once, tonight
acknowledged, no chart for almost nothing, and a dark chart whose text stays readable."""

from __future__ import annotations

from datetime import date, time, timedelta
from io import BytesIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from bot import texts
from bot.summary.chart import NIGHT, Theme, render
from bot.summary.report import report
from bot.summary.stats import MIN_NIGHTS_FOR_CHART, SessionFact, summarize

LAST = date(2026, 12, 1)
TODAY = LAST + timedelta(days=1)


def session(back: int, minutes: float = 10, calm: int | None = None) -> SessionFact:
    return SessionFact(LAST - timedelta(days=back), int(minutes * 60), True, time(21, 30), calm)


def ratings(**by_back: int) -> dict[date, int]:
    return {LAST - timedelta(days=int(k[1:])): v for k, v in by_back.items()}


# -- plurals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "one", "many", "expected"),
    [
        (0, "night", None, "0 nights"),
        (1, "night", None, "1 night"),
        (2, "night", None, "2 nights"),
        (1, "check-out", None, "1 check-out"),
        (3, "check-out", None, "3 check-outs"),
        (1, "minute", None, "1 minute"),
        (1, "person", "people", "1 person"),
        (2, "person", "people", "2 people"),
    ],
)
def test_counted_puts_the_noun_in_the_right_form(
    count: int, one: str, many: str | None, expected: str
) -> None:
    assert texts.counted(count, one, many) == expected


def test_a_week_with_one_of_everything_reads_in_the_singular() -> None:
    summary = summarize(LAST, [session(0, minutes=1, calm=4)], ratings(n0=4), [LAST], LAST)
    words = report(summary)
    assert "You practised on 1 of 7 nights, 1 minute in all." in words
    assert "(1 check-out)" in words
    assert "(1 night rated)" in words
    assert "1 nights" not in words
    assert "1 check-outs" not in words
    assert "1 minutes" not in words


@given(
    practised=st.sets(st.integers(0, 6)),
    rated=st.dictionaries(st.integers(0, 13), st.integers(1, 5)),
    calm=st.integers(1, 5),
)
def test_no_count_of_one_is_followed_by_a_plural(
    practised: set[int], rated: dict[int, int], calm: int
) -> None:
    sessions = [session(n, calm=calm) for n in practised]
    summary = summarize(
        LAST,
        sessions,
        {LAST - timedelta(days=k): v for k, v in rated.items()},
        [s.night for s in sessions],
        LAST,
    )
    words = report(summary)
    for noun in ("nights", "minutes", "check-outs", "nights rated"):
        assert f" 1 {noun}" not in words
        assert f"(1 {noun}" not in words


# -- what it says, and in which order ---------------------------------------------------


def test_it_opens_with_the_practice_when_there_was_some() -> None:
    summary = summarize(LAST, [session(n) for n in (0, 1, 2)], ratings(n0=4, n1=3), [], LAST)
    body = report(summary).split("\n\n")
    assert body[1].startswith("🌙 You practised on 3 of 7 nights")


def test_a_week_without_practice_opens_with_the_sleep_notes() -> None:
    summary = summarize(LAST, [], ratings(n0=4, n2=3), [], LAST)
    body = report(summary).split("\n\n")
    assert body[1].startswith("😴 Sleep: 3.5 of 5 on average (2 nights rated).")
    assert "No sessions this week" in body[2]


def test_too_few_to_compare_is_said_once_and_only_when_something_was_rated() -> None:
    few = report(summarize(LAST, [session(0)], ratings(n0=4, n3=2), [], LAST))
    assert few.count(texts.WEEK_TOO_FEW) == 1
    unrated = report(summarize(LAST, [session(0)], {}, [], LAST))
    assert texts.WEEK_TOO_FEW not in unrated
    # Both comparisons possible: nothing about "too few".
    practised = (0, 2, 4)
    both = summarize(
        LAST,
        [session(n) for n in practised],
        ratings(n0=4, n2=4, n4=4, n1=3, n3=3, n5=3, n7=3, n8=3, n9=3),
        [],
        LAST,
    )
    assert both.can_compare_practice
    assert both.sleep_change is not None
    words = report(both)
    assert texts.WEEK_TOO_FEW not in words
    assert "After a session you rated your sleep 4.0 (3 nights)" in words


def test_a_first_session_tonight_is_acknowledged_not_called_nothing() -> None:
    tonight = [SessionFact(TODAY, 600, True, time(21, 30))]
    summary = summarize(LAST, [], {}, [TODAY], TODAY, tonight)
    assert summary.tonight_minutes == 10
    words = report(summary)
    assert words == texts.week_tonight_only(10)
    assert words != texts.WEEK_EMPTY
    assert "10 minutes" in words
    assert "tomorrow" in words
    # With a week to show as well, tonight gets one line of its own.
    busy = summarize(LAST, [session(1)], {}, [TODAY], TODAY, tonight)
    assert texts.week_tonight(10) in report(busy)


def test_nothing_at_all_still_gets_encouragement() -> None:
    assert report(summarize(LAST, [], {}, [], TODAY)) == texts.WEEK_EMPTY


def test_first_session_line_says_when_it_shows() -> None:
    assert "from tomorrow" in texts.first_session_counts(in_week_now=False)
    assert "now" in texts.first_session_counts(in_week_now=True)


# -- the chart: when, and how it looks ---------------------------------------------------


def test_no_chart_when_almost_nothing_to_show() -> None:
    one_night = summarize(LAST, [session(0)], ratings(n0=4), [], LAST)  # one night, both
    assert one_night.nights_with_something == 1 < MIN_NIGHTS_FOR_CHART
    assert not one_night.worth_a_chart
    two_nights = summarize(LAST, [session(0)], ratings(n3=2), [], LAST)
    assert two_nights.nights_with_something == MIN_NIGHTS_FOR_CHART
    assert two_nights.worth_a_chart


def _luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio, 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_matches_wcag_reference_values() -> None:
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("text_colour", ["text", "muted"])
def test_the_dark_theme_keeps_its_text_readable(text_colour: str) -> None:
    assert contrast(getattr(NIGHT, text_colour), NIGHT.background) >= 4.5
    # Bar numbers sit on the background, the legend too; nothing is written on a bar.


def test_the_dark_theme_is_dark_and_its_bars_differ_without_colour() -> None:
    assert _luminance(NIGHT.background) < 0.01
    # Non-text contrast (WCAG 1.4.11, 3:1) for every bar against the background,
    # except the hatched no-session bar, whose hatch lines carry it.
    for bar in (NIGHT.session, NIGHT.minutes):
        assert contrast(bar, NIGHT.background) >= 3
    assert contrast(NIGHT.hatch, NIGHT.background) >= 3
    # With and without a session differ in lightness too (for any colour vision).
    assert contrast(NIGHT.session, NIGHT.plain) >= 3


def test_the_chart_is_drawn_in_the_theme() -> None:
    summary = summarize(LAST, [session(n) for n in (0, 2)], ratings(n0=4, n1=2, n2=5), [], LAST)
    image = Image.open(BytesIO(render(summary.nights))).convert("RGB")
    assert image.size == (1000, 750)
    background = tuple(int(NIGHT.background[i : i + 2], 16) for i in (1, 3, 5))
    assert image.getpixel((5, 5)) == background
    colours = image.getcolors(maxcolors=1 << 16) or []
    most = max(colours)[1]
    assert most == background  # mostly dark: kind to eyes at night


def test_another_theme_can_be_given() -> None:
    light = Theme("#ffffff", "#111111", "#555555", "#0072b2", "#cccccc", "#666666", "#d55e00")
    summary = summarize(LAST, [session(0)], ratings(n0=4, n1=3), [], LAST)
    image = Image.open(BytesIO(render(summary.nights, light))).convert("RGB")
    assert image.getpixel((5, 5)) == (255, 255, 255)

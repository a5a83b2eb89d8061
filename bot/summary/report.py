"""The words of a weekly summary, line by line from its numbers. Pure."""

from __future__ import annotations

from bot import texts
from bot.summary.stats import WeekSummary, suggestion
from bot.times import format_short_day, format_time


def report(summary: WeekSummary) -> str:
    if not summary.has_data:
        return texts.WEEK_EMPTY
    first, last = summary.nights[0].night, summary.nights[-1].night
    practice = [
        texts.week_practice(summary.practised, summary.minutes),
        texts.week_streak(summary.current_streak, summary.best_streak),
        texts.week_spread(
            summary.start_spread_minutes,
            format_time(summary.earliest_start) if summary.earliest_start else None,
            format_time(summary.latest_start) if summary.latest_start else None,
        ),
        texts.week_calm(summary.calm.value, summary.calm.count),
    ]
    sleep = [
        texts.week_sleep(summary.sleep.value, summary.sleep.count),
        texts.week_practice_split(
            summary.after_session.value,
            summary.after_session.count,
            summary.without_session.value,
            summary.without_session.count,
        ),
        texts.week_change(summary.sleep_change),
    ]
    heading = texts.week_heading(format_short_day(first), format_short_day(last))
    paragraphs = [
        heading,
        "\n".join(line for line in practice if line),  # lines with nothing to say are left out
        "\n".join(sleep),
        texts.SUGGESTIONS[suggestion(summary)],
    ]
    return "\n\n".join(paragraphs)

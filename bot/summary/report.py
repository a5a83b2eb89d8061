"""The words of a weekly summary, line by line from its numbers. Pure.

It opens with what went well (practice, then sleep notes when there was no practice),
leaves out lines with nothing to say, and says "too few to compare" once."""

from __future__ import annotations

from bot import texts
from bot.summary.stats import WeekSummary, suggestion
from bot.times import format_short_day, format_time


def report(summary: WeekSummary) -> str:
    if not summary.has_data:
        if summary.tonight_minutes:
            return texts.week_tonight_only(summary.tonight_minutes)
        return texts.WEEK_EMPTY
    first, last = summary.nights[0].night, summary.nights[-1].night
    practice = [
        texts.week_practice(summary.practised, summary.minutes),
        texts.week_streak(summary.current_streak, summary.best_streak),
        texts.week_calm(summary.calm.value, summary.calm.count),
        texts.week_spread(
            summary.start_spread_minutes,
            format_time(summary.earliest_start) if summary.earliest_start else None,
            format_time(summary.latest_start) if summary.latest_start else None,
        ),
        texts.week_tonight(summary.tonight_minutes) if summary.tonight_minutes else "",
    ]
    advice = suggestion(summary)
    # Without any rating, the idea for the week may already ask for them: said once.
    sleep = (
        [texts.week_sleep(summary.sleep.value, summary.sleep.count)]
        if summary.sleep.count or advice != "rate-mornings"
        else []
    )
    if summary.can_compare_practice:
        assert summary.after_session.value is not None
        assert summary.without_session.value is not None
        sleep.append(
            texts.week_practice_split(
                summary.after_session.value,
                summary.after_session.count,
                summary.without_session.value,
                summary.without_session.count,
            )
        )
    if summary.sleep_change is not None:
        sleep.append(texts.week_change(summary.sleep_change))
    if summary.too_few_to_compare:
        sleep.append(texts.WEEK_TOO_FEW)
    # What went well first: the practice, or the sleep notes in a week without practice.
    blocks = [practice, sleep] if summary.practised else [sleep, practice]
    paragraphs = [
        texts.week_heading(format_short_day(first), format_short_day(last)),
        *("\n".join(line for line in block if line) for block in blocks),
        texts.SUGGESTIONS[advice],
    ]
    return "\n\n".join(p for p in paragraphs if p)

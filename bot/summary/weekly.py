"""A user's weekly summary, put together: facts from the store, numbers from stats,
words from report, the chart from chart (in a worker thread, so the event loop keeps
serving everyone else while it draws)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, Message

from bot.summary.chart import render
from bot.summary.report import report
from bot.summary.stats import WEEK, WeekSummary, summarize
from bot.summary.store import practised_nights, ratings_between, sessions_between
from bot.times import last_night, night_of

ONE_NIGHT = timedelta(days=1)
CAPTION_LIMIT = 1024  # Telegram's limit for a photo's caption


@dataclass(frozen=True)
class Composed:
    text: str
    chart: bytes | None  # None when there is nothing to draw


async def load_summary(
    session: AsyncSession, user_id: int, zone_name: str, now: datetime, weeks_back: int = 0
) -> WeekSummary:
    """The 7 nights ending with last night (or `weeks_back` weeks earlier), with the week
    before it for the comparison. Tonight is left for next time: a summary at 19:00 would
    otherwise show it blank, and the next week's would start after it."""
    today = night_of(now, zone_name)
    last = last_night(now, zone_name) - timedelta(days=WEEK * weeks_back)
    first = last - timedelta(days=2 * WEEK - 1)
    ratings = await ratings_between(session, user_id, first, last)
    sessions = await sessions_between(session, user_id, first, last, zone_name)
    practised = await practised_nights(session, user_id)
    # Tonight's practice is acknowledged in the current week's summary (a first look
    # right after a first session should not say "nothing yet").
    tonight = (
        await sessions_between(session, user_id, last + ONE_NIGHT, last + ONE_NIGHT, zone_name)
        if weeks_back == 0
        else []
    )
    return summarize(last, sessions, ratings, practised, today, tonight)


async def compose(summary: WeekSummary) -> Composed:
    """The words, and the chart when there is enough to draw (see MIN_NIGHTS_FOR_CHART)."""
    text = report(summary)
    chart = await asyncio.to_thread(render, summary.nights) if summary.worth_a_chart else None
    return Composed(text, chart)


async def send(bot: Bot, chat_id: int, composed: Composed, **kwargs: Any) -> Message:
    """The chart with the summary as its caption, or the text alone when there is no
    chart (or the text is too long for a caption)."""
    if composed.chart is None:
        return await bot.send_message(chat_id, composed.text, **kwargs)
    if len(composed.text) <= CAPTION_LIMIT:
        return await bot.send_photo(chat_id, composed.chart, caption=composed.text, **kwargs)
    await bot.send_message(chat_id, composed.text, **kwargs)
    return await bot.send_photo(chat_id, composed.chart, **kwargs)

"""The morning question: sent at each user's morning time to those active this past
week, once per night, and not when they already rated the night."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bot import keyboards, texts
from bot.context import BotContext
from bot.scheduling.kinds import Kind
from bot.scheduling.store import Due
from bot.scheduling.tick import Send, send_due
from bot.sleep.store import rated_among
from bot.times import format_day, last_night


async def send_due_checkins(context: BotContext) -> None:
    await send_due(context, Kind.MORNING, _compose, once_a_day=True)


async def _compose(context: BotContext, due: list[Due]) -> Sequence[tuple[Due, Send]]:
    now = context.clock.now()
    # Everyone who tapped a button (sessions start with one) or wrote is seen; last_seen_at
    # is refreshed at most hourly, well inside this window.
    seen_since = now - timedelta(days=context.settings.sleep.active_days)
    wanted = [
        one for one in due if one.user_last_seen is not None and one.user_last_seen >= seen_since
    ]
    async with context.sessions.begin() as session:
        rated = await rated_among(
            session, [(one.user_id, last_night(one.due_at, one.zone)) for one in wanted]
        )
    outgoing: list[tuple[Due, Send]] = []
    for one in wanted:
        night = last_night(one.due_at, one.zone)
        if (one.user_id, night) not in rated:
            outgoing.append((one, _sender(context, one.chat_id, night)))
    return outgoing


def _sender(context: BotContext, chat_id: int, night: date) -> Send:
    text = texts.sleep_question(format_day(night), morning=True)
    markup = keyboards.sleep_rating(night)
    return lambda: context.bot.send_message(chat_id, text, reply_markup=markup)

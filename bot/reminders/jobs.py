"""The due-reminder tick: what each evening reminder says, and what a missed one leaves."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from telegram import InlineKeyboardMarkup

from bot import keyboards
from bot.context import BotContext
from bot.reminders.messages import reminder_line
from bot.reminders.store import record_events, set_ups
from bot.scheduling.kinds import Kind
from bot.scheduling.store import Due
from bot.scheduling.tick import Send, send_due
from bot.times import night_of
from bot.vocab import ReminderEventKind, Variant
from bot.winddown.plan import variant_for

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession


async def send_due_reminders(context: BotContext) -> None:
    await send_due(context, Kind.EVENING, _compose, on_missed=_record_missed)


async def _record_missed(session: AsyncSession, missed: list[Due], now: datetime) -> None:
    await record_events(
        session,
        ReminderEventKind.MISSED,
        ((d.user_id, night_of(d.due_at, d.zone)) for d in missed),
        now,
    )


async def _compose(context: BotContext, due: list[Due]) -> Sequence[tuple[Due, Send]]:
    # Thousands of reminders share a handful of (instant, zone) pairs: work out each
    # one's night, words and buttons once.
    # one's night, words and buttons once (words also by set-up and session length).
    content: dict[tuple[datetime, str, bool, int], tuple[str, InlineKeyboardMarkup]] = {}
    outgoing: list[tuple[Due, Send]] = []
    snooze_minutes = context.settings.reminders.snooze_minutes
    default_seconds = context.settings.defaults.session_seconds
    async with context.sessions() as session:
        people = await set_ups(session, {one.user_id for one in due})
    for one in due:
        screening, seconds = people.get(one.user_id, ([], None))
        legs_low = variant_for(screening) == Variant.LOW_LEGS
        key = (one.due_at, one.zone, legs_low, seconds or default_seconds)
        if key not in content:
            night = night_of(one.due_at, one.zone)
            line = reminder_line(night, legs_low=legs_low, seconds=seconds or default_seconds)
            content[key] = (line, keyboards.reminder(night, snooze_minutes))
        text, markup = content[key]
        outgoing.append((one, _sender(context, one.chat_id, text, markup)))
    return outgoing


def _sender(context: BotContext, chat_id: int, text: str, markup: InlineKeyboardMarkup) -> Send:
    return lambda: context.bot.send_message(chat_id, text, reply_markup=markup)

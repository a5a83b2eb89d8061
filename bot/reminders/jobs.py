"""The due-reminder tick: claim what is due, hand it to delivery, settle the outcomes."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from telegram import InlineKeyboardMarkup

from bot import keyboards
from bot.context import BotContext
from bot.delivery import Delivery, Outcome
from bot.reminders.messages import reminder_line
from bot.reminders.store import record_events
from bot.schedules import Due, claim_due, release
from bot.times import night_of

log = logging.getLogger(__name__)


async def send_due_reminders(context: BotContext) -> None:
    settings = context.settings.reminders
    now = context.clock.now()
    grace = timedelta(minutes=settings.grace_minutes)
    while True:
        async with context.sessions.begin() as session:
            claimed = await claim_due(session, now, ("evening",), settings.claim_batch)
            missed = [due for due in claimed if now - due.due_at > grace]
            await record_events(
                session, "missed", ((d.user_id, night_of(d.due_at, d.zone)) for d in missed), now
            )
        for due in missed:
            log.info(
                "reminder for user %s due at %s skipped: more than %s late",
                due.user_id,
                due.due_at.isoformat(timespec="minutes"),
                grace,
            )
        to_send = [due for due in claimed if now - due.due_at <= grace]
        if to_send:
            # Thousands of reminders share a handful of (instant, zone) pairs: work out
            # each one's night, words and buttons once.
            content: dict[tuple[datetime, str], tuple[str, InlineKeyboardMarkup]] = {}
            sends = []
            for due in to_send:
                key = (due.due_at, due.zone)
                if key not in content:
                    night = night_of(due.due_at, due.zone)
                    content[key] = (reminder_line(night), keyboards.reminder(night))
                text, markup = content[key]
                sends.append(context.delivery.send_message(due.chat_id, text, reply_markup=markup))
            context.bot_data.track(_settle(context, to_send, sends))
        if len(claimed) < settings.claim_batch:
            return


async def _settle(
    context: BotContext, claimed: list[Due], sends: list[asyncio.Future[Delivery]]
) -> None:
    """Wait for the outcomes; put back what was not sent because the bot is stopping."""
    outcomes = await asyncio.gather(*sends)
    unsent = [
        due for due, d in zip(claimed, outcomes, strict=True) if d.outcome == Outcome.NOT_SENT
    ]
    failed = sum(1 for d in outcomes if d.outcome == Outcome.FAILED)
    if failed:
        log.warning("%d of %d reminders could not be delivered", failed, len(outcomes))
    if unsent:
        async with context.sessions.begin() as session:
            restored = await release(session, unsent)
        log.info("%d reminders were not sent before stopping; kept for the next start", restored)

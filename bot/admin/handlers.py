"""/stats for the operators listed in admin.user_ids; silence for everyone else."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.admin.store import week_counts
from bot.context import BotContext
from bot.scheduling.outbox import counts_since, resent_since
from bot.vocab import OutboxState


async def stats_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None or tg_user.id not in context.settings.admin.user_ids:
        # Not even "unknown command": to others the command does not exist.
        raise ApplicationHandlerStop
    now = context.clock.now()
    async with context.sessions.begin() as session:
        counts = await week_counts(session, now)
        outbox = await counts_since(session, now - timedelta(days=1))
        resent = await resent_since(session, now - timedelta(days=1))
    delivery = context.limiter.counts
    await message.reply_text(
        texts.stats(
            counts.users,
            counts.active,
            counts.sessions,
            counts.average_rating,
            delivery["sent"],
            delivery["failed"],
            counts.unanswered,
        )
        + texts.stats_scheduled(
            outbox.get(OutboxState.SENT, 0),
            outbox.get(OutboxState.FAILED, 0),
            outbox.get(OutboxState.UNCERTAIN, 0),
            outbox.get(OutboxState.MISSED, 0),
            resent,
        )
    )

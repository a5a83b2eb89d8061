"""/stats for the operators listed in admin.user_ids; silence for everyone else."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.admin.store import week_counts
from bot.context import BotContext


async def stats_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None or tg_user.id not in context.settings.admin.user_ids:
        # Not even "unknown command": to others the command does not exist.
        raise ApplicationHandlerStop
    async with context.sessions.begin() as session:
        counts = await week_counts(session, context.clock.now())
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
    )

"""Telegram edge of help and the fallbacks."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.context import BotContext


async def show_help(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(texts.help_text())


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message and message.text:
        await message.reply_text(texts.unknown_command(message.text.split()[0]))


async def not_text(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(texts.NOT_TEXT)


async def stale_button(update: Update, context: BotContext) -> None:
    """A button no room claims: forged, or left over from an older version of a message."""
    if update.callback_query:
        await update.callback_query.answer(texts.STALE_BUTTON)

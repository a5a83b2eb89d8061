"""Telegram edge of help and the fallbacks."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot import keyboards, texts
from bot.context import BotContext


async def show_help(update: Update, context: BotContext) -> None:
    """The everyday commands, and the rest behind a button."""
    if update.effective_message:
        await update.effective_message.reply_text(
            texts.help_first(), reply_markup=keyboards.more_help()
        )


async def more_help(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    await query.edit_message_text(texts.help_first() + "\n\n" + texts.help_more())


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


async def private_only(update: Update, context: BotContext) -> None:
    """Anything from a group or channel: a command gets a pointer to a private chat, the
    rest is ignored, and no room sees it (nothing is stored about a group)."""
    message = update.effective_message
    if message is not None and (message.text or "").startswith("/"):
        await message.reply_text(texts.PRIVATE_ONLY)
    raise ApplicationHandlerStop

"""Telegram edge of privacy: /privacy, /export, /delete and its confirmation."""

from __future__ import annotations

from telegram import InputFile, Update

from bot import edge, keyboards, texts
from bot.context import BotContext
from bot.privacy.export import export_json, nights_csv
from bot.privacy.store import collect, delete_everything


async def privacy_command(update: Update, context: BotContext) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.PRIVACY)


async def export_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    async with context.sessions.begin() as session:
        data = await collect(session, tg_user.id)
    if data is None:
        await message.reply_text(texts.NOTHING_TO_EXPORT)
        return
    stamp = context.clock.now().isoformat(timespec="seconds")
    await message.reply_document(
        InputFile(export_json(data, stamp), filename="winddown-export.json"),
        caption=texts.EXPORT_CAPTION,
    )
    await message.reply_document(InputFile(nights_csv(data), filename="winddown-nights.csv"))


async def delete_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    if await edge.person(update, context) is None:
        await message.reply_text(texts.NOTHING_TO_DELETE)
        return
    await message.reply_text(texts.DELETE_CONFIRM, reply_markup=keyboards.confirm_delete())


async def delete_button(update: Update, context: BotContext) -> None:
    query, tg_user = update.callback_query, update.effective_user
    if query is None or tg_user is None:
        return
    await query.answer()
    if not keyboards.tap_of(query, keyboards.DeleteTap).confirmed:
        await query.edit_message_text(texts.DELETE_KEPT)
        return
    async with context.sessions.begin() as session:
        deleted = await delete_everything(session, tg_user.id)
    context.seen.forget(tg_user.id)
    await query.edit_message_text(texts.DELETED if deleted else texts.NOTHING_TO_DELETE)


async def privacy_button(update: Update, context: BotContext) -> None:
    """The first message's privacy button: the same words as /privacy."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, texts.PRIVACY)

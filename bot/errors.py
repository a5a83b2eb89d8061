"""The one error handler: log the failure with context, tell the user, keep running."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot import texts
from bot.context import BotContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    where = "a job"
    if isinstance(update, Update):
        chat = update.effective_chat.id if update.effective_chat else None
        where = f"update {update.update_id} (chat {chat})"
    if isinstance(context.error, Forbidden):
        return  # they blocked the bot; delivery has marked them inactive
    if isinstance(context.error, BadRequest):
        # Telegram refused one call (a button answered too late, an edit of a message that
        # is gone): the handler's other effects stand, so there is nothing to apologise for.
        log.warning("Telegram refused a call while handling %s: %s", where, context.error)
        return
    if isinstance(context.error, NetworkError):
        # Telegram did not answer in time. The reply may well have arrived, so an
        # apology could be a second message out of nowhere: log it and leave it.
        log.warning("no answer from Telegram while handling %s: %s", where, context.error)
        return
    # Never the message text at INFO or above: the ids are enough to find the problem.
    log.error("error while handling %s", where, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await context.bot.send_message(update.effective_chat.id, texts.SOMETHING_WENT_WRONG)
        except TelegramError:
            log.warning("could not tell chat %s about the error", update.effective_chat.id)

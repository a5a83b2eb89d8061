"""The safety gate at the Telegram edge: every private text, in every state, is screened
before any awaited-input handler or room sees it. What was pending stays pending, and one
short line says so."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop

from bot import edge, keyboards, texts
from bot.context import BotContext
from bot.faq.answer import MAX_QUESTION, answer, safety_answer
from bot.faq.send import send_answer
from bot.understanding.meaning import default_meaning
from bot.understanding.screen import Screened, screen

log = logging.getLogger(__name__)


def text_of(message: Message) -> str:
    """What a person wrote: the text or caption; for a command, its arguments."""
    text = message.text or message.caption or ""
    if text.startswith("/"):
        return text.partition(" ")[2]
    return text


async def _person(
    update: Update, context: BotContext
) -> tuple[str | None, list[str], list[str] | None]:
    """The person's zone (for their emergency number), what the rooms hold for them, and
    the conditions they ticked in the health check."""
    user = await edge.person(update, context)
    if user is None:
        return None, [], None
    lines = [await ask(context, user) for ask in context.bot_data.pending]
    return user.timezone, [line for line in lines if line], user.screening


async def safety_gate(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None or not (text := text_of(message)).strip():
        return
    screened = screen(text[:MAX_QUESTION], default_meaning())
    if screened is None:
        return  # on to the awaited input and the rooms
    log.info("safety gate: %s (%s)", screened.kind, screened.by)
    zone, pending, told = await _person(update, context)
    result = safety_answer(screened, context.settings.safety, zone, told)
    if screened.kind == "crisis" and pending:
        pending = [texts.PENDING_AFTER_CRISIS]
    await send_answer(message, context, result, text, footer="\n".join(pending))
    raise ApplicationHandlerStop


async def check_button(update: Update, context: BotContext) -> None:
    """Yes → crisis help; no → the answer the message would have had."""
    query, tg_user = update.callback_query, update.effective_user
    if query is None or tg_user is None or not isinstance(query.message, Message):
        return
    tap = keyboards.tap_of(query, keyboards.SafetyCheckTap)
    await query.answer()
    await query.edit_message_reply_markup(None)
    zone, pending, _ = await _person(update, context)
    checks = context.user_data.get("checks", {}) if context.user_data is not None else {}
    question = checks.pop(tap.token, None)
    if tap.crisis:
        result = safety_answer(Screened("crisis"), context.settings.safety, zone)
        await query.message.reply_text(result.text)
    elif question is None:  # asked before a restart: the message itself is not kept
        await query.message.reply_text(texts.CRISIS_CHECK_LOST)
    else:
        result = answer(question, context.settings.safety, zone=zone, checked=True)
        await send_answer(query.message, context, result, question, footer="\n".join(pending))

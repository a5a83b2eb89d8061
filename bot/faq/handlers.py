"""Telegram edge of the FAQ: free text outside other flows, /ask, /topics, and the buttons
of answers and topics."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update

from bot import keyboards, texts
from bot.context import BotContext
from bot.faq.answer import Answer, answer
from bot.faq.knowledge import Knowledge, load_knowledge
from bot.faq.reply import Reply, reply_to
from bot.faq.store import record_miss
from bot.users import get_user

log = logging.getLogger(__name__)
MAX_CHECKS = 5  # messages asked about at once, per person (kept in memory only)


def _markup(reply: Reply, knowledge: Knowledge) -> InlineKeyboardMarkup | None:
    if reply.topics:
        return keyboards.faq_topics(list(knowledge.topics.items()))
    if reply.entries:
        return keyboards.faq_entries([(i, knowledge[i].title) for i in reply.entries])
    return None


async def send_answer(
    message: Message, context: BotContext, result: Answer, question: str, *, footer: str = ""
) -> None:
    """Send one answer with its buttons; `footer` is a last short line (what is pending).
    A "check" asks whether the message was about a crisis, and keeps it to answer after."""
    log.debug("question answered as %s (%s, %.2f)", result.kind, result.entry, result.score)
    knowledge = load_knowledge()
    reply = reply_to(result, knowledge)
    markup = _markup(reply, knowledge)
    if result.kind == "check":
        checks = context.user_data.setdefault("checks", {}) if context.user_data is not None else {}
        token = f"{message.message_id}"
        checks[token] = question
        while len(checks) > MAX_CHECKS:
            checks.pop(next(iter(checks)))
        markup = keyboards.crisis_check(token)
    if reply.unanswered:
        async with context.sessions.begin() as session:
            await record_miss(session, question, context.clock.now())
    text = f"{reply.text}\n\n{footer}" if footer else reply.text
    await message.reply_text(text, reply_markup=markup)


async def zone_of(context: BotContext, user_id: int | None) -> str | None:
    """The person's time zone, which tells their country's emergency number."""
    if user_id is None:
        return None
    async with context.sessions() as session:
        user = await get_user(session, user_id)
    return user.timezone if user is not None else None


async def _answer(message: Message, context: BotContext, question: str) -> None:
    zone = await zone_of(context, message.from_user.id if message.from_user else None)
    result = answer(question, context.settings.safety, zone=zone)
    await send_answer(message, context, result, question)


async def free_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await _answer(message, context, message.text)


async def ask_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or [])
    if not question.strip():
        await message.reply_text(texts.FAQ_ASK_USAGE)
        return
    await _answer(message, context, question)


async def topics_command(update: Update, context: BotContext) -> None:
    if update.effective_message is not None:
        topics = list(load_knowledge().topics.items())
        await update.effective_message.reply_text(
            texts.FAQ_TOPICS, reply_markup=keyboards.faq_topics(topics)
        )


async def faq_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    parsed = keyboards.decode(query.data)
    args = parsed[1] if parsed else []
    knowledge = load_knowledge()
    choice, target = [*args, "", ""][:2]
    if choice == "entry" and (entry := knowledge.get(target)) is not None:
        await query.answer()
        shown = reply_to(
            Answer("faq", entry.answer, entry=entry.id, related=entry.related), knowledge
        )
        await query.message.reply_text(shown.text, reply_markup=_markup(shown, knowledge))
    elif choice == "topic" and target in knowledge.topics:
        await query.answer()
        entries = [(e.id, e.title) for e in knowledge.in_topic(target)]
        await query.edit_message_text(
            texts.faq_topic(knowledge.topics[target]),
            reply_markup=keyboards.faq_entries(entries, back=True),
        )
    elif choice == "topics":
        await query.answer()
        await query.edit_message_text(
            texts.FAQ_TOPICS, reply_markup=keyboards.faq_topics(list(knowledge.topics.items()))
        )
    else:
        await query.answer(texts.STALE_BUTTON)

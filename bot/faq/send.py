"""Sending an answer to a question: its text, its buttons (related questions, "did you
mean", topics), the gentle question when it may be a crisis, and keeping the questions it
could not answer. Used by the FAQ and by the safety gate."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message

from bot import keyboards
from bot.context import BotContext
from bot.faq.answer import Answer
from bot.faq.knowledge import Knowledge, load_knowledge
from bot.faq.reply import Reply, reply_to
from bot.faq.store import record_miss

log = logging.getLogger(__name__)
MAX_CHECKS = 5  # messages asked about at once, per person (kept in memory only)


def markup_of(reply: Reply, knowledge: Knowledge) -> InlineKeyboardMarkup | None:
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
    markup = markup_of(reply, knowledge)
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

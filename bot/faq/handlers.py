"""Telegram edge of the FAQ: free text outside other flows, /ask, /topics, and the buttons
of answers and topics."""

from __future__ import annotations

from telegram import Message, Update

from bot import edge, keyboards, texts
from bot.context import BotContext
from bot.faq.answer import Answer, answer
from bot.faq.knowledge import load_knowledge
from bot.faq.reply import reply_to
from bot.faq.send import markup_of, send_answer


async def _answer(update: Update, context: BotContext, question: str) -> None:
    message = update.effective_message
    assert message is not None
    # The person's time zone tells their country's emergency number.
    user = await edge.person(update, context)
    result = answer(question, context.settings.safety, zone=user.timezone if user else None)
    await send_answer(message, context, result, question)


async def free_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await _answer(update, context, message.text)


async def ask_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or [])
    if not question.strip():
        await message.reply_text(texts.FAQ_ASK_USAGE)
        return
    await _answer(update, context, question)


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
    tap = keyboards.tap_of(query, keyboards.FaqTap)
    knowledge = load_knowledge()
    choice, target = tap.choice, tap.target
    if choice == "entry" and (entry := knowledge.get(target)) is not None:
        await query.answer()
        shown = reply_to(
            Answer("faq", entry.answer, entry=entry.id, related=entry.related), knowledge
        )
        await query.message.reply_text(shown.text, reply_markup=markup_of(shown, knowledge))
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

"""A typed answer the bot asked for (a city, a time), or a shared location: read which
answer the person owes, and hand the message to the room that asked. Anything else passes
on to the rooms. Rooms say which answers they take in `BotData.answers`."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot import edge
from bot.context import BotContext
from bot.vocab import Awaiting


def not_an_answer(typed: str) -> bool:
    """A question or a long sentence, not the city or time the bot asked for: no place
    name or clock time has a question mark or more than seven words. The bot stops
    waiting rather than answer "I couldn't place that" to everything until /cancel."""
    return "?" in typed or len(typed.split()) > 7


async def awaited_input(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or (user := await edge.person(update, context)) is None:
        return
    # A shared location is always a time zone, whatever was asked.
    awaiting = Awaiting.ZONE if message.location is not None else user.awaiting
    answer = context.bot_data.answers.get(awaiting) if awaiting else None  # type: ignore[call-overload]
    if answer is None:
        return
    if await answer(update, context) is False:
        return
    raise ApplicationHandlerStop

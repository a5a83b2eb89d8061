"""A typed answer the bot asked for (a city, a time), or a shared location: read which
answer the person owes, and hand the message to the room that asked. Anything else passes
on to the rooms. Rooms say which answers they take in `BotData.answers`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import time

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot import edge, texts
from bot.context import BotContext
from bot.edge import Visit
from bot.times import parse_time
from bot.users import clear_awaiting
from bot.vocab import Awaiting


def not_an_answer(typed: str) -> bool:
    """A question or a long sentence, not the city or time the bot asked for: no place
    name or clock time has a question mark or more than seven words. The bot stops
    waiting rather than answer "I couldn't place that" to everything until /cancel."""
    return "?" in typed or len(typed.split()) > 7


async def typed_time(
    update: Update,
    context: BotContext,
    *,
    evening: bool,
    kept: str,
    not_understood: str,
    use: Callable[[Visit, time], Awaitable[None]],
) -> bool:
    """A clock time the bot asked for, typed (the evening reminder's, the morning
    question's). "Keep" leaves it as it is and says `kept`; a question or a sentence stops
    the waiting and goes on to the rooms (False); anything else unreadable gets
    `not_understood`; a time goes to `use`."""
    message = update.effective_message
    assert message is not None
    typed = " ".join((message.text or "").split())
    if typed.lower() in texts.KEEP_WORDS:
        await edge.visit(update, context, lambda visit: stop_waiting(visit, kept), needs_zone=False)
        return True
    at = parse_time(typed, evening=evening)
    if at is None and not_an_answer(typed):
        await edge.visit(update, context, stop_waiting, needs_zone=False)
        return False
    if at is None:
        await message.reply_text(not_understood)
        return True
    await edge.visit(update, context, lambda visit: use(visit, at), needs_zone=False)
    return True


async def stop_waiting(visit: Visit, say: str | None = None) -> None:
    """No typed answer is awaited any more (and `say`, if given, says so)."""
    await clear_awaiting(visit.session, visit.user.id)
    if say is not None:
        visit.reply(say)


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

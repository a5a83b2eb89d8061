"""The automatic weekly summary, for those who asked for one (/week auto sun 19:00).
Each summary is put together by the bulk worker that sends it, so a tick with many due
never holds the database or the event loop for long."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Message

from bot.context import BotContext
from bot.scheduling.kinds import Kind
from bot.scheduling.store import Due
from bot.scheduling.tick import Send, send_due
from bot.summary.weekly import compose, load_summary, send


async def send_due_summaries(context: BotContext) -> None:
    await send_due(context, Kind.WEEKLY, _compose, once_a_day=True)


async def _compose(context: BotContext, due: list[Due]) -> Sequence[tuple[Due, Send]]:
    return [(one, _sender(context, one)) for one in due]


def _sender(context: BotContext, due: Due) -> Send:
    async def build_and_send() -> Message:
        async with context.sessions.begin() as session:
            summary = await load_summary(session, due.user_id, due.zone, context.clock.now())
        return await send(context.bot, due.chat_id, await compose(summary))

    return build_and_send

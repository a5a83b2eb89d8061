"""Bulk priority by construction: whatever a bulk worker sends goes with bulk priority
without the job saying so, and a handler's own calls stay interactive."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.delivery import BulkSender, Outcome, Priority
from bot.delivery.priority import current


class PriorityRecorder:
    """Stands in for the bot: notes the priority each call would get from the limiter."""

    def __init__(self) -> None:
        self.priorities: list[Priority] = []

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> object:
        named = kwargs.get("rate_limit_args")
        self.priorities.append(current.get() if named is None else named)
        return object()


async def test_what_a_bulk_worker_sends_is_bulk_and_nothing_else_is() -> None:
    bot = PriorityRecorder()
    sender = BulkSender(bot, workers=2)  # type: ignore[arg-type]
    await sender.start()
    try:
        sends = [sender.submit(lambda: bot.send_message(1, "reminder")) for _ in range(3)]
        sends.append(sender.send_message(2, "summary"))
        outcomes = [d.outcome for d in await asyncio.gather(*sends)]
        await bot.send_message(3, "a reply, from a handler")
    finally:
        await sender.stop()
    assert outcomes == [Outcome.SENT] * 4
    assert bot.priorities == [Priority.BULK] * 4 + [Priority.INTERACTIVE]

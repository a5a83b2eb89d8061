"""BulkSender: many messages handed over at once, each with an outcome to learn.

Coarse jobs (reminders, check-ins, summaries) submit their messages and get a future per
message; a fixed pool of workers takes them in order and sends them. Everything a worker
sends has bulk priority (set here, not by each job), so the rate limiter paces it behind
interactive replies and live prompts. At shutdown,
messages not yet started come back as NOT_SENT, so their owner can keep them for later.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from telegram import Bot, Message
from telegram.error import Forbidden, NetworkError, TelegramError

from bot.delivery import priority
from bot.delivery.limiter import DeliveryClosed
from bot.delivery.priority import Priority, before_call
from bot.delivery.retry import may_have_arrived

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # the user blocked the bot or deleted their account
    FAILED = "failed"  # Telegram refused it, or retries ran out; it did not arrive
    UNCERTAIN = "uncertain"  # it may have arrived; not repeated so it cannot arrive twice
    NOT_SENT = "not-sent"  # shutdown came first; safe to send later


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    message: Message | None = None
    error: str | None = None


def outcome_of(error: BaseException) -> Outcome:
    if isinstance(error, DeliveryClosed):
        return Outcome.NOT_SENT
    if isinstance(error, Forbidden):
        return Outcome.BLOCKED
    if isinstance(error, NetworkError) and may_have_arrived(error):
        return Outcome.UNCERTAIN
    return Outcome.FAILED


BeforeCall = Callable[[], Awaitable[None]]
_Job = tuple[Callable[[], Awaitable[Message]], "asyncio.Future[Delivery]", BeforeCall | None]


class BulkSender:
    def __init__(self, bot: Bot, workers: int = 64) -> None:
        self.bot = bot
        self._workers_wanted = workers
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._workers: list[asyncio.Task[None]] = []
        self._closing = False

    @property
    def backlog(self) -> int:
        return self._queue.qsize()

    async def start(self) -> None:
        self._closing = False
        self._workers = [
            asyncio.create_task(self._work(), name=f"bulk-sender-{n}")
            for n in range(self._workers_wanted)
        ]

    def submit(
        self, send: Callable[[], Awaitable[Message]], before: BeforeCall | None = None
    ) -> asyncio.Future[Delivery]:
        """Queue one call; a worker makes it, with bulk priority. `before` is awaited
        right before its HTTP call starts (see priority.before_call)."""
        future: asyncio.Future[Delivery] = asyncio.get_running_loop().create_future()
        if self._closing or not self._workers:
            future.set_result(Delivery(Outcome.NOT_SENT, error="bulk sender is stopped"))
        else:
            self._queue.put_nowait((send, future, before))
        return future

    def send_message(self, chat_id: int, text: str, **kwargs: Any) -> asyncio.Future[Delivery]:
        return self.submit(lambda: self.bot.send_message(chat_id, text, **kwargs))

    async def stop(self) -> None:
        """Take no new work; give back what has not started; let what has finish."""
        self._closing = True
        while not self._queue.empty():
            _, future, _ = self._queue.get_nowait()
            if not future.done():
                future.set_result(Delivery(Outcome.NOT_SENT, error="shutting down"))
        for _ in self._workers:
            self._queue.put_nowait((_stop, asyncio.get_running_loop().create_future(), None))
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []

    async def _work(self) -> None:
        priority.current.set(Priority.BULK)  # this task's own: everything it sends is bulk
        while True:
            send, future, before = await self._queue.get()
            if send is _stop:
                return
            if future.done():  # the owner gave up waiting
                continue
            before_call.set(before)
            try:
                message = await send()
            except TelegramError as error:
                future.set_result(Delivery(outcome_of(error), error=str(error)))
            except Exception as error:  # a bug in the caller's message; keep the worker
                log.exception("bulk message failed")
                future.set_result(Delivery(Outcome.FAILED, error=repr(error)))
            else:
                future.set_result(Delivery(Outcome.SENT, message))
            finally:
                before_call.set(None)


async def _stop() -> Message:  # a sentinel telling a worker to finish
    raise AssertionError("never called")

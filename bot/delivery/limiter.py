"""PriorityRateLimiter: pacing, priorities, retries and blocked users for every Bot API call.

How a message goes out:
1. Its chat's turn. Each chat has its own pace (about one message a second; a group about
   twenty a minute), kept as the next free instant, so waiting for one chat never holds
   up another. A 429 for a chat pushes only that chat's next free instant back.
2. A slot in the overall budget. Requests wait in a heap ordered by priority; a
   dispatcher task hands each slot of the overall pace (an aiolimiter leaky bucket) to
   the most urgent waiter, so a backlog of bulk messages never delays a reply.
3. The call. Failures go through `retry.decide`: 429s wait as told, 5xx and connection
   errors back off with jitter, and a request that may already have arrived is not
   repeated unless repeating is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import random
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import BaseRateLimiter

from bot.config import DeliverySettings
from bot.delivery.priority import Priority, before_call
from bot.delivery.priority import current as priority_of_caller
from bot.delivery.retry import GiveUp, decide

log = logging.getLogger(__name__)

# Calls that put something in a chat count against the flood limits.
_PACED = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendAnimation",
        "sendDocument",
        "sendVideo",
        "sendAudio",
        "sendVoice",
        "sendLocation",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageMedia",
        "editMessageReplyMarkup",
    }
)
# Flood waits are bounded too, so a chat that is held for ever cannot hang a caller.
_MAX_FLOOD_WAITS = 10
# After a 429 that was not about one chat, the overall pace drops to this share and
# recovers by `_RECOVERY_PER_SECOND` of the budget each second: a lone 429 (arrival
# times jitter) costs little, a run of them (a real overload) backs off exponentially.
_SLOWDOWN = 0.98
_RECOVERY_PER_SECOND = 0.1


class DeliveryClosed(NetworkError):
    """The bot is shutting down and this request was not sent."""

    def __init__(self) -> None:
        super().__init__("delivery is shutting down; the request was not sent")


@dataclass
class _Chat:
    next_free: float = 0.0  # loop time at which this chat may get its next message
    last: float = float("-inf")  # when its newest message went out
    previous: float = float("-inf")  # when the one before went out


OnForbidden = Callable[[int], Awaitable[None]]


class PriorityRateLimiter(BaseRateLimiter[Priority]):
    def __init__(
        self,
        settings: DeliverySettings,
        *,
        on_forbidden: OnForbidden | None = None,
        rng: random.Random | None = None,
        shutdown_grace: float = 5.0,
    ) -> None:
        self.settings = settings
        self.shutdown_grace = shutdown_grace
        self.on_forbidden = on_forbidden
        self._rng = rng or random.Random()
        # Pace a little under the budget (less a burst allowance of one or a few
        # requests, and 1% for arrival times that jitter), so no one-second window at
        # Telegram (its unit) holds more than the budget.
        budget = settings.overall_per_second
        burst = max(1.0, round(budget / 100))
        pace = max(budget - burst, budget * 0.5)
        self._overall = AsyncLimiter(burst, burst / pace)
        # A little slack per chat: arrival times at Telegram jitter around send times.
        per_chat = settings.per_chat_per_second
        self._chat_interval = 1.0 / per_chat + 0.05 if per_chat else 0.0
        self._group_interval = max(self._chat_interval, 60.0 / settings.group_per_minute)
        self._chats: dict[int | str, _Chat] = {}
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._wakeup: asyncio.Event | None = None
        self._drained: asyncio.Event | None = None  # set whenever no one waits for a slot
        self._dispatcher: asyncio.Task[None] | None = None
        self._pace = 1.0  # share of the overall budget in use; below 1 after a global 429
        self._pace_changed = 0.0
        # A blocked chat, and the newest update the bot had received when it learned of
        # the block: only a later update of theirs (written after it) opens the chat again.
        self._blocked: dict[int | str, int] = {}
        self._newest_update = 0
        self.counts: dict[str, int] = {"sent": 0, "failed": 0, "flood_waits": 0}

    # -- life cycle ---------------------------------------------------------------------

    async def initialize(self) -> None:
        if self._dispatcher is not None:  # python-telegram-bot may initialize us twice
            return
        self._wakeup = asyncio.Event()
        self._drained = asyncio.Event()
        self._dispatcher = asyncio.create_task(self._dispatch(), name="delivery-dispatcher")

    async def shutdown(self) -> None:
        if self._dispatcher is None:
            return
        # Let what already waits for a slot go out (interactive and live first), briefly.
        if self._waiting:
            assert self._drained is not None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._drained.wait(), self.shutdown_grace)
        self._dispatcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._dispatcher
        for _, _, waiter in self._waiting:
            if not waiter.done():
                waiter.set_exception(DeliveryClosed())
        self._waiting.clear()
        self._dispatcher = None

    # -- blocked users ------------------------------------------------------------------

    def is_blocked(self, chat_id: int | str) -> bool:
        return chat_id in self._blocked

    def block(self, chat_id: int | str) -> None:
        """Telegram told us the user blocked the bot: send them nothing, not even the
        answers to what they wrote before blocking it."""
        self._blocked.setdefault(chat_id, self._newest_update)

    def unblock(self, chat_id: int | str) -> None:
        """The user unblocked the bot: they may get messages again."""
        self._blocked.pop(chat_id, None)

    def saw_update(self, update_id: int) -> None:
        """An update arrived (called as it arrives, before it waits for its chat's turn)."""
        self._newest_update = max(self._newest_update, update_id)

    def unblock_if_newer(self, chat_id: int | str, update_id: int) -> bool:
        """The user wrote: open the chat again if they wrote after the bot learned of the
        block. Updates queued from before (answered one a second) leave it blocked.
        True when the chat was blocked and is open now."""
        mark = self._blocked.get(chat_id)
        if mark is None or update_id <= mark:
            return False
        del self._blocked[chat_id]
        return True

    # -- the extension point --------------------------------------------------------------

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        priority = priority_of_caller.get() if rate_limit_args is None else rate_limit_args
        chat_id = data.get("chat_id")
        paced = endpoint in _PACED and chat_id is not None
        failures = flood_waits = 0
        while True:
            if paced:
                self._refuse_blocked(chat_id)
                await self._chat_turn(chat_id)
                await self._overall_turn(priority)
                # The chat may have blocked the bot while this waited for its turn.
                self._refuse_blocked(chat_id)
            hook = before_call.get()
            if hook is not None:
                before_call.set(None)  # once per message, not per retry or per call
                await hook()
            try:
                result = await callback(*args, **kwargs)
            except TelegramError as error:
                step = decide(
                    error,
                    endpoint=endpoint,
                    attempt=failures,
                    max_retries=self.settings.max_retries,
                    base=self.settings.retry_base_seconds,
                    cap=self.settings.retry_max_seconds,
                    rng=self._rng,
                )
                if isinstance(step, GiveUp):
                    await self._give_up(step.reason, error, endpoint, chat_id)
                    raise
                if step.flood:
                    flood_waits += 1
                    self.counts["flood_waits"] += 1
                    if flood_waits > _MAX_FLOOD_WAITS:
                        await self._give_up("exhausted", error, endpoint, chat_id)
                        raise
                    self._hold(chat_id, step.delay)
                    if not paced:
                        await asyncio.sleep(step.delay)
                else:
                    failures += 1
                    log.info(
                        "retrying %s to chat %s in %.1fs after %s",
                        endpoint,
                        chat_id,
                        step.delay,
                        type(error).__name__,
                    )
                    await asyncio.sleep(step.delay)
                continue
            if paced:
                self.counts["sent"] += 1
            return result

    def _refuse_blocked(self, chat_id: int | str) -> None:
        if chat_id in self._blocked:
            raise Forbidden("Forbidden: the user blocked the bot (known, not sent again)")

    # -- pacing ---------------------------------------------------------------------------

    def _interval(self, chat_id: int | str) -> float:
        is_group = isinstance(chat_id, str) or chat_id < 0
        return self._group_interval if is_group else self._chat_interval

    async def _chat_turn(self, chat_id: int | str) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        chat = self._chats.get(chat_id)
        if chat is None:
            if len(self._chats) > 100_000:
                self._forget_idle_chats(now)
            chat = self._chats[chat_id] = _Chat()
        slot = max(now, chat.next_free)
        chat.next_free = slot + self._interval(chat_id)
        chat.previous, chat.last = chat.last, slot
        if slot > now:
            await asyncio.sleep(slot - now)

    def _forget_idle_chats(self, now: float) -> None:
        self._chats = {key: chat for key, chat in self._chats.items() if chat.next_free > now}

    def _hold(self, chat_id: int | str | None, delay: float) -> None:
        """A 429: hold the chat it names, and if that chat was not over its own pace,
        the 429 was about the overall budget, so slow everything down a little."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        if chat_id is not None:
            chat = self._chats.setdefault(chat_id, _Chat())
            chat.next_free = max(chat.next_free, now + delay)
            # Two messages to this chat close together: the 429 was about this chat.
            if chat.last - chat.previous < self._interval(chat_id) + 0.5:
                return
        self._pace = max(0.5, self._current_pace(now) * _SLOWDOWN)
        self._pace_changed = now
        log.info("Telegram asked to slow down; overall pace now %.0f%%", self._pace * 100)

    def _current_pace(self, now: float) -> float:
        recovered = (now - self._pace_changed) * _RECOVERY_PER_SECOND
        return min(1.0, self._pace + recovered)

    async def _overall_turn(self, priority: Priority) -> None:
        assert self._wakeup is not None, "initialize() starts the dispatcher"
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (int(priority), next(self._order), waiter))
        assert self._drained is not None
        self._drained.clear()
        self._wakeup.set()
        await waiter

    async def _dispatch(self) -> None:
        assert self._wakeup is not None
        loop = asyncio.get_running_loop()
        while True:
            while not self._waiting:
                assert self._drained is not None
                self._drained.set()
                self._wakeup.clear()
                await self._wakeup.wait()
            await self._overall.acquire()
            pace = self._current_pace(loop.time())
            if pace < 1.0:  # after a global 429: stretch the gap between slots
                await asyncio.sleep((1 / pace - 1) / self.settings.overall_per_second)
            while self._waiting:
                _, _, waiter = heapq.heappop(self._waiting)
                if not waiter.done():  # a cancelled caller leaves a done future behind
                    waiter.set_result(None)
                    break

    # -- failures -------------------------------------------------------------------------

    async def _give_up(
        self, reason: str, error: TelegramError, endpoint: str, chat_id: int | str | None
    ) -> None:
        self.counts["failed"] += 1
        if reason == "forbidden":
            if chat_id is not None and chat_id not in self._blocked:
                self.block(chat_id)
                log.info("chat %s blocked the bot; no more messages until they return", chat_id)
                if self.on_forbidden is not None and isinstance(chat_id, int):
                    await self.on_forbidden(chat_id)
        elif reason == "uncertain":
            log.warning(
                "%s to chat %s failed after it may have arrived (%s); not repeated",
                endpoint,
                chat_id,
                error,
            )
        elif reason == "bad-request" and "not modified" in str(error):
            log.debug("%s to chat %s: message not modified", endpoint, chat_id)
        else:
            log.warning("%s to chat %s failed (%s): %s", endpoint, chat_id, reason, error)

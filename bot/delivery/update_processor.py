"""Updates of one chat in order, different chats at the same time.

python-telegram-bot handles updates one after another by default, so one user's reply
waiting for that chat's flood limit would hold up everyone. Fully concurrent handling
would let one person's quick taps overtake each other. This keeps each chat's updates in
arrival order (asyncio locks are first come, first served) and the chats independent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent_updates: int = 256,
        *,
        on_arrival: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        # Told every update id as it arrives, before it waits for its chat's turn (the
        # limiter, to tell updates written before a block from those written after).
        self.on_arrival = on_arrival
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self.on_arrival is not None and isinstance(update, Update):
            self.on_arrival(update.update_id)
        key = _chat_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None

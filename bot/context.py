"""The typed context every handler receives: `context.settings`, `.sessions`, `.clock`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import CallbackContext, ExtBot

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.delivery import BulkSender, PriorityRateLimiter
from bot.presence import SeenRecently


@dataclass
class BotData:
    """Application-wide services. python-telegram-bot creates it empty; build_application
    fills in the settings and clock, post_init the database."""

    settings: Settings | None = None
    clock: Clock = field(default_factory=SystemClock)
    engine: AsyncEngine | None = None
    sessions: async_sessionmaker[AsyncSession] | None = None
    limiter: PriorityRateLimiter | None = None
    delivery: BulkSender | None = None
    seen: SeenRecently = field(default_factory=SeenRecently)
    background: set[asyncio.Task[None]] = field(default_factory=set)
    # Rooms' own services (by room name) and the rooms' start and stop steps, run after
    # the database opens and before delivery stops.
    rooms: dict[str, Any] = field(default_factory=dict)
    on_start: list[Callable[[Any], Awaitable[None]]] = field(default_factory=list)
    on_stop: list[Callable[[Any], Awaitable[None]]] = field(default_factory=list)
    # What each room has pending for a person, asked when the safety gate answers first:
    # (context, user) → one short line ("I'm still waiting for your city"), or None. A
    # room may also hold its work there (a live session pauses).
    pending: list[Callable[[Any, Any], Awaitable[str | None]]] = field(default_factory=list)

    def track(self, work: Coroutine[Any, Any, None]) -> None:
        """Run work in the background and keep it to be awaited at shutdown."""
        task = asyncio.create_task(work)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def drain(self) -> None:
        if self.background:
            await asyncio.gather(*self.background, return_exceptions=True)


class BotContext(CallbackContext[ExtBot[None], dict, dict, BotData]):  # type: ignore[type-arg]
    @property
    def settings(self) -> Settings:
        assert self.bot_data.settings is not None, "build_application sets the settings"
        return self.bot_data.settings

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        assert self.bot_data.sessions is not None, "post_init opens the database"
        return self.bot_data.sessions

    @property
    def delivery(self) -> BulkSender:
        assert self.bot_data.delivery is not None, "post_init starts delivery"
        return self.bot_data.delivery

    @property
    def limiter(self) -> PriorityRateLimiter:
        assert self.bot_data.limiter is not None, "build_application makes the limiter"
        return self.bot_data.limiter

    @property
    def clock(self) -> Clock:
        return self.bot_data.clock

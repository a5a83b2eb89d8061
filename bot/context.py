"""The typed context every handler receives: `context.settings`, `.sessions`, `.clock`,
`.delivery`, `.limiter`, and the rooms' own services (`.runner`, `.seen`)."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.delivery import BulkSender, PriorityRateLimiter
from bot.models import User
from bot.vocab import Awaiting

if TYPE_CHECKING:  # the rooms' services, by type only: the kernel imports no room
    from bot.presence.throttle import SeenRecently
    from bot.scheduling.marks import Marks
    from bot.winddown.runner import Runner

# A room's step at start or stop, and its line for the safety gate's answer: what it has
# pending for a person ("I'm still waiting for your city"), or None.
Step = Callable[[Application], Awaitable[None]]  # type: ignore[type-arg]
Pending = Callable[["BotContext", User], Awaitable[str | None]]
# A room's routes on the bot's web server: given the aiohttp application, adds them.
WebRoutes = Callable[[Any], None]
# A room's handler for a typed answer it asked for (see bot.awaited).
# An answer the bot waited for; False when the message was not one after all (the bot
# stopped waiting, and the rooms take it as any other message).
Answer = Callable[[Update, "BotContext"], Awaitable[bool | None]]


def worker_name() -> str:
    """Unique among the processes sharing a database: host, process id, and a random
    part (a process id comes back after a reboot)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass
class BotData:
    """Application-wide services. python-telegram-bot creates it empty; build_application
    fills in the settings and clock, post_init the database, the rooms their own parts."""

    settings: Settings | None = None
    clock: Clock = field(default_factory=SystemClock)
    engine: AsyncEngine | None = None
    sessions: async_sessionmaker[AsyncSession] | None = None
    limiter: PriorityRateLimiter | None = None
    delivery: BulkSender | None = None
    background: set[asyncio.Task[None]] = field(default_factory=set)
    # This process among the workers sharing the database (its lease, its outbox rows,
    # its live sessions), and the batched writer of its outbox marks.
    worker: str = field(default_factory=worker_name)
    marks: Marks | None = None
    # Jobs that run once right at start too (the scheduled-message ticks).
    at_start_jobs: set[str] = field(default_factory=set)
    # The rooms' services: winddown's live sessions, presence's memory of who was seen.
    runner: Runner | None = None
    seen: SeenRecently | None = None
    # The rooms' start and stop steps, run after the database opens and before delivery
    # stops; their pending lines; and the typed answers each room waits for.
    on_start: list[Step] = field(default_factory=list)
    on_stop: list[Step] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    answers: dict[Awaiting, Answer] = field(default_factory=dict)
    # Routes the rooms add to the bot's web server (the pacer page's).
    web_routes: list[WebRoutes] = field(default_factory=list)

    def track(self, work: Coroutine[Any, Any, None]) -> None:
        """Run work in the background and keep it to be awaited at shutdown."""
        task = asyncio.create_task(work)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def drain(self) -> None:
        """Wait for the background work, and write the outbox marks it left."""
        if self.background:
            await asyncio.gather(*self.background, return_exceptions=True)
        if self.marks is not None:
            await self.marks.flush()


class BotContext(CallbackContext[ExtBot[None], dict, dict, BotData]):  # type: ignore[type-arg]
    """python-telegram-bot makes one per update (shared by the handlers of every group)
    and one per job run."""

    def __init__(
        self, application: Application, chat_id: int | None = None, user_id: int | None = None
    ) -> None:  # type: ignore[type-arg]
        super().__init__(application, chat_id, user_id)
        # The people this update is from, as read once by bot.edge.person.
        self.people: dict[int, User | None] = {}

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

    @property
    def runner(self) -> Runner:
        assert self.bot_data.runner is not None, "the winddown room starts it"
        return self.bot_data.runner

    @property
    def seen(self) -> SeenRecently:
        assert self.bot_data.seen is not None, "the presence room makes it"
        return self.bot_data.seen

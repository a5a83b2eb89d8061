"""build_application(settings): the python-telegram-bot Application with every room wired
in, in the order stated here; and `running`, the one way to run it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC
from enum import IntEnum

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot import (
    __version__,
    admin,
    errors,
    faq,
    help,
    miniapp,
    onboarding,
    presence,
    privacy,
    reminders,
    settings,
    sleep,
    summary,
    texts,
    understanding,
    winddown,
)
from bot.awaited import awaited_input
from bot.clock import Clock
from bot.config import Settings
from bot.context import BotContext, BotData
from bot.db import make_engine, make_sessionmaker
from bot.delivery import BulkSender, PriorityRateLimiter
from bot.delivery.transport import AiohttpRequest
from bot.delivery.update_processor import PerChatUpdateProcessor
from bot.scheduling import workers
from bot.scheduling.store import fill_missing
from bot.understanding.meaning import default_meaning
from bot.users import count_users_and_schedules
from bot.web import WebServer

log = logging.getLogger(__name__)

BotApplication = Application  # type: ignore[type-arg]


class Group(IntEnum):
    """The order in which every update meets the bot, first to last. python-telegram-bot
    runs the first matching handler of each group, group by group; a handler that has
    answered for good raises ApplicationHandlerStop, and later groups never see the update.

    Activity comes before safety on purpose: a crisis answer to someone who has just
    unblocked the bot must not meet a limiter that still thinks the chat is blocked.
    """

    GUARD = -4  # groups and channels: a pointer to a private chat, nothing stored
    ACTIVITY = -3  # whoever writes is active (a chat that had blocked us is open again)
    SAFETY = -2  # every text, edit, caption and command argument: crisis language, acute
    # symptoms and named conditions are answered here, in every state
    AWAITED = -1  # a typed answer the bot asked for (a city, a time), or a location
    ROOMS = 0  # commands, buttons and free-text questions; help's fallbacks last


# The rooms, in the order their handlers are tried within Group.ROOMS: the first that
# matches wins, and help holds the catch-all fallbacks, so it comes last.
ROOMS = (
    presence,
    onboarding,
    reminders,
    settings,
    winddown,
    miniapp,
    sleep,
    summary,
    privacy,
    admin,
    understanding,
    faq,
    help,
)


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    rate_limiter: BaseRateLimiter | None = None,  # type: ignore[type-arg]
) -> BotApplication:
    """`rate_limiter` replaces our own only to compare with another (bench/delivery)."""
    limiter = PriorityRateLimiter(settings.delivery)
    app = (
        ApplicationBuilder()
        .token(settings.telegram.token.get_secret_value())
        .base_url(settings.telegram.api_base_url)
        .base_file_url(settings.telegram.file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=UTC))
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .rate_limiter(rate_limiter or limiter)
        .request(
            AiohttpRequest(
                connection_pool_size=64, read_timeout=settings.delivery.request_timeout_seconds
            )
        )
        .get_updates_request(AiohttpRequest(connection_pool_size=2))
        .concurrent_updates(PerChatUpdateProcessor(on_arrival=limiter.saw_update))
        .post_init(open_resources)
        .post_stop(stop_taking_bulk_work)
        .post_shutdown(close_resources)
        .build()
    )
    app.bot_data.settings = settings
    app.bot_data.limiter = limiter
    if clock is not None:
        app.bot_data.clock = clock

    app.add_handler(help.guard_handler(), group=Group.GUARD)
    app.add_handler(presence.activity_handler(), group=Group.ACTIVITY)
    app.add_handler(understanding.gate_handler(), group=Group.SAFETY)
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ((filters.TEXT & ~filters.COMMAND) | filters.LOCATION),
            awaited_input,
        ),
        group=Group.AWAITED,
    )
    workers.register(app)
    for room in ROOMS:
        room.register(app)
    app.add_error_handler(errors.on_error)
    return app


async def open_resources(app: BotApplication) -> None:
    data: BotData = app.bot_data
    assert data.settings is not None
    # The meaning model loads now, off the event loop, not at the first message. The first
    # start embeds the banks and trains the safety screen (about a minute on one core);
    # later starts read them from the cache.
    started = time.perf_counter()
    if await asyncio.to_thread(default_meaning) is not None:
        log.info("meaning model ready in %.1f s", time.perf_counter() - started)
    data.engine = make_engine(data.settings.database.url)
    data.sessions = make_sessionmaker(data.engine)
    data.delivery = BulkSender(app.bot, workers=data.settings.delivery.bulk_workers)
    await data.delivery.start()
    await workers.start_worker(data)
    async with data.sessions.begin() as session:
        filled = await fill_missing(session, data.clock.now())
    if filled:
        log.info("%d schedules were given their next time", filled)
    for step in data.on_start:
        await step(app)
    async with data.sessions() as session:
        users, schedules = await count_users_and_schedules(session)
    log.info(
        "winddown %s started: %s, %s database %s, %d users, %d schedules",
        __version__,
        data.settings.telegram.mode,
        data.settings.database.sqlalchemy_url.get_backend_name(),
        data.settings.database.display_url,
        users,
        schedules,
    )
    await app.bot.set_my_commands([BotCommand(name, about) for name, about in texts.COMMANDS])


async def stop_taking_bulk_work(app: BotApplication) -> None:
    """Jobs have stopped by now. Unsent bulk work comes back as NOT_SENT, and the jobs'
    background tasks record that in the database before it closes."""
    for step in app.bot_data.on_stop:
        await step(app)
    if app.bot_data.delivery is not None:
        await app.bot_data.delivery.stop()
    await app.bot_data.drain()
    await workers.stop_worker(app.bot_data)


async def close_resources(app: BotApplication) -> None:
    data: BotData = app.bot_data
    if data.engine is not None:
        await data.engine.dispose()
        data.engine = data.sessions = None


def run_first_ticks(app: BotApplication) -> None:
    """The scheduled-message ticks run once now: what fell due while no worker ran goes
    out at start, not one tick_seconds later (APScheduler, started after post_init, would
    make the first run of a repeating job one interval after the start)."""
    assert app.job_queue is not None
    for job in app.job_queue.jobs():
        # A paused job (the tests pause them to run them by hand) has no next run.
        if job.job.next_run_time is not None and job.name in app.bot_data.at_start_jobs:
            app.bot_data.track(job.run(app))


@asynccontextmanager
async def running(app: BotApplication, *, poll_timeout: int = 10) -> AsyncIterator[BotApplication]:
    """Run the application inside an existing event loop: long polling, or the webhook,
    plus the web server for /healthz when configured. The start and stop steps are those
    of python-telegram-bot's `run_polling`, in the same order; on the way out, updates
    stop coming in first, then the rooms and delivery stop, then the database closes."""
    settings: Settings = app.bot_data.settings
    server = WebServer(app, settings) if settings.http_port is not None else None
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        # Listening before Telegram is told where to post, so the first updates find us.
        if server is not None:
            await server.start()
        await app.start()
        run_first_ticks(app)
        if settings.telegram.mode == "webhook":
            assert settings.webhook.url is not None
            assert settings.webhook.secret_token is not None
            await app.bot.set_webhook(
                settings.webhook.url,
                secret_token=settings.webhook.secret_token.get_secret_value(),
                allowed_updates=Update.ALL_TYPES,
            )
        elif settings.telegram.mode == "polling":
            assert app.updater is not None
            await app.updater.start_polling(
                poll_interval=0.0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
            )
        yield app
    finally:
        if server is not None:
            await server.stop()
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
            if app.post_stop:
                await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)

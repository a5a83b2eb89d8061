"""This process as one of the workers sharing a database: its lease, taken at start and
renewed while it runs, given up at a clean stop; and the batched outbox marks.

On SQLite only one process runs at a time, so whoever held a lease before this start is
dead and its rows are taken over at once; on PostgreSQL another worker may be alive, so
a dead one's rows wait for its lease to run out (`reminders.lease_seconds`)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from bot.context import BotContext, BotData
from bot.scheduling.marks import Marks
from bot.scheduling.outbox import forget_long_dead, forget_others, prune, renew_lease, resign
from bot.scheduling.tick import run_every

log = logging.getLogger(__name__)

# Finished outbox rows are kept this long (for /stats, and to read what happened).
KEEP = timedelta(days=8)


async def start_worker(data: BotData) -> None:
    assert data.sessions is not None
    assert data.settings is not None
    assert data.engine is not None
    now = data.clock.now()
    async with data.sessions.begin() as session:
        if data.engine.dialect.name == "sqlite":
            await forget_others(session, data.worker)
        await renew_lease(session, data.worker, now, now + data.settings.reminders.lease)
        await prune(session, now - KEEP)
        await forget_long_dead(session, now - KEEP)
    data.marks = Marks(data.sessions, data.clock)
    data.marks.start()


async def stop_worker(data: BotData) -> None:
    """After delivery has stopped: the last marks written, the lease given up (what
    this worker handed back is anyone's at once)."""
    if data.marks is not None:
        await data.marks.stop()
    if data.sessions is None:
        return
    try:
        async with data.sessions.begin() as session:
            await resign(session, data.worker)
    except Exception as error:  # the database is gone: the lease runs out by itself
        log.warning("could not give up this worker's lease: %s", type(error).__name__)


async def keep_lease(context: BotContext) -> None:
    data = context.bot_data
    now = context.clock.now()
    async with context.sessions.begin() as session:
        await renew_lease(session, data.worker, now, now + context.settings.reminders.lease)


def register(app: Any) -> None:
    """Renew the lease three times a lease, so one slow renewal does not lose it."""
    run_every(app, keep_lease, app.bot_data.settings.reminders.lease_seconds / 3, "keep-lease")

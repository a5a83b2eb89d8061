"""Marks: what happens to outbox rows, written in batches (a group commit).

A sender waits for `attempting(id)` right before its HTTP call: the mark is durable before
the call starts, so after a crash a row still `pending` was certainly never sent. Marks
made while one batch is being written go together in the next, so there are at most
about 1/`window` commits a second however many messages go out (30 a second, or 1,000 with
paid broadcasts). `finished(id, state)` does not wait: it rides along with the next batch,
or is written within `linger` seconds. A row sent but not yet marked sent when the process
dies is sent again after the takeover: that is the price of not committing each message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.scheduling.outbox import mark_attempting, mark_finished
from bot.vocab import OutboxState

log = logging.getLogger(__name__)


class Marks:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        window: float = 0.02,
        linger: float = 0.25,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.window = window
        self.linger = linger
        self._attempting: dict[int, asyncio.Future[None]] = {}
        self._finished: dict[OutboxState, list[int]] = defaultdict(list)
        self._urgent = asyncio.Event()  # a sender waits for its mark
        self._some = asyncio.Event()  # anything at all to write
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._write_forever(), name="outbox-marks")

    async def stop(self) -> None:
        """Write what is left, then stop. The writer finishes its batch rather than
        being cancelled in the middle of one (whose marks would be lost)."""
        if self._task is not None:
            self._stopping = True
            self._urgent.set()
            self._some.set()
            await self._task
            self._task = None
        await self.flush()

    async def flush(self) -> None:
        """Write every mark made so far, now."""
        await self._write_batch()

    async def attempting(self, outbox_id: int) -> None:
        """Returns once the row is durably `attempting` (raises if it could not be)."""
        future = self._attempting.get(outbox_id)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._attempting[outbox_id] = future
        self._urgent.set()
        self._some.set()
        if self._task is None:  # not started (or stopped): write it now
            await self._write_batch()
        await asyncio.shield(future)

    def finished(self, outbox_id: int, state: OutboxState) -> None:
        self._finished[state].append(outbox_id)
        self._some.set()

    async def _write_forever(self) -> None:
        while not self._stopping:
            await self._some.wait()
            if not self._urgent.is_set():
                # Only end states to write: wait a little for more, or for a sender.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._urgent.wait(), self.linger)
            if self._urgent.is_set():
                await asyncio.sleep(self.window)  # let the marks of this moment gather
            await self._write_batch()

    async def _write_batch(self) -> None:
        attempting, self._attempting = self._attempting, {}
        finished, self._finished = self._finished, defaultdict(list)
        self._urgent.clear()
        self._some.clear()
        if not attempting and not finished:
            return
        try:
            async with self.sessions.begin() as session:
                await mark_attempting(session, list(attempting))
                await mark_finished(session, finished, self.clock.now())
        except Exception as error:
            log.exception("could not record %d outbox marks", len(attempting) + len(finished))
            for state, ids in finished.items():  # tried again with the next batch
                self._finished[state].extend(ids)
            for future in attempting.values():
                if not future.done():
                    future.set_exception(error)
            return
        for future in attempting.values():
            if not future.done():
                future.set_result(None)

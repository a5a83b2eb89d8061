"""Time as a dependency: logic takes `now` as an argument, the edges ask a Clock for it.

Two kinds of time: a Clock says what time it is (UTC instants: schedules, nights); a Timer
counts seconds and waits for them (the live session's breath prompts). Each has a manual
version that moves only when told to, for tests, benchmarks and trying things out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to: for tests, benchmarks and trying things out."""

    def __init__(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("an aware datetime is needed")
        self._now = now

    def now(self) -> datetime:
        return self._now

    def set(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("an aware datetime is needed")
        self._now = now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now


class Timer(Protocol):
    def time(self) -> float:
        """Seconds on a monotonic clock."""
        ...

    async def sleep_until(self, deadline: float) -> None:
        """Return once time() has reached `deadline`."""
        ...


class LoopTimer:
    """The event loop's own clock."""

    def time(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep_until(self, deadline: float) -> None:
        await asyncio.sleep(max(0.0, deadline - self.time()))


class ManualTimer:
    """A timer that only moves when told to; sleepers wake as it passes their deadline."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def time(self) -> float:
        return self._now

    async def sleep_until(self, deadline: float) -> None:
        if deadline <= self._now:
            await asyncio.sleep(0)
            return
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((deadline, woken))
        await woken

    @property
    def sleeping(self) -> int:
        """How many are waiting for a later time."""
        return sum(1 for _, woken in self._sleepers if not woken.done())

    def advance(self, seconds: float) -> None:
        self._now += seconds
        waiting = []
        for deadline, woken in self._sleepers:
            if woken.done():
                continue
            if deadline <= self._now:
                woken.set_result(None)
            else:
                waiting.append((deadline, woken))
        self._sleepers = waiting

"""Time as a dependency: logic takes `now` as an argument, the edges ask a Clock for it."""

from __future__ import annotations

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

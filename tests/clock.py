"""A clock the tests move by hand; the application reads `now` from it."""

from __future__ import annotations

from datetime import datetime, timedelta


class FakeClock:
    def __init__(self, now: datetime) -> None:
        assert now.tzinfo is not None
        self._now = now

    def now(self) -> datetime:
        return self._now

    def set(self, now: datetime) -> None:
        assert now.tzinfo is not None
        self._now = now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

"""How often to write down that someone was here. Pure: no Telegram, no SQL.

`users.last_seen_at` answers "was this person active this week?", so refreshing it once an
hour is plenty; writing it on every message would put a database write in front of every
reply. The memory of who was refreshed is only a throttle: losing it (a restart) costs
one extra write per person.
"""

from __future__ import annotations

from datetime import datetime, timedelta

REFRESH_EVERY = timedelta(hours=1)


class SeenRecently:
    def __init__(self, every: timedelta = REFRESH_EVERY, capacity: int = 100_000) -> None:
        self.every = every
        self.capacity = capacity
        self._refreshed: dict[int, datetime] = {}

    def due(self, user_id: int, now: datetime) -> bool:
        """True when user_id's activity should be written now (and notes that it was)."""
        last = self._refreshed.get(user_id)
        if last is not None and now - last < self.every:
            return False
        if len(self._refreshed) >= self.capacity:
            self._refreshed = {u: t for u, t in self._refreshed.items() if now - t < self.every}
        self._refreshed[user_id] = now
        return True

    def forget(self, user_id: int) -> None:
        """Their status changed (they blocked the bot): write at their next message."""
        self._refreshed.pop(user_id, None)

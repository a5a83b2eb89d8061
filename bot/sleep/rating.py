"""Which night a sleep answer belongs to, and which answers are still accepted. Pure."""

from __future__ import annotations

from datetime import date, datetime

from bot.times import last_night


def accepts(night: date, now: datetime, zone_name: str, max_days: int) -> bool:
    """Whether a rating for `night` is taken now: a night that is over (last night or
    earlier) and at most `max_days` before last night. A late tap on a morning question
    still counts for the night it asked about; a tap from weeks ago does not."""
    behind = (last_night(now, zone_name) - night).days
    return 0 <= behind <= max_days

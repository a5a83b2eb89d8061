"""When a recurring message is due next. Pure: takes `after` and the zone name.

A rule is a local time on chosen weekdays (optionally another time on Saturday and
Sunday). Its next occurrence is found day by day in the user's zone, so it follows
daylight saving: 21:30 stays 21:30 on the wall clock whatever the offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.times import local_date, local_instant

EVERY_DAY = 0b1111111
WEEKDAYS = 0b0011111
WEEKEND = 0b1100000


@dataclass(frozen=True)
class Rule:
    at: time
    weekdays: int = EVERY_DAY  # bit 0 is Monday … bit 6 is Sunday
    weekend_at: time | None = None

    def runs_on(self, day: date) -> bool:
        return bool(self.weekdays >> day.weekday() & 1)

    def time_on(self, day: date) -> time:
        if self.weekend_at is not None and day.weekday() >= 5:
            return self.weekend_at
        return self.at


def next_occurrence(
    rule: Rule, zone_name: str, after: datetime, paused_until: datetime | None = None
) -> datetime | None:
    """The first instant strictly after `after` (and not before `paused_until`) at which
    the rule fires, in UTC; None when it has no weekdays at all."""
    if not rule.weekdays & EVERY_DAY:
        return None
    floor = after
    if paused_until is not None and paused_until > after:
        floor = paused_until - timedelta(microseconds=1)
    # Start a day early: near midnight the local date can lag the UTC one.
    day = local_date(floor, zone_name) - timedelta(days=1)
    for _ in range(9):
        if rule.runs_on(day):
            instant = local_instant(day, rule.time_on(day), zone_name)
            if instant > floor:
                return instant
        day += timedelta(days=1)
    raise AssertionError("a rule with a weekday fires within a week")

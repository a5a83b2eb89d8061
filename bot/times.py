"""Time helpers every room needs. Pure: no Telegram, no SQL, no clock.

Zones are stored by name: an IANA name ("Europe/Berlin"), or, for someone who would only
give an offset, "UTC+05:30" (which never follows daylight saving, and says so).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET_NAME = re.compile(r"^UTC([+-])(\d{2}):(\d{2})$")
# "21:30", "21.30", "21h30", "2130", "9:30pm", "9 pm", "9pm", "21"
_TIME = re.compile(
    r"""^\s*
    (?P<hour>\d{1,2})
    (?:\s*[:.h]\s*(?P<minute>\d{2})|(?P<compact>\d{2}))?
    \s*(?P<ampm>[ap]\.?\s*m\.?)?
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def zone(name: str) -> tzinfo:
    """The tzinfo for a stored zone name; raises KeyError for an unknown one."""
    match = _OFFSET_NAME.match(name)
    if match:
        sign, hours, minutes = match.groups()
        offset = timedelta(hours=int(hours), minutes=int(minutes))
        return timezone(-offset if sign == "-" else offset)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise KeyError(name) from None


def offset_zone_name(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def is_fixed_offset(name: str) -> bool:
    return bool(_OFFSET_NAME.match(name))


def parse_time(text: str) -> time | None:
    """A clock time as people type it, or None. 12-hour times need am/pm to mean the
    afternoon; "9" alone is 09:00."""
    match = _TIME.match(text)
    if not match:
        return None
    hour = int(match["hour"])
    minute = int(match["minute"] or match["compact"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        pm = match["ampm"].lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def format_time(value: time) -> str:
    return value.strftime("%H:%M")


def local_instant(day: date, at: time, zone_name: str) -> datetime:
    """The UTC instant of a local wall-clock time on a given day.

    A time that does not exist that day (the hour skipped when clocks spring forward)
    moves to the first valid minute after it; a time that happens twice (clocks falling
    back) means the first of the two.
    """
    tz = zone(zone_name)
    wall = datetime.combine(day, at)
    for _ in range(48 * 60):  # the longest gap on record is a whole day (Samoa, 2011)
        instant = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
        if instant.astimezone(tz).replace(tzinfo=None) == wall:
            return instant
        wall += timedelta(minutes=1)
    raise ValueError(f"no valid local time near {day} {at} in {zone_name}")


def local_date(instant: datetime, zone_name: str) -> date:
    return instant.astimezone(zone(zone_name)).date()


def start_of_local_day(day: date, zone_name: str) -> datetime:
    return local_instant(day, time(0, 0), zone_name)


# The evening a moment belongs to: from noon on one day until noon the next is that
# day's night, so a 00:30 session and a 07:00 sleep rating both belong to the evening
# before.
NIGHT_STARTS = timedelta(hours=12)


def night_of(instant: datetime, zone_name: str) -> date:
    return (instant.astimezone(zone(zone_name)) - NIGHT_STARTS).date()


def last_night(instant: datetime, zone_name: str) -> date:
    """The night a person means by "last night" at this moment: the evening of the day
    before, by their local calendar (at 08:00 or at 15:00 on Thursday, Wednesday's)."""
    return local_date(instant, zone_name) - timedelta(days=1)


def format_day(day: date) -> str:
    return f"{day.strftime('%A')}, {day.day} {day.strftime('%B')}"


def format_short_day(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"

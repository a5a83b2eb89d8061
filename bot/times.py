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


_NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_MINUTE_WORDS = {
    "five": 5,
    "ten": 10,
    "quarter": 15,
    "a quarter": 15,
    "twenty": 20,
    "twenty five": 25,
    "twenty-five": 25,
    "half": 30,
}
# Words around a time that change nothing ("9:30 pm please", "at about 10ish").
_FILLER = re.compile(
    r"\b(?:please|pls|thanks|thank you|at|around|about|maybe|by|o'?clock)\b|ish\b|[!,]",
    re.IGNORECASE,
)
_PM_WORDS = re.compile(r"\b(?:tonight|in the evening|at night|this evening)\b")
_AM_WORDS = re.compile(r"\b(?:in the morning|this morning)\b")
_PAST_TO = re.compile(
    r"^(?P<minutes>[a-z -]+?)\s+(?P<way>past|after|to|till|before)\s+(?P<hour>\w+)$"
)
_HALF_HOUR = re.compile(r"^half\s+(?P<hour>\w+)$")  # British "half nine" is 9:30


def _hour_word(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _spoken(text: str) -> tuple[int, int] | None:
    """ "half past nine", "quarter to ten", "ten past 9", "half nine", "nine", "noon"."""
    if text in ("noon", "midday"):
        return 12, 0
    if text == "midnight":
        return 0, 0
    if (half := _HALF_HOUR.match(text)) is not None:
        hour = _hour_word(half["hour"])
        return None if hour is None else (hour, 30)
    if (spoken := _PAST_TO.match(text)) is not None:
        hour = _hour_word(spoken["hour"])
        words = spoken["minutes"].removesuffix(" minutes").removesuffix(" mins").strip()
        minutes = _MINUTE_WORDS.get(words)
        if minutes is None and words.isdigit():
            minutes = int(words)
        if hour is None or minutes is None or not 0 < minutes < 60:
            return None
        if spoken["way"] in ("past", "after"):
            return hour, minutes
        return (hour - 1) % 24 if hour else 23, 60 - minutes
    hour = _NUMBER_WORDS.get(text)
    return None if hour is None else (hour, 0)


def parse_time(text: str, *, evening: bool = False) -> time | None:
    """A clock time as people type it, or None: "21:30", "9:30pm", "21.30", "9 pm",
    "half past nine", "quarter to ten", "9:30 pm please", "nine tonight".

    Without am/pm, a 12-hour time means the morning, except for an `evening` time (the
    evening reminder): there "9.30" means 21:30, and "12:30" half past midnight. A time
    written with a leading zero ("09:30") or past 12 is taken as written."""
    lowered = " ".join(text.lower().split())
    pm_hint = evening or bool(_PM_WORDS.search(lowered))
    am_hint = bool(_AM_WORDS.search(lowered))
    lowered = _AM_WORDS.sub(" ", _PM_WORDS.sub(" ", lowered))
    lowered = " ".join(_FILLER.sub(" ", lowered).split())
    ampm: str | None = None
    if (suffix := re.search(r"\s*([ap])\.?\s*m\.?$", lowered)) is not None:
        ampm, lowered = suffix[1], lowered[: suffix.start()].strip()
    match = _TIME.match(lowered)
    literal = False
    if match is not None:
        hour = int(match["hour"])
        minute = int(match["minute"] or match["compact"] or 0)
        literal = match["hour"].startswith("0") or hour > 12
    elif (spoken := _spoken(lowered)) is not None:
        hour, minute = spoken
        literal = lowered in ("noon", "midday", "midnight")
    else:
        return None
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    elif not literal and not am_hint and pm_hint:
        # 1 to 4 stay as they are: a late night, not the afternoon.
        if 5 <= hour <= 11:
            hour += 12
        elif hour == 12 and evening:
            hour = 0
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


def describe_when(instant: datetime, zone_name: str, now: datetime) -> str:
    """When something comes, by the person's own calendar: "this evening, Wed 2 Dec,
    21:30", "tonight, Thu 3 Dec, 00:30", "tomorrow evening, Thu 3 Dec, 21:30", or
    "Sat 5 Dec, 21:30"."""
    local = instant.astimezone(zone(zone_name))
    today = local_date(now, zone_name)
    day, at = local.date(), format_time(local.time())
    evening = local.hour >= 17
    if day == today:
        word = "this evening" if evening else "today"
    elif day == today + timedelta(days=1):
        word = "tonight" if local.hour < 5 else ("tomorrow evening" if evening else "tomorrow")
    else:
        return f"{format_short_day(day)}, {at}"
    return f"{word}, {format_short_day(day)}, {at}"

"""The one grammar of the schedule commands. `/remind`, `/morning` and `/week auto` take
nothing (say where things stand), `on`, `off`, a time (`21:30`, `9:30pm`) or a day and a
time (`sun 19:00`, `Sunday 7pm`). Pure: words in, a command out; each command then says
which of these it accepts and answers the rest with its usage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from bot.times import parse_time

# Day names as people type them: any start of three letters or more ("sun", "sund").
WEEKDAY_WORDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Show:
    """No argument: say where things stand."""


@dataclass(frozen=True)
class Switch:
    on: bool


@dataclass(frozen=True)
class At:
    at: time
    weekday: int | None = None  # 0 is Monday; None when no day was given


@dataclass(frozen=True)
class Unclear:
    """Anything else."""


Command = Show | Switch | At | Unclear


def parse(words: Sequence[str], *, evening: bool = False) -> Command:
    """`evening`: a bare "9.30" is the evening's 21:30 (see times.parse_time)."""
    text = " ".join(words).strip().lower()
    if not text:
        return Show()
    if text in ("on", "off"):
        return Switch(on=text == "on")
    first, _, rest = text.partition(" ")
    weekday = weekday_of(first)
    at = parse_time(rest if weekday is not None else text, evening=evening)
    return Unclear() if at is None else At(at, weekday)


def weekday_of(word: str) -> int | None:
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(WEEKDAY_WORDS) if name.startswith(word)), None)

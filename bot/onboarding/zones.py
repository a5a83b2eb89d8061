"""From what a person types to a time zone. Pure: the place list is data shipped with the
bot (GeoNames extract, see scripts/make_places.py), the fuzzy matching is rapidfuzz.

Three ways in, most precise first: an IANA name ("europe/berlin"), a place ("Munich",
"berln", "Germany"), or, as a last resort, a UTC offset ("UTC+5:30", "GMT-3"), which
never follows daylight saving.
"""

from __future__ import annotations

import asyncio
import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import available_timezones

from rapidfuzz import fuzz, process
from timezonefinder import TimezoneFinder

from bot.times import offset_zone_name

PLACES = Path(__file__).with_name("places.tsv")
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
# A typo still matches; anything looser offers choices instead of guessing.
ACCEPT_SCORE = 85
SUGGEST_SCORE = 70
# Short forms people use for countries with several zones.
ALIASES = {
    "usa": "united states",
    "us": "united states",
    "uk": "united kingdom",
    "uae": "united arab emirates",
    "america": "united states",
}
MAX_CHOICES = 4
# Two places of one name: take the bigger without asking when it is this much bigger
# ("London" means London, England, not London, Ontario).
CLEAR_LEAD = 10


@dataclass(frozen=True)
class Place:
    name: str
    label: str  # "Munich, Germany", "United States (Chicago time)"
    zone: str
    population: int


@dataclass(frozen=True)
class ZoneAnswer:
    zone: str | None = None  # decided
    place: str | None = None  # what we understood, to confirm back ("Munich, Germany")
    choices: tuple[Place, ...] = ()  # ambiguous: ask which one
    fixed_offset: bool = False  # a bare offset: it will not follow daylight saving


def _key(text: str) -> str:
    """Case, accents and punctuation do not matter when matching names."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


@cache
def _iana_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


@cache
def _places() -> tuple[Place, ...]:
    places: list[Place] = []
    with PLACES.open(encoding="utf-8") as data:
        rows = csv.DictReader((line for line in data if not line.startswith("#")), delimiter="\t")
        for row in rows:
            places.append(Place(row["name"], row["label"], row["zone"], int(row["population"])))
    # The last part of an IANA name is a place too ("Kolkata", "Los Angeles").
    known = {_key(p.name) for p in places}
    for name in available_timezones():
        city = name.rsplit("/", 1)[-1].replace("_", " ")
        if "/" in name and _key(city) not in known and not name.startswith("Etc/"):
            places.append(Place(city, city, name, 0))
    return tuple(places)


@cache
def _index() -> tuple[list[str], dict[str, list[Place]]]:
    by_key: dict[str, list[Place]] = {}
    for place in _places():
        by_key.setdefault(_key(place.name), []).append(place)
    for matches in by_key.values():
        matches.sort(key=lambda p: -p.population)
    return list(by_key), by_key


def _distinct_zones(places: list[Place]) -> list[Place]:
    seen: dict[str, Place] = {}
    for place in places:
        seen.setdefault(place.zone, place)
    return list(seen.values())


def _clear_winner(best: Place, rivals: list[Place]) -> bool:
    return all(best.population >= CLEAR_LEAD * max(r.population, 1) for r in rivals)


def find_zone(text: str) -> ZoneAnswer:
    query = text.strip()
    if not query or len(query) > 100:
        return ZoneAnswer()
    if (iana := _iana_names().get(query.lower().replace(" ", "_"))) is not None:
        return ZoneAnswer(zone=iana, place=iana)
    if (offset := _OFFSET.match(query.replace(" ", ""))) is not None:
        sign, hours, minutes = offset.groups()
        total = int(hours) * 60 + int(minutes or 0)
        if total > 14 * 60 or int(minutes or 0) >= 60:
            return ZoneAnswer()
        name = offset_zone_name(-total if sign == "-" else total)
        return ZoneAnswer(zone=name, place=name, fixed_offset=True)

    keys, by_key = _index()
    key = _key(query)
    key = ALIASES.get(key, key)
    if len(key) < 2:
        return ZoneAnswer()
    exact = by_key.get(key)
    if exact:
        zones = _distinct_zones(exact)
        if len(zones) == 1 or _clear_winner(zones[0], zones[1:]):
            return ZoneAnswer(zone=zones[0].zone, place=zones[0].label)
        return ZoneAnswer(choices=tuple(zones[:MAX_CHOICES]))

    if len(key) < 4:  # too short to guess at
        return ZoneAnswer()
    # Plain edit-distance similarity: partial matching would take "bombay" for "Bo".
    scored = process.extract(key, keys, scorer=fuzz.ratio, limit=8, score_cutoff=SUGGEST_SCORE)
    candidates = [(place, score) for match, score, _ in scored for place in by_key[match][:2]]
    if not candidates:
        return ZoneAnswer()
    best, best_score = candidates[0]
    rivals = [p for p, s in candidates[1:] if p.zone != best.zone and s >= best_score - 3]
    if best_score >= ACCEPT_SCORE and _clear_winner(best, rivals):
        return ZoneAnswer(zone=best.zone, place=best.label)
    ordered = _distinct_zones([p for p, _ in candidates])
    return ZoneAnswer(choices=tuple(ordered[:MAX_CHOICES]))


@cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder()


def _zone_at(latitude: float, longitude: float) -> str | None:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    found = _finder().timezone_at(lat=latitude, lng=longitude)
    return found if found in available_timezones() else None


async def zone_at(latitude: float, longitude: float) -> str | None:
    """The zone at a shared location, found offline (timezonefinder's own boundary data).
    The first call loads that data, so it runs off the event loop."""
    return await asyncio.to_thread(_zone_at, latitude, longitude)

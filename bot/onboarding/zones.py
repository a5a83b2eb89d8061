"""From what a person types to a time zone. Pure: the place list is data shipped with the
bot (GeoNames extract, see scripts/make_places.py), the fuzzy matching is rapidfuzz.

Four ways in, most precise first: a zone abbreviation ("EST", "CEST", "IST"), an IANA
name ("europe/berlin"), a place ("Munich", "berln", "Germany"), or, as a last resort, a UTC
offset ("UTC+5:30", "GMT-3"), which never follows daylight saving.

Abbreviations are read from tzdata itself (what each zone calls its time in January and in
July), so "EST" means New York's zone, which keeps daylight saving, not tzdata's fixed
"EST" zone; one that several regions keep daylight saving under ("CST": Chicago and
Havana, and China uses it too) offers the choices.
"""

from __future__ import annotations

import asyncio
import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

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
# A group of zones this much smaller than the biggest using the same abbreviation does not
# make it ambiguous ("HST" is Honolulu's; Adak, Alaska, says it too).
TINY = 1000


@dataclass(frozen=True)
class Place:
    name: str
    label: str  # "Munich, Germany", "United States (Chicago time)"
    zone: str
    population: int
    number: int = -1  # its row in the place list, so a button can name it
    kind: str = "city"  # or "country"


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
            places.append(
                Place(
                    row["name"],
                    row["label"],
                    row["zone"],
                    int(row["population"]),
                    len(places),
                    row["kind"],
                )
            )
    # The last part of an IANA name is a place too ("Kolkata", "Los Angeles").
    known = {_key(p.name) for p in places}
    for name in available_timezones():
        city = name.rsplit("/", 1)[-1].replace("_", " ")
        if "/" in name and _key(city) not in known and not name.startswith("Etc/"):
            places.append(Place(city, city, name, 0, len(places)))
    return tuple(places)


def place_number(number: int, zone_name: str) -> Place | None:
    """The place a button named by its row, if it is still that zone's."""
    places = _places()
    if 0 <= number < len(places) and places[number].zone == zone_name:
        return places[number]
    return None


# Regions whose zones people live in (not "Etc/…", not the old "US/Eastern" aliases).
_REGIONS = (
    "Africa/",
    "America/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)
_ABBREVIATION = re.compile(r"^[a-z]{2,5}$")


@cache
def _zone_people() -> dict[str, tuple[int, Place | None]]:
    """Per zone: how many people live in its listed cities, and the biggest of them."""
    people: dict[str, tuple[int, Place | None]] = {}
    for place in _places():
        if place.kind != "city":  # a country's row counts its cities again
            continue
        total, biggest = people.get(place.zone, (0, None))
        if biggest is None or place.population > biggest.population:
            biggest = place
        people[place.zone] = (total + place.population, biggest)
    return people


@cache
def _abbreviations(year: int) -> dict[str, list[tuple[tuple[int, int], list[str]]]]:
    """Abbreviation → the zones that use it in January or July of `year`, grouped by
    their (January, July) offsets in minutes: zones in one group keep the same time."""
    found: dict[str, dict[tuple[int, int], list[str]]] = {}
    seasons = (datetime(year, 1, 15, 12, tzinfo=UTC), datetime(year, 7, 15, 12, tzinfo=UTC))
    for name in available_timezones():
        if not name.startswith(_REGIONS):
            continue
        local = [moment.astimezone(ZoneInfo(name)) for moment in seasons]
        offsets = tuple(int(m.utcoffset().total_seconds()) // 60 for m in local)  # type: ignore[union-attr]
        for moment in local:
            abbreviation = (moment.tzname() or "").lower()
            if _ABBREVIATION.match(abbreviation):
                group = found.setdefault(abbreviation, {}).setdefault(offsets, [])  # type: ignore[arg-type]
                if name not in group:
                    group.append(name)
    return {abbr: list(groups.items()) for abbr, groups in found.items()}


def _group_place(zones: list[str]) -> tuple[int, Place]:
    """A group's people, and the biggest city of its most populous zone (which stands
    for the group: Denver, not Ciudad Juárez, for America/Denver's many cities)."""
    people = _zone_people()
    total = sum(people.get(z, (0, None))[0] for z in zones)
    lead = max(sorted(zones), key=lambda z: people.get(z, (0, None))[0])
    biggest = people.get(lead, (0, None))[1]
    return total, biggest or Place(lead, lead, lead, 0)


def zone_of_abbreviation(text: str, year: int) -> ZoneAnswer | None:
    """A zone abbreviation as tzdata spells them (EST, PDT, CEST, AEST, IST …), or None.

    One group of zones that keeps daylight saving under the name wins ("EST": New York,
    not Panama's year-round EST), unless it is tiny next to the rest ("HST": Honolulu,
    not Adak); a name several such groups use ("CST", "IST") offers them all."""
    key = text.strip().lower()
    groups = _abbreviations(year).get(key) if _ABBREVIATION.match(key) else None
    if not groups:
        return None
    sized = sorted(
        ((*_group_place(zones), offsets) for offsets, zones in groups),
        key=lambda g: -g[0],
    )
    biggest = sized[0][0]
    keeps_dst = [g for g in sized if g[2][0] != g[2][1] and g[0] * TINY >= biggest]
    if len(keeps_dst) == 1:
        chosen = keeps_dst[0][1]
    elif len(sized) == 1 or (
        not keeps_dst and _clear_winner(sized[0][1], [g[1] for g in sized[1:]])
    ):
        chosen = sized[0][1]
    else:
        return ZoneAnswer(choices=tuple(place for _, place, _ in sized[:MAX_CHOICES]))
    return ZoneAnswer(zone=chosen.zone, place=f"{key.upper()}, as in {chosen.label}")


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


def find_zone(text: str, year: int) -> ZoneAnswer:
    """`year`: the one whose abbreviations count (tzdata's change now and then)."""
    query = text.strip()
    if not query or len(query) > 100:
        return ZoneAnswer()
    abbreviated = zone_of_abbreviation(query, year)
    if abbreviated is not None:
        return abbreviated
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

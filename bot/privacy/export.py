"""The files of /export: one JSON document with everything, and a CSV of the nights. Pure."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from typing import Any

FORMAT_VERSION = 1
NIGHT_COLUMNS = (
    "night",
    "sleep_rating",
    "sleep_latency",
    "awakenings",
    "sessions",
    "minutes_practised",
    "felt_after",
)


def export_json(data: dict[str, Any], exported_at: str) -> bytes:
    document = {"format": FORMAT_VERSION, "exported_at": exported_at, **data}
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def nights_csv(data: dict[str, Any]) -> bytes:
    """One row per night with a rating or a session, oldest first."""
    nights: dict[str, dict[str, Any]] = defaultdict(dict)
    for rating in data.get("sleep_ratings", []):
        nights[rating["night"]].update(
            sleep_rating=rating["rating"],
            sleep_latency=rating["sleep_latency"] or "",
            awakenings=rating["awakenings"] or "",
        )
    for session in data.get("practice_sessions", []):
        night = nights[session["night"]]
        night["sessions"] = night.get("sessions", 0) + 1
        minutes = (session["actual_seconds"] or 0) / 60
        night["minutes_practised"] = round(night.get("minutes_practised", 0) + minutes, 1)
        if session["checkout_rating"] is not None:
            night["felt_after"] = session["checkout_rating"]
    out = io.StringIO()
    writer = csv.DictWriter(out, NIGHT_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    for night in sorted(nights):
        writer.writerow({"night": night, **nights[night]})
    return out.getvalue().encode()

"""Which onboarding step comes next, derived from what the database holds, so a restart
in the middle of it loses nothing. Pure."""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    CONSENT = "consent"
    SCREENING = "screening"
    TIMEZONE = "timezone"
    EVENING = "evening"
    DONE = "done"


def next_step(*, consented: bool, screened: bool, has_zone: bool, has_evening: bool) -> Step:
    if not consented:
        return Step.CONSENT
    if not screened:
        return Step.SCREENING
    if not has_zone:
        return Step.TIMEZONE
    if not has_evening:
        return Step.EVENING
    return Step.DONE


def toggle(codes: list[str], code: str) -> list[str]:
    """Tick or untick one condition, keeping the list's order stable."""
    return [c for c in codes if c != code] if code in codes else [*codes, code]

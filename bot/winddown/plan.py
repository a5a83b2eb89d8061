"""What tonight's session will be, from what the person told the bot. Pure.

The health rule: legs up the wall is an inversion, and the source advises against
inversions with glaucoma, heart conditions, high blood pressure and late pregnancy, and
asks for individual guidance with hip or lower-back injuries and significant swelling.
So anyone whose health check named a condition is guided through a version that keeps
the legs low; in pregnancy the resting position is left to their midwife or doctor.
A health check that was skipped tells nothing: it is asked again before the first
session, and skipped again, the session keeps the legs low too (said in one line). A
condition added to the health check after someone answered it (venous insufficiency or
significant swelling) is asked once, before the set-up of their next session
(`question_first`).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.vocab import BreathPattern, Condition, Guide, Variant


def variant_for(screening: Sequence[str] | None) -> Variant:
    """The full inversion only for someone who answered the health check with nothing."""
    return Variant.INVERSION if screening == [] else Variant.LOW_LEGS


def asks_health_first(screened: bool, screening: Sequence[str] | None, sessions: int) -> bool:
    """The health question comes before a session: never answered, or skipped and no
    session begun yet (a skip at /start promised to ask again before the first)."""
    return not screened or (screening is None and sessions == 0)


def question_first(
    screening: Sequence[str] | None, asked: Sequence[str] | None
) -> Condition | None:
    """The health question to ask before tonight's set-up: the first condition an answered
    health check did not ask about. None when there is none, or when the check was
    skipped (then nothing was answered to complete)."""
    if screening is None:
        return None
    return next((c for c in Condition if c not in (asked or ())), None)


def setup_text(screening: Sequence[str] | None) -> str:
    """How to get into the position, before Ready."""
    if variant_for(screening) == Variant.INVERSION:
        return texts.SETUP_INVERSION
    if screening is None:
        return texts.SETUP_SKIPPED_CHECK
    if Condition.PREGNANCY in screening:
        return texts.SETUP_LOW_LEGS_PREGNANCY
    return texts.SETUP_LOW_LEGS


def setup_now_text(screening: Sequence[str] | None) -> str:
    """The set-up for a session that began at once (Start now on the reminder): the same
    steps, and the session's own messages instead of a Ready button."""
    steps = setup_text(screening).rsplit("\n\n", 1)[0]
    return f"{steps}\n\n{texts.STARTED_FROM_REMINDER}"


def choices(
    lengths: Sequence[int],
    default_seconds: int,
    default_pattern: str,
    chosen_seconds: int | None,
    chosen_pattern: str | None,
) -> tuple[int, BreathPattern]:
    """The length and breath pattern of tonight's session: what the person chose last
    time while it is still offered, else the defaults (the offered length nearest)."""
    length = chosen_seconds if chosen_seconds in lengths else None
    if length is None:
        length = min(lengths, key=lambda seconds: abs(seconds - default_seconds))
    patterns = set(BreathPattern)
    pattern = chosen_pattern if chosen_pattern in patterns else default_pattern
    return length, BreathPattern(pattern)


def guide_for(default: str, chosen: str | None) -> Guide:
    """Text, tones or both: what the person chose, else the configured default."""
    return Guide(chosen) if chosen in set(Guide) else Guide(default)

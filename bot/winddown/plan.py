"""What tonight's session will be, from what the person told the bot. Pure.

The health rule: legs up the wall is an inversion, and the source advises against
inversions with glaucoma, heart conditions, high blood pressure and late pregnancy, and
asks for individual guidance with hip or lower-back injuries and significant swelling.
So anyone whose health check named a condition is guided through a version that keeps
the legs low; in pregnancy the resting position is left to their midwife or doctor.
A health check that was skipped names nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.vocab import BreathPattern, Condition, Guide, Variant


def variant_for(screening: Sequence[str] | None) -> Variant:
    return Variant.LOW_LEGS if screening else Variant.INVERSION


def setup_text(screening: Sequence[str] | None) -> str:
    """How to get into the position, before Ready."""
    if variant_for(screening) == Variant.INVERSION:
        return texts.SETUP_INVERSION
    assert screening is not None
    if Condition.PREGNANCY in screening:
        return texts.SETUP_LOW_LEGS_PREGNANCY
    return texts.SETUP_LOW_LEGS


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

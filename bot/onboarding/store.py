"""What onboarding writes: consent, the health check's answers, the time zone."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import User
from bot.onboarding.flow import toggle
from bot.scheduling.store import move_to_zone
from bot.vocab import Condition


async def consent(session: AsyncSession, user: User, now: datetime) -> None:
    if user.consented_at is None:
        user.consented_at = now


async def tick_condition(session: AsyncSession, user: User, code: Condition) -> list[str]:
    """Tick or untick one condition; returns what is ticked now."""
    user.screening = toggle(list(user.screening or []), code)
    return user.screening


async def finish_screening(
    session: AsyncSession, user: User, codes: list[str] | None, now: datetime
) -> None:
    """The health check is answered: `codes` ticked ([] for none), or None when skipped
    (it is asked again before the first session)."""
    user.screening = codes
    user.screened_at = now
    user.screening_asked = None if codes is None else [str(c) for c in Condition]


async def answer_condition(
    session: AsyncSession, user: User, code: Condition, applies: bool
) -> None:
    """The answer to one health question the check did not ask when it was answered."""
    if applies and code not in (user.screening or []):
        user.screening = [*(user.screening or []), code]
    if code not in (user.screening_asked or []):
        user.screening_asked = [*(user.screening_asked or []), code]


async def set_zone(
    session: AsyncSession, user: User, zone_name: str, now: datetime, morning_at: time
) -> None:
    """Their zone (see move_to_zone)."""
    await move_to_zone(session, user, zone_name, now, morning_at)

"""What the settings summary is made of, read in the caller's transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import User
from bot.scheduling.kinds import Kind
from bot.scheduling.store import get_schedule, rule_of
from bot.settings.summary import Settings
from bot.times import local_date


def weekday_of(weekdays: int) -> int:
    """The first day of a weekday mask (the weekly summary has one): 0 is Monday."""
    return next((bit for bit in range(7) if weekdays >> bit & 1), 6)


async def settings_of(session: AsyncSession, user: User) -> Settings:
    evening = await get_schedule(session, user.id, Kind.EVENING)
    morning = await get_schedule(session, user.id, Kind.MORNING)
    weekly = await get_schedule(session, user.id, Kind.WEEKLY)
    paused = evening.paused_until if evening is not None else None
    return Settings(
        zone=user.timezone,
        evening=rule_of(evening) if evening is not None and evening.enabled else None,
        morning=morning.local_time if morning is not None and morning.enabled else None,
        screening=user.screening,
        screened=user.screened_at is not None,
        paused_until=local_date(paused, user.timezone) if paused and user.timezone else None,
        session_seconds=user.session_seconds,
        pattern=user.breath_pattern,
        weekly=(weekday_of(weekly.weekdays), weekly.local_time)
        if weekly is not None and weekly.enabled
        else None,
    )

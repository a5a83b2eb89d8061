"""The automatic weekly summary offered once, when onboarding ends, and the short line
after a first session that says when /week will show it.

`offer_weekly(visit)` is the one call onboarding makes at its end; the taps it offers
are answered by `weekly_offer_button` in handlers.py."""

from __future__ import annotations

from datetime import time

from bot import keyboards, texts
from bot.edge import Visit
from bot.scheduling.kinds import Kind
from bot.scheduling.store import get_schedule
from bot.times import format_time

# Sunday evening: the week's last evening, before a new one starts.
OFFER_WEEKDAY = 6
OFFER_AT = time(19, 0)


async def offer_weekly(visit: Visit) -> None:
    """Offer the weekly summary, unless it was offered (or set) before: a yes or a no
    leaves a weekly schedule row, on or off, so it is asked once."""
    if await get_schedule(visit.session, visit.user.id, Kind.WEEKLY) is not None:
        return
    day = texts.FULL_DAY_NAMES[OFFER_WEEKDAY]
    visit.reply(
        texts.weekly_offer(day, format_time(OFFER_AT)),
        keyboards.weekly_offer(OFFER_WEEKDAY, OFFER_AT),
    )

"""Telegram edge of the settings: /settings, and the guide row's taps."""

from __future__ import annotations

from bot import edge, keyboards
from bot.edge import Visit
from bot.settings.screen import settings_screen
from bot.winddown.store import remember_choice


@edge.for_person()
async def settings_command(visit: Visit) -> None:
    await settings_screen(visit)


@edge.for_person(needs_zone=False)
async def guide_button(visit: Visit) -> None:
    """Text, tones or both for the guided sessions, chosen in /settings."""
    await remember_choice(visit.session, visit.user, guide=visit.tap(keyboards.GuideTap).guide)
    visit.notice()
    await settings_screen(visit)

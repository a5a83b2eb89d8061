"""Telegram edge of the settings: /settings."""

from __future__ import annotations

from bot import edge
from bot.edge import Visit
from bot.settings.screen import settings_screen


@edge.for_person()
async def settings_command(visit: Visit) -> None:
    await settings_screen(visit)

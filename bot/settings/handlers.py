"""Telegram edge of the settings: /settings."""

from __future__ import annotations

from bot import edge, keyboards, texts
from bot.edge import Visit
from bot.settings.store import settings_of
from bot.settings.summary import summary


@edge.for_person()
async def settings_command(visit: Visit) -> None:
    settings = summary(await settings_of(visit.session, visit.user))
    visit.reply(texts.SETTINGS_HEADER + "\n" + settings, keyboards.settings_menu())

"""Telegram edge of the settings: /settings, and the guide row's taps."""

from __future__ import annotations

from bot import edge, keyboards, texts
from bot.edge import Visit
from bot.settings.store import settings_of
from bot.settings.summary import summary
from bot.winddown.plan import guide_for
from bot.winddown.store import remember_choice


async def _where_things_stand(visit: Visit) -> tuple[str, keyboards.InlineKeyboardMarkup]:
    guide = guide_for(visit.settings.defaults.guide, visit.user.guide)
    settings = summary(await settings_of(visit.session, visit.user))
    text = f"{texts.SETTINGS_HEADER}\n{settings}\n{texts.guide_line(guide)}"
    return text, keyboards.settings_menu(guide)


@edge.for_person(needs_zone=False)
async def settings_command(visit: Visit) -> None:
    visit.reply(*await _where_things_stand(visit))


@edge.for_person(needs_zone=False)
async def guide_button(visit: Visit) -> None:
    """Text, tones or both for the guided sessions, chosen in /settings."""
    await remember_choice(visit.session, visit.user, guide=visit.tap(keyboards.GuideTap).guide)
    visit.notice()
    visit.edit(*await _where_things_stand(visit))

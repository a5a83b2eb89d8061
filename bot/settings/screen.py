"""The settings screen, as /settings, a returning /start and the settings' own buttons
show it: every setting in one message, with the buttons to change each."""

from __future__ import annotations

from dataclasses import replace

from bot import keyboards, texts
from bot.edge import Visit
from bot.settings.store import settings_of
from bot.settings.summary import buttons, summary
from bot.winddown.plan import choices, guide_for


async def settings_screen(visit: Visit, greeting: str | None = None) -> None:
    """A new message; or, after a tap on the screen's own buttons, the same one redrawn."""
    defaults, user = visit.settings.defaults, visit.user
    guide = guide_for(defaults.guide, user.guide)
    # The session as it would run tonight: what was chosen, or the defaults.
    seconds, pattern = choices(
        visit.settings.winddown.lengths_seconds,
        defaults.session_seconds,
        defaults.breath_pattern,
        user.session_seconds,
        user.breath_pattern,
    )
    settings = replace(
        await settings_of(visit.session, user),
        guide=guide,
        session_seconds=seconds,
        pattern=pattern,
    )
    head = f"{greeting}\n\n" if greeting else ""
    text = f"{head}{texts.SETTINGS_HEADER}\n{summary(settings)}"
    markup = keyboards.settings_menu(buttons(settings), guide)
    if visit.query is not None:  # a tap on the screen itself: it changes in place
        visit.edit(text, markup)
    else:
        visit.reply(text, markup)

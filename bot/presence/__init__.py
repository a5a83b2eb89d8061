"""Presence: who comes and goes. Whoever writes or taps is active (and gets messages again
if they had blocked the bot); Telegram's word that someone blocked or unblocked the bot,
and a 403 from any send, change their status and their schedules."""

from typing import Any


def activity_handler() -> Any:
    """For the ACTIVITY group: every update, before any room sees it."""
    from telegram import Update
    from telegram.ext import TypeHandler

    from bot.presence.handlers import note_activity

    return TypeHandler(Update, note_activity)


def register(app: Any) -> None:
    from functools import partial

    from telegram.ext import ChatMemberHandler

    from bot.presence.handlers import blocked, membership_changed
    from bot.presence.throttle import SeenRecently

    app.bot_data.seen = SeenRecently()
    app.bot_data.limiter.on_forbidden = partial(blocked, app.bot_data)
    app.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))

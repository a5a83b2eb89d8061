"""Onboarding: /start, consent, contraindication screening, time zone; and noticing when
someone comes and goes (writes again, blocks or unblocks the bot)."""

from telegram import Update
from telegram.ext import Application, ChatMemberHandler, CommandHandler, TypeHandler

from bot.onboarding.handlers import membership_changed, note_activity, start

# Runs before every room's handlers, and lets them run too.
ACTIVITY_GROUP = -1


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(TypeHandler(Update, note_activity), group=ACTIVITY_GROUP)
    app.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(CommandHandler("start", start))

"""Help: /help, and friendly answers to anything no other room took.

python-telegram-bot runs the first matching handler of each group, so these fallbacks
share group 0 with every room and app.py registers this room last.
"""

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.dispatch import Group
from bot.help.handlers import not_text, private_only, show_help, stale_button, unknown_command


def register(app: Application) -> None:  # type: ignore[type-arg]
    # The bot keeps health answers, sleep ratings and schedules, so it talks about them
    # only in private chats, never where a group could read along.
    app.add_handler(MessageHandler(~filters.ChatType.PRIVATE, private_only), group=Group.GUARD)
    app.add_handler(CommandHandler("help", show_help))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.TEXT, not_text))
    app.add_handler(CallbackQueryHandler(stale_button))

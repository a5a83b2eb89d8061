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

from bot.help.handlers import not_text, show_help, stale_button, unknown_command


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("help", show_help))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.TEXT, not_text))
    app.add_handler(CallbackQueryHandler(stale_button))

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

from bot.help.handlers import not_text, private_only, show_help, stale_button, unknown_command

# Ahead of every other group: the bot keeps health answers, sleep ratings and schedules,
# so it talks about them only in private chats, never where a group could read along.
PRIVATE_GUARD_GROUP = -3


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(
        MessageHandler(~filters.ChatType.PRIVATE, private_only), group=PRIVATE_GUARD_GROUP
    )
    app.add_handler(CommandHandler("help", show_help))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.TEXT, not_text))
    app.add_handler(CallbackQueryHandler(stale_button))

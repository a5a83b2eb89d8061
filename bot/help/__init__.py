"""Help: /help, and friendly answers to anything no other room took (a command it does not
know, something that is not text, a button that no longer means anything); and the
guard that keeps the bot out of groups and channels.

python-telegram-bot runs the first matching handler of each group, so these fallbacks
share the rooms' group and app.py registers this room last.
"""

from typing import Any


def guard_handler() -> Any:
    """For the GUARD group: the bot keeps health answers, sleep ratings and schedules, so
    it talks about them only in private chats, never where a group could read along."""
    from telegram.ext import MessageHandler, filters

    from bot.help.handlers import private_only

    return MessageHandler(~filters.ChatType.PRIVATE, private_only)


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

    from bot import keyboards
    from bot.help.handlers import more_help, not_text, show_help, stale_button, unknown_command

    app.add_handler(CommandHandler("help", show_help))
    app.add_handler(CallbackQueryHandler(more_help, pattern=keyboards.taps(keyboards.MoreHelpTap)))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.TEXT, not_text))
    # Every tap that no room's pattern took: forged, or left from an older message.
    app.add_handler(CallbackQueryHandler(stale_button))

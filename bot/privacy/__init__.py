"""Privacy: /privacy says what is kept, /export sends all of it, /delete removes it."""

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.keyboards import Action
from bot.privacy.handlers import delete_button, delete_command, export_command, privacy_command


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("privacy", privacy_command))
    app.add_handler(CommandHandler("export", export_command))
    app.add_handler(CommandHandler("delete", delete_command))
    app.add_handler(
        CallbackQueryHandler(delete_button, pattern=keyboards.for_actions(Action.DELETE))
    )

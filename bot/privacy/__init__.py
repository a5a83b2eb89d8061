"""Privacy: /privacy says what is kept, /export sends all of it, /delete removes it."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler

    from bot import keyboards
    from bot.privacy.handlers import (
        delete_button,
        delete_command,
        export_command,
        privacy_button,
        privacy_command,
    )

    app.add_handler(CommandHandler("privacy", privacy_command))
    app.add_handler(CommandHandler("export", export_command))
    app.add_handler(CommandHandler("delete", delete_command))
    app.add_handler(
        CallbackQueryHandler(delete_button, pattern=keyboards.taps(keyboards.DeleteTap))
    )
    app.add_handler(
        CallbackQueryHandler(privacy_button, pattern=keyboards.taps(keyboards.PrivacyTap))
    )
    app.add_handler(
        CallbackQueryHandler(
            privacy_button,
            pattern=keyboards.taps(keyboards.SettingsTap, where=lambda tap: tap.part == "privacy"),
        )
    )

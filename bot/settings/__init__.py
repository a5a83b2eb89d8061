"""Settings: /settings shows where everything stands, with buttons to change the time,
the days, the time zone and the health answers (the rooms that own each take the tap)."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler

    from bot import keyboards
    from bot.settings.handlers import guide_button, settings_command

    app.add_handler(CommandHandler("settings", settings_command))
    in_settings = keyboards.taps(keyboards.GuideTap, where=lambda tap: tap.place == "settings")
    app.add_handler(CallbackQueryHandler(guide_button, pattern=in_settings))

"""Settings: /settings shows where everything stands, with buttons to change the time,
the days, the time zone and the health answers (the rooms that own each take the tap)."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CommandHandler

    from bot.settings.handlers import settings_command

    app.add_handler(CommandHandler("settings", settings_command))

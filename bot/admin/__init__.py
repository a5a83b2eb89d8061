"""The operator's view: /stats."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CommandHandler

    from bot.admin.handlers import stats_command

    app.add_handler(CommandHandler("stats", stats_command))

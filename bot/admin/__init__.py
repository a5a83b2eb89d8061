"""The operator's view: /stats."""

from telegram.ext import Application, CommandHandler

from bot.admin.handlers import stats_command


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("stats", stats_command))

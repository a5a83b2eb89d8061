"""The weekly summary: /week, /week last, /week auto, and the automatic weekly send."""

from telegram.ext import Application, CommandHandler

from bot.scheduled import run_every_tick
from bot.summary.handlers import week_command
from bot.summary.jobs import send_due_summaries


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("week", week_command))
    run_every_tick(app, send_due_summaries, "send-due-summaries")

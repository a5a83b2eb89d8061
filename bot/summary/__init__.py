"""The weekly summary: /week, /week last, /week auto, and the automatic weekly send."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CommandHandler

    from bot.scheduling.tick import run_every_tick
    from bot.summary.handlers import week_command
    from bot.summary.jobs import send_due_summaries

    app.add_handler(CommandHandler("week", week_command))
    run_every_tick(app, send_due_summaries, "send-due-summaries")

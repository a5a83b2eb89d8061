"""The weekly summary: /week, /week last, /week auto, and the automatic weekly send."""

from telegram.ext import Application, CommandHandler

from bot.summary.handlers import week_command
from bot.summary.jobs import send_due_summaries


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("week", week_command))
    settings = app.bot_data.settings
    assert app.job_queue is not None
    assert settings is not None
    app.job_queue.run_repeating(
        send_due_summaries,
        interval=settings.reminders.tick_seconds,
        first=0,
        name="send-due-summaries",
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )

"""Sleep: the morning question, /morning, /sleep, and the rating of a night."""

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.keyboards import Action
from bot.sleep.handlers import morning_command, sleep_button, sleep_command
from bot.sleep.jobs import send_due_checkins


def _ours(data: object) -> bool:
    parsed = keyboards.decode(data if isinstance(data, str) else None)
    return parsed is not None and parsed[0] == Action.SLEEP


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("morning", morning_command))
    app.add_handler(CommandHandler("sleep", sleep_command))
    app.add_handler(CallbackQueryHandler(sleep_button, pattern=_ours))
    settings = app.bot_data.settings
    assert app.job_queue is not None
    assert settings is not None
    app.job_queue.run_repeating(
        send_due_checkins,
        interval=settings.reminders.tick_seconds,
        first=0,
        name="send-due-checkins",
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )

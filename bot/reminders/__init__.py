"""Evening reminders: /remind, /pause, /resume, the reminder's buttons, and the job that
sends the reminders that are due."""

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.keyboards import Action
from bot.reminders.handlers import pause_command, remind_command, reminder_button, resume_command
from bot.reminders.jobs import send_due_reminders


def _ours(data: object) -> bool:
    parsed = keyboards.decode(data if isinstance(data, str) else None)
    return parsed is not None and parsed[0] == Action.REMINDER


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("remind", remind_command))
    app.add_handler(CommandHandler("pause", pause_command))
    app.add_handler(CommandHandler("resume", resume_command))
    app.add_handler(CallbackQueryHandler(reminder_button, pattern=_ours))
    settings = app.bot_data.settings
    assert app.job_queue is not None
    assert settings is not None
    app.job_queue.run_repeating(
        send_due_reminders,
        interval=settings.reminders.tick_seconds,
        first=0,
        name="send-due-reminders",
        # APScheduler would silently drop a run that starts more than a second late (its
        # default misfire grace time); a late tick is still worth running, once.
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )

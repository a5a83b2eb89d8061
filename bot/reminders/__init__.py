"""Evening reminders: /remind, /pause, /resume, the reminder's buttons, and the job that
sends the reminders that are due."""

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.keyboards import Action
from bot.reminders.handlers import pause_command, remind_command, reminder_button, resume_command
from bot.reminders.jobs import send_due_reminders
from bot.scheduled import run_every_tick


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("remind", remind_command))
    app.add_handler(CommandHandler("pause", pause_command))
    app.add_handler(CommandHandler("resume", resume_command))
    app.add_handler(
        CallbackQueryHandler(reminder_button, pattern=keyboards.for_actions(Action.REMINDER))
    )
    run_every_tick(app, send_due_reminders, "send-due-reminders")

"""Sleep: the morning question, /morning, /sleep, and the rating of a night."""

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.keyboards import Action
from bot.scheduled import run_every_tick
from bot.sleep.handlers import morning_command, sleep_button, sleep_command
from bot.sleep.jobs import send_due_checkins


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("morning", morning_command))
    app.add_handler(CommandHandler("sleep", sleep_command))
    app.add_handler(CallbackQueryHandler(sleep_button, pattern=keyboards.for_actions(Action.SLEEP)))
    run_every_tick(app, send_due_checkins, "send-due-checkins")

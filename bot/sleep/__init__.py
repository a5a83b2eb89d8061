"""Sleep: the morning question, /morning, /sleep, and the rating of a night."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler

    from bot import keyboards
    from bot.scheduling.tick import run_every_tick
    from bot.sleep.handlers import morning_command, sleep_button, sleep_command
    from bot.sleep.jobs import send_due_checkins

    app.add_handler(CommandHandler("morning", morning_command))
    app.add_handler(CommandHandler("sleep", sleep_command))
    app.add_handler(CallbackQueryHandler(sleep_button, pattern=keyboards.taps(keyboards.SleepTap)))
    run_every_tick(app, send_due_checkins, "send-due-checkins")

"""Sleep: the morning question, /morning, /sleep, and the rating of a night."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler

    from bot import keyboards
    from bot.scheduling.tick import run_every_tick
    from bot.sleep.handlers import (
        morning_button,
        morning_command,
        settings_morning_button,
        sleep_button,
        sleep_command,
        typed_morning,
    )
    from bot.sleep.jobs import send_due_checkins
    from bot.vocab import Awaiting

    app.add_handler(CommandHandler("morning", morning_command))
    app.add_handler(CommandHandler("sleep", sleep_command))
    app.add_handler(CallbackQueryHandler(sleep_button, pattern=keyboards.taps(keyboards.SleepTap)))
    app.add_handler(
        CallbackQueryHandler(morning_button, pattern=keyboards.taps(keyboards.MorningTap))
    )
    in_settings = keyboards.taps(keyboards.SettingsTap, where=lambda tap: tap.part == "morning")
    app.add_handler(CallbackQueryHandler(settings_morning_button, pattern=in_settings))
    app.bot_data.answers[Awaiting.MORNING_TIME] = typed_morning
    run_every_tick(app, send_due_checkins, "send-due-checkins")

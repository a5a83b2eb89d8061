"""Evening reminders: /remind, /pause, /resume, the reminder's buttons, the editor of its
time and days (onboarding, /remind and the settings show it), and the tick that sends the
reminders that are due."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler

    from bot import keyboards
    from bot.reminders import editor
    from bot.reminders.handlers import (
        pause_command,
        remind_command,
        reminder_button,
        resume_command,
        settings_pause_button,
    )
    from bot.reminders.jobs import send_due_reminders
    from bot.scheduling.tick import run_every_tick
    from bot.vocab import Awaiting

    app.add_handler(CommandHandler("remind", remind_command))
    app.add_handler(CommandHandler("pause", pause_command))
    app.add_handler(CommandHandler("resume", resume_command))
    for tap, handler in (
        (keyboards.ReminderTap, reminder_button),
        (keyboards.EveningTap, editor.time_button),
        (keyboards.DaysTap, editor.days_button),
        (keyboards.DayTap, editor.day_button),
        (keyboards.WeekendTap, editor.weekend_button),
        (keyboards.SetupDoneTap, editor.done_button),
    ):
        app.add_handler(CallbackQueryHandler(handler, pattern=keyboards.taps(tap)))
    app.add_handler(
        CallbackQueryHandler(
            editor.settings_button,
            pattern=keyboards.taps(
                keyboards.SettingsTap, where=lambda tap: tap.part in ("time", "days")
            ),
        )
    )
    app.add_handler(
        CallbackQueryHandler(
            settings_pause_button,
            pattern=keyboards.taps(
                keyboards.SettingsTap,
                where=lambda tap: tap.part in ("pause-1", "pause-3", "pause-7", "resume"),
            ),
        )
    )
    app.bot_data.answers[Awaiting.EVENING_TIME] = editor.typed_time
    app.bot_data.answers[Awaiting.WEEKEND_TIME] = editor.typed_time
    run_every_tick(app, send_due_reminders, "send-due-reminders")

"""The weekly summary: /week, /week last, /week auto, the automatic weekly send, its
offer when onboarding ends (offer.py), and the line after a first session."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler

    from bot import keyboards
    from bot.scheduling.tick import run_every_tick
    from bot.summary.handlers import (
        first_session_note,
        settings_weekly_button,
        week_command,
        weekly_offer_button,
    )
    from bot.summary.jobs import send_due_summaries

    app.add_handler(CommandHandler("week", week_command))
    app.add_handler(
        CallbackQueryHandler(weekly_offer_button, pattern=keyboards.taps(keyboards.WeeklyOfferTap))
    )
    in_settings = keyboards.taps(
        keyboards.SettingsTap, where=lambda tap: tap.part in ("weekly-on", "weekly-off")
    )
    app.add_handler(CallbackQueryHandler(settings_weekly_button, pattern=in_settings))
    run_every_tick(app, send_due_summaries, "send-due-summaries")
    # After winddown's own step (its room registers first), which records the session.
    if app.bot_data.runner is not None:
        app.bot_data.runner.on_finish.append(first_session_note(app.bot_data, app.bot))

"""Onboarding: /start, consent, the health check, the time zone (typed, chosen or shared),
then the evening reminder's first question; /timezone and /cancel."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler

    from bot import keyboards
    from bot.onboarding.handlers import (
        cancel_command,
        consent_button,
        pending_step,
        screen_button,
        settings_button,
        start,
        timezone_command,
        zone_answer,
        zone_button,
    )
    from bot.vocab import Awaiting

    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("timezone", timezone_command))
    app.add_handler(CommandHandler("cancel", cancel_command))
    for tap, handler in (
        (keyboards.ConsentTap, consent_button),
        (keyboards.ScreenTap, screen_button),
        (keyboards.ZoneTap, zone_button),
    ):
        app.add_handler(CallbackQueryHandler(handler, pattern=keyboards.taps(tap)))
    app.add_handler(
        CallbackQueryHandler(
            settings_button,
            pattern=keyboards.taps(
                keyboards.SettingsTap, where=lambda tap: tap.part in ("zone", "screening")
            ),
        )
    )
    app.bot_data.answers[Awaiting.ZONE] = zone_answer
    app.bot_data.pending.append(pending_step)

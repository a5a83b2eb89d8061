"""The guided session: /winddown and Start now, breath patterns, the prompt timeline and
its runner, the health rule of which position (plan.py), and the check-out."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler

    from bot import keyboards
    from bot.scheduling.tick import run_every
    from bot.winddown.handlers import (
        control_button,
        feeling_button,
        health_button,
        health_once_button,
        interrupt_live,
        make_runner,
        option_button,
        pause_for_safety,
        ready_button,
        recover_interrupted,
        recover_orphaned_sessions,
        settings_session_button,
        setup_button,
        start_button,
        winddown_command,
    )

    app.add_handler(CommandHandler("winddown", winddown_command))
    for families, handler in (
        ((keyboards.StartSessionTap,), start_button),
        ((keyboards.LengthTap, keyboards.PatternTap), option_button),
        ((keyboards.SetupTap,), setup_button),
        ((keyboards.ReadyTap,), ready_button),
        ((keyboards.SessionScreenTap,), health_button),
        ((keyboards.ControlTap,), control_button),
        ((keyboards.FeelingTap,), feeling_button),
        ((keyboards.HealthOnceTap,), health_once_button),
    ):
        app.add_handler(CallbackQueryHandler(handler, pattern=keyboards.taps(*families)))
    in_options = keyboards.taps(keyboards.GuideTap, where=lambda tap: tap.place == "options")
    app.add_handler(CallbackQueryHandler(option_button, pattern=in_options))
    in_settings = keyboards.taps(keyboards.SettingsTap, where=lambda tap: tap.part == "session")
    app.add_handler(CallbackQueryHandler(settings_session_button, pattern=in_settings))
    app.bot_data.runner = make_runner(app.bot_data, app.bot)
    app.bot_data.on_start.append(recover_interrupted)
    app.bot_data.on_stop.append(interrupt_live)
    app.bot_data.pending.append(pause_for_safety)
    # A worker that died leaves its live sessions running in the database: once its
    # lease has run out, whoever looks next closes them and tells each person once.
    every = app.bot_data.settings.reminders.lease_seconds / 2
    run_every(app, recover_orphaned_sessions, every, "recover-orphaned-sessions")

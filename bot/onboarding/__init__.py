"""Onboarding: /start, consent, contraindication screening, time zone."""

from telegram.ext import Application, CommandHandler

from bot.onboarding.handlers import start


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("start", start))

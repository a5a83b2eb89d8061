"""A Telegram bot that helps people wind down in the evening with legs up the wall."""

__version__ = "0.1.0"

"""Tools for trying the bot without Telegram: the fake Bot API and a simulated user."""

"""Every sentence the bot says, in one place (ready for translation).

Voice: short, warm, plain, second person; at most one emoji a message; no exclamation
marks after dark; no guilt. Messages are HTML (the application's default parse mode), so
anything a user typed must pass through `html.escape` before it is put in here.
"""

from __future__ import annotations

from html import escape

# The command menu published with setMyCommands, in the order people need them.
COMMANDS: list[tuple[str, str]] = [
    ("start", "Begin, or see where you are"),
    ("help", "What I can do"),
]

NOT_MEDICAL_ADVICE = (
    "I'm here for relaxation, not medical advice. If you have a health condition, "
    "please check with a clinician before trying new poses."
)

WHAT_I_DO = (
    "I help you wind down with <b>legs up the wall</b>, a gentle restorative pose: "
    "a reminder at your evening time, a calm guided session with breath prompts, "
    "a short question about your sleep in the morning, and a weekly look at how it's going."
)


def welcome(first_name: str | None) -> str:
    hello = f"Hi {escape(first_name)}." if first_name else "Hi."
    return f"{hello} 🌙\n\n{WHAT_I_DO}\n\n{NOT_MEDICAL_ADVICE}\n\nSend /help to see what I can do."


def welcome_back(first_name: str | None) -> str:
    hello = f"Welcome back, {escape(first_name)}." if first_name else "Welcome back."
    return f"{hello}\n\n{WHAT_I_DO}\n\nSend /help to see what I can do."


def help_text() -> str:
    lines = [f"/{command} – {description}" for command, description in COMMANDS]
    return "Here's what I can do:\n\n" + "\n".join(lines) + "\n\n" + NOT_MEDICAL_ADVICE


def unknown_command(command: str) -> str:
    return (
        f"I don't know the command {escape(command[:40])}. Send /help to see the ones I understand."
    )


STRAY_TEXT = "I'm not able to answer that yet. Send /help to see what I can do."
NOT_TEXT = "I can only read text and button taps. Send /help to see what I can do."
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."

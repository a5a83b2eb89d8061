"""Understanding what people write: the safety gate every text meets first (rules, then
the meaning model against crisis exemplars), and the sentence-embedding model the FAQ's
ranking shares. The pure modules (model, vectors, meaning, screen, emergency) import no
Telegram; `gate_handler` is the gate, `register` adds the gentle question's buttons."""

from typing import Any


def gate_handler() -> Any:
    """For the SAFETY group: every private text, edit and caption, before anything else."""
    from telegram.ext import MessageHandler, filters

    from bot.understanding.handlers import safety_gate

    return MessageHandler(filters.ChatType.PRIVATE & (filters.TEXT | filters.CAPTION), safety_gate)


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler

    from bot import keyboards
    from bot.understanding.handlers import check_button

    app.add_handler(
        CallbackQueryHandler(check_button, pattern=keyboards.taps(keyboards.SafetyCheckTap))
    )

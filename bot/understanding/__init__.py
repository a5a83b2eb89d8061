"""Understanding what people write: the safety gate every text meets first (rules, then
the meaning model against crisis exemplars), and the sentence-embedding model the FAQ's
ranking shares. The pure modules (model, vectors, meaning, screen, emergency) import no
Telegram; `register` wires the gate in."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, MessageHandler, filters

    from bot import keyboards
    from bot.dispatch import Group
    from bot.keyboards import Action
    from bot.understanding.handlers import check_button, safety_gate

    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & (filters.TEXT | filters.CAPTION), safety_gate),
        group=Group.SAFETY,
    )
    app.add_handler(
        CallbackQueryHandler(check_button, pattern=keyboards.for_actions(Action.SAFETY_CHECK))
    )

"""Questions and answers: the knowledge base (knowledge.yaml), safety and crisis routing
before any lookup, BM25 retrieval, and the Telegram glue (free text, /ask, /topics).

`python -m bot ask` uses the pure modules only, so nothing here imports Telegram until
`register` is called."""

from typing import Any


def register(app: Any) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

    from bot import keyboards
    from bot.faq.handlers import ask_command, faq_button, free_text, topics_command

    app.add_handler(CommandHandler("ask", ask_command))
    app.add_handler(CommandHandler("topics", topics_command))
    app.add_handler(CallbackQueryHandler(faq_button, pattern=keyboards.taps(keyboards.FaqTap)))
    # Any other text in a private chat is a question (flows waiting for typed answers
    # take theirs first, in an earlier group).
    app.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, free_text)
    )

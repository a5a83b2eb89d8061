"""Telegram edge of onboarding."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.context import BotContext
from bot.users import record_user


async def start(update: Update, context: BotContext) -> None:
    """Record the user and greet them: the full welcome once, a short one after that."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None:
        return
    async with context.sessions.begin() as session:
        _, created = await record_user(
            session,
            user_id=user.id,
            chat_id=chat.id,
            language=user.language_code,
            now=context.clock.now(),
        )
    greeting = texts.welcome if created else texts.welcome_back
    await message.reply_text(greeting(user.first_name))

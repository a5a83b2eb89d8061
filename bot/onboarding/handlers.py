"""Telegram edge of onboarding."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update

from bot import texts
from bot.context import BotContext
from bot.users import mark_inactive, record_user
from bot.users import note_activity as refresh_user

log = logging.getLogger(__name__)


async def note_activity(update: Update, context: BotContext) -> None:
    """Whoever writes or taps is active: they get messages again if they had blocked us."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != chat.PRIVATE or update.my_chat_member:
        return
    if context.limiter.is_blocked(chat.id):
        context.limiter.unblock(chat.id)
        context.bot_data.seen.forget(user.id)
    if not context.bot_data.seen.due(user.id, context.clock.now()):
        return
    async with context.sessions.begin() as session:
        if await refresh_user(session, user.id, context.clock.now()):
            log.info("user %s is back after blocking the bot", user.id)


async def membership_changed(update: Update, context: BotContext) -> None:
    """Telegram tells us when a user blocks (kicked) or unblocks (member) the bot."""
    change = update.my_chat_member
    if change is None or change.chat.type != change.chat.PRIVATE:
        return
    status = change.new_chat_member.status
    async with context.sessions.begin() as session:
        if status in (ChatMember.BANNED, ChatMember.LEFT):
            await mark_inactive(session, change.chat.id)
            context.limiter.block(change.chat.id)
            context.bot_data.seen.forget(change.from_user.id)
        elif status == ChatMember.MEMBER:
            context.limiter.unblock(change.chat.id)
            await refresh_user(session, change.from_user.id, context.clock.now())


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

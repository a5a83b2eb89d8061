"""Telegram edge of presence: activity on every update, blocking and unblocking."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update

from bot.context import BotContext, BotData
from bot.presence.store import mark_active, mark_inactive, restore_schedules

log = logging.getLogger(__name__)


async def note_activity(update: Update, context: BotContext) -> None:
    """Whoever writes or taps is active: they get messages again if they had blocked us.
    Written at most hourly per person (see throttle)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != chat.PRIVATE or update.my_chat_member:
        return
    if context.limiter.unblock_if_newer(chat.id, update.update_id):
        context.seen.forget(user.id)
    now = context.clock.now()
    if not context.seen.due(user.id, now):
        return
    async with context.sessions.begin() as session:
        if await mark_active(session, user.id, now):
            log.info("user %s is back after blocking the bot", user.id)
            await restore_schedules(session, user.id, now)


async def membership_changed(update: Update, context: BotContext) -> None:
    """Telegram tells us when a user blocks (kicked) or unblocks (member) the bot."""
    change = update.my_chat_member
    if change is None or change.chat.type != change.chat.PRIVATE:
        return
    status = change.new_chat_member.status
    now = context.clock.now()
    async with context.sessions.begin() as session:
        if status in (ChatMember.BANNED, ChatMember.LEFT):
            await mark_inactive(session, change.chat.id)
        elif status == ChatMember.MEMBER:
            await mark_active(session, change.from_user.id, now)
            await restore_schedules(session, change.from_user.id, now)
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        context.limiter.block(change.chat.id)
        context.seen.forget(change.from_user.id)
    elif status == ChatMember.MEMBER:
        context.limiter.unblock(change.chat.id)


async def blocked(data: BotData, chat_id: int) -> None:
    """A send was answered 403: that user blocked the bot, so their schedules stop."""
    assert data.sessions is not None
    async with data.sessions.begin() as session:
        await mark_inactive(session, chat_id)

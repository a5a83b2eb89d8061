"""Telegram edge of the weekly summary: /week, /week last, /week auto."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.constants import ChatAction

from bot import texts
from bot.context import BotContext
from bot.models import User
from bot.schedules import get_schedule, save_schedule
from bot.summary.weekly import FULL_DAY_NAMES, compose, load_summary, parse_auto, send
from bot.times import format_time
from bot.users import get_user


async def week_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    args = [a.lower() for a in context.args or []]
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
        if user is None or user.timezone is None:
            await message.reply_text(texts.NEED_START)
            return
        now = context.clock.now()
        if args[:1] == ["auto"]:
            reply = await _auto(context, args[1:], session, user)
            await message.reply_text(reply)
            return
        if args not in ([], ["last"]):
            await message.reply_text(texts.WEEK_USAGE)
            return
        summary = await load_summary(session, user.id, user.timezone, now, len(args))
    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    await send(context.bot, message.chat_id, await compose(summary))


async def _auto(context: BotContext, args: list[str], session: AsyncSession, user: User) -> str:
    now = context.clock.now()
    if args == ["off"]:
        if await get_schedule(session, user.id, "weekly") is not None:
            await save_schedule(session, user, "weekly", now, enabled=False)
        return texts.WEEK_AUTO_OFF
    parsed = parse_auto(args)
    if parsed is None:
        return texts.WEEK_USAGE
    weekday, at = parsed
    await save_schedule(session, user, "weekly", now, at=at, weekdays=1 << weekday, enabled=True)
    return texts.week_auto_set(FULL_DAY_NAMES[weekday], format_time(at))

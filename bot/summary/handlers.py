"""Telegram edge of the weekly summary: /week, /week last, /week auto."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatAction

from bot import texts
from bot.context import BotContext
from bot.schedules import get_schedule, save_schedule
from bot.summary.weekly import FULL_DAY_NAMES, compose, load_summary, parse_auto, send
from bot.times import format_time
from bot.users import get_user


async def week_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    args = [a.lower() for a in context.args or []]
    if args[:1] == ["auto"]:
        await message.reply_text(await _set_auto(context, tg_user.id, args[1:]))
        return
    if args not in ([], ["last"]):
        await message.reply_text(texts.WEEK_USAGE)
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
        if user is None or user.timezone is None:
            summary = None
        else:
            summary = await load_summary(
                session, user.id, user.timezone, context.clock.now(), len(args)
            )
    if summary is None:
        await message.reply_text(texts.NEED_START)
        return
    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    await send(context.bot, message.chat_id, await compose(summary))


async def _set_auto(context: BotContext, user_id: int, args: list[str]) -> str:
    """`/week auto sun 19:00` or `/week auto off`; returns the reply."""
    parsed = parse_auto(args)
    if args != ["off"] and parsed is None:
        return texts.WEEK_USAGE
    now = context.clock.now()
    async with context.sessions.begin() as session:
        user = await get_user(session, user_id)
        if user is None or user.timezone is None:
            return texts.NEED_START
        if parsed is None:
            if await get_schedule(session, user.id, "weekly") is not None:
                await save_schedule(session, user, "weekly", now, enabled=False)
            return texts.WEEK_AUTO_OFF
        weekday, at = parsed
        await save_schedule(
            session, user, "weekly", now, at=at, weekdays=1 << weekday, enabled=True
        )
    return texts.week_auto_set(FULL_DAY_NAMES[weekday], format_time(at))

"""Telegram edge of the weekly summary: /week, /week last, /week auto."""

from __future__ import annotations

from telegram.constants import ChatAction

from bot import edge, texts
from bot.edge import Visit
from bot.scheduling import commands
from bot.scheduling.kinds import Kind
from bot.scheduling.store import get_schedule, save_schedule
from bot.summary.weekly import compose, load_summary, send
from bot.times import format_time


@edge.for_person()
async def week_command(visit: Visit) -> None:
    args = [a.lower() for a in visit.args]
    if args[:1] == ["auto"]:
        await _set_auto(visit, args[1:])
        return
    if args not in ([], ["last"]):
        visit.reply(texts.WEEK_USAGE)
        return
    assert visit.user.timezone is not None
    summary = await load_summary(
        visit.session, visit.user.id, visit.user.timezone, visit.now, len(args)
    )
    message, bot = visit.message, visit.context.bot

    async def send_summary() -> None:
        await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
        await send(bot, message.chat_id, await compose(summary))

    visit.then(send_summary)


async def _set_auto(visit: Visit, words: list[str]) -> None:
    """`/week auto sun 19:00` or `/week auto off`."""
    match commands.parse(words):
        case commands.Switch(on=False):
            if await get_schedule(visit.session, visit.user.id, Kind.WEEKLY) is not None:
                await save_schedule(
                    visit.session, visit.user, Kind.WEEKLY, visit.now, enabled=False
                )
            visit.reply(texts.WEEK_AUTO_OFF)
        case commands.At(at=at, weekday=int(weekday)):
            await save_schedule(
                visit.session,
                visit.user,
                Kind.WEEKLY,
                visit.now,
                at=at,
                weekdays=1 << weekday,
                enabled=True,
            )
            visit.reply(texts.week_auto_set(texts.FULL_DAY_NAMES[weekday], format_time(at)))
        case _:
            visit.reply(texts.WEEK_USAGE)

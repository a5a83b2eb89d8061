"""Telegram edge of the weekly summary: /week, /week last, /week auto, the answer to the
offer made when onboarding ends, and the line after a first session."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import time
from typing import TYPE_CHECKING

from telegram import Bot
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot import edge, keyboards, texts
from bot.context import BotData
from bot.delivery.priority import Priority
from bot.edge import Visit
from bot.scheduling import commands
from bot.scheduling.kinds import Kind
from bot.scheduling.store import get_schedule, save_schedule
from bot.summary.store import night_of_session, practice_count
from bot.summary.weekly import compose, load_summary, send
from bot.times import format_time, last_night
from bot.users import get_user

if TYPE_CHECKING:
    from bot.winddown.runner import LiveSession

log = logging.getLogger(__name__)


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
            await _weekly_on(visit, weekday, at)
            visit.reply(texts.week_auto_set(texts.FULL_DAY_NAMES[weekday], format_time(at)))
        case _:
            visit.reply(texts.WEEK_USAGE)


@edge.for_person()
async def weekly_offer_button(visit: Visit) -> None:
    """Yes or no to the weekly summary offered when onboarding ended."""
    tap = visit.tap(keyboards.WeeklyOfferTap)
    visit.notice()
    if tap.accepted:
        await _weekly_on(visit, tap.weekday, tap.at)
        visit.edit(texts.week_auto_set(texts.FULL_DAY_NAMES[tap.weekday], format_time(tap.at)))
        return
    # Kept, switched off: the offer is not made again, and /week auto turns it on.
    await save_schedule(visit.session, visit.user, Kind.WEEKLY, visit.now, at=tap.at, enabled=False)
    visit.edit(texts.WEEKLY_DECLINED)


FinishStep = Callable[["LiveSession"], Awaitable[None]]


def first_session_note(data: BotData, bot: Bot) -> FinishStep:
    """Called when a session ends by itself (after winddown has recorded it): for a
    person's first practice ever, one short line saying when /week shows it."""

    async def note(live: LiveSession) -> None:
        assert data.sessions is not None
        now = data.clock.now()
        async with data.sessions() as session:
            if await practice_count(session, live.user_id) != 1:
                return
            user = await get_user(session, live.user_id)
            night = await night_of_session(session, live.session_id)
        if user is None or user.timezone is None or night is None:
            return
        in_week_now = night <= last_night(now, user.timezone)
        try:
            await bot.send_message(
                live.chat_id,
                texts.first_session_counts(in_week_now),
                rate_limit_args=Priority.LIVE,
            )
        except TelegramError as error:
            log.debug("could not send the first-session line: %s", error)

    return note


@edge.for_person()
async def settings_weekly_button(visit: Visit) -> None:
    """Turn on / Turn off on the settings' weekly row: on again at the day and time it had
    (Sundays 19:00, the offer's, when it never had one); the screen redraws."""
    from bot.settings.screen import settings_screen

    on = visit.tap(keyboards.SettingsTap).part == "weekly-on"
    existing = await get_schedule(visit.session, visit.user.id, Kind.WEEKLY)
    visit.notice()
    if existing is None and on:
        offer = keyboards.WeeklyOfferTap(True)
        await _weekly_on(visit, offer.weekday, offer.at)
    elif existing is not None:
        await save_schedule(visit.session, visit.user, Kind.WEEKLY, visit.now, enabled=on)
    await settings_screen(visit)


async def _weekly_on(visit: Visit, weekday: int, at: time) -> None:
    """The automatic weekly summary on, every `weekday` (0 is Monday) at `at`."""
    await save_schedule(
        visit.session,
        visit.user,
        Kind.WEEKLY,
        visit.now,
        at=at,
        weekdays=1 << weekday,
        enabled=True,
    )

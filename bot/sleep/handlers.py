"""Telegram edge of sleep: /morning, /sleep, and the buttons of the sleep question."""

from __future__ import annotations

from datetime import time

from telegram import Update

from bot import edge, keyboards, texts
from bot.awaited import typed_time
from bot.context import BotContext
from bot.edge import Visit
from bot.scheduling import commands
from bot.scheduling.kinds import Kind
from bot.scheduling.store import get_schedule, save_schedule, switch
from bot.sleep.rating import accepts
from bot.sleep.store import get_rating, save_detail, save_rating
from bot.times import format_day, format_time, last_night
from bot.users import set_awaiting
from bot.vocab import Awaiting

MORNING_PICKS = (time(6, 30), time(7, 0), time(7, 30), time(8, 0))


@edge.for_person()
async def morning_command(visit: Visit) -> None:
    """/morning, /morning 07:15, /morning on, /morning off."""
    existing = await get_schedule(visit.session, visit.user.id, Kind.MORNING)
    match commands.parse(visit.args):
        case commands.Show():
            on = existing is not None and existing.enabled
            visit.reply(texts.morning_status(format_time(existing.local_time) if on else None))  # type: ignore[union-attr]
        case commands.Switch(on=on):
            visit.reply(await _switch_morning(visit, on))
        case commands.At(at=at, weekday=None):
            visit.reply(await _set_morning(visit, at))
        case _:
            visit.reply(texts.MORNING_USAGE)


async def _switch_morning(visit: Visit, on: bool) -> str:
    """/morning on or off (and the settings' Off): what to answer."""
    default = visit.settings.defaults.morning_time
    schedule = await switch(
        visit.session, visit.user, Kind.MORNING, visit.now, on=on, default_at=default
    )
    return texts.morning_set(format_time(schedule.local_time)) if on else texts.MORNING_OFF


async def _set_morning(visit: Visit, at: time) -> str:
    """/morning 07:15 (and a time picked or typed from the settings): what to answer."""
    await save_schedule(visit.session, visit.user, Kind.MORNING, visit.now, at=at, enabled=True)
    return texts.morning_set(format_time(at))


# -- the morning time asked from the settings ----------------------------------------------


@edge.for_person(needs_zone=False)
async def settings_morning_button(visit: Visit) -> None:
    """Change morning time: quick picks, Keep and Off, or a time typed."""
    visit.notice()
    await set_awaiting(visit.session, visit.user.id, Awaiting.MORNING_TIME)
    existing = await get_schedule(visit.session, visit.user.id, Kind.MORNING)
    keep = existing.local_time if existing is not None and existing.enabled else None
    visit.reply(texts.MORNING_QUESTION, keyboards.morning_times(MORNING_PICKS, keep))


@edge.for_person(needs_zone=False)
async def morning_button(visit: Visit) -> None:
    """A quick pick (or Keep: the same time again) for the morning question, or Off."""
    at = visit.tap(keyboards.MorningTap).at
    visit.notice()
    await set_awaiting(visit.session, visit.user.id, None)
    if at is None:
        visit.edit(await _switch_morning(visit, False))
    else:
        visit.edit(await _set_morning(visit, at))


async def typed_morning(update: Update, context: BotContext) -> bool:
    """The morning time typed when the settings asked for it."""
    return await typed_time(
        update,
        context,
        evening=False,
        kept=texts.MORNING_KEPT,
        not_understood=texts.MORNING_NOT_UNDERSTOOD_OR_KEEP,
        use=_typed_morning,
    )


async def _typed_morning(visit: Visit, at: time) -> None:
    await set_awaiting(visit.session, visit.user.id, None)
    visit.reply(await _set_morning(visit, at))


@edge.for_person()
async def sleep_command(visit: Visit) -> None:
    """Rate a night by hand: last night, with a button for the night before."""
    assert visit.user.timezone is not None
    night = last_night(visit.now, visit.user.timezone)
    visit.reply(
        texts.sleep_question(format_day(night), morning=False),
        keyboards.sleep_rating(night, offer_night_before=True),
    )


@edge.for_person()
async def sleep_button(visit: Visit) -> None:
    """A tap on a sleep question: which night, a rating, or a follow-up's answer. Each
    counts for the night its question asked about, while that is recent enough."""
    tap = visit.tap(keyboards.SleepTap)
    night, value = tap.night, tap.value
    assert visit.user.timezone is not None
    if not accepts(night, visit.now, visit.user.timezone, visit.settings.sleep.rating_days):
        visit.notice(texts.OLD_SLEEP_BUTTON, alert=True)
        return
    day = format_day(night)
    if tap.step == "ask":
        visit.notice()
        visit.edit(texts.sleep_question(day, morning=False), keyboards.sleep_rating(night))
        return
    if tap.step == "rate":
        assert value is not None
        replaced = await save_rating(visit.session, visit.user.id, night, int(value), visit.now)
        rated = texts.sleep_rated(
            texts.SLEEP_SCALE[int(value) - 1],
            day,
            None if replaced is None else texts.SLEEP_SCALE[replaced - 1],
        )
        visit.notice()
        visit.edit(
            f"{rated}\n\n{texts.LATENCY_QUESTION}", keyboards.sleep_follow_up("latency", night)
        )
        return
    rating = await get_rating(visit.session, visit.user.id, night)
    if rating is None:
        visit.notice(texts.RATE_FIRST, alert=True)
        return
    if value != "skip":
        await save_detail(visit.session, visit.user.id, night, tap.step, value)
    label = texts.sleep_rated(texts.SLEEP_SCALE[rating.rating - 1], day, None)
    visit.notice()
    if tap.step == "latency":
        visit.edit(f"{label}\n\n{texts.WAKINGS_QUESTION}", keyboards.sleep_follow_up("wake", night))
    else:
        visit.edit(f"{label}\n\n{texts.SLEEP_DONE}")

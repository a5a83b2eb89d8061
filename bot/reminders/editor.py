"""The evening reminder's editor, shown after its time is chosen (in onboarding, from
/remind and from the settings): the days, a different weekend time, Done; and the time
typed when the bot asked for one."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from telegram import Update

from bot import awaited, edge, keyboards, texts
from bot.context import BotContext
from bot.edge import Visit
from bot.reminders.describe import editor
from bot.scheduling.kinds import Kind
from bot.scheduling.store import get_schedule, rule_of, save_schedule
from bot.settings.store import settings_of
from bot.settings.summary import summary
from bot.summary.offer import offer_weekly
from bot.times import describe_when
from bot.users import set_awaiting
from bot.vocab import Awaiting

if TYPE_CHECKING:
    from bot.models import Schedule

WEEKEND_PICKS = (time(22, 0), time(22, 30), time(23, 0))
_SAME = object()  # "leave the weekend time as it is"


def show_editor(visit: Visit, schedule: Schedule) -> None:
    """The editor under the evening reminder as it now is: in the message of the button
    tapped, or in a new one."""
    text = editor(rule_of(schedule))
    markup = keyboards.evening_options(schedule.weekdays, bool(schedule.weekend_time))
    if visit.query is not None:
        visit.edit(text, markup)
    else:
        visit.reply(text, markup)


async def change_evening(
    visit: Visit,
    *,
    at: time | None = None,
    weekdays: int | None = None,
    weekend_at: time | object | None = _SAME,
) -> Schedule:
    """The evening reminder on, as changed, and no longer waiting for a typed time."""
    existing = await get_schedule(visit.session, visit.user.id, Kind.EVENING)
    await set_awaiting(visit.session, visit.user.id, None)
    return await save_schedule(
        visit.session,
        visit.user,
        Kind.EVENING,
        visit.now,
        at=at if at is not None or existing is not None else visit.settings.defaults.evening_time,
        weekdays=weekdays,
        weekend_at=... if weekend_at is _SAME else weekend_at,  # type: ignore[arg-type]
        enabled=True,
    )


async def ask_time(visit: Visit) -> None:
    """The question for the evening time, in a new message; a typed answer is awaited."""
    await set_awaiting(visit.session, visit.user.id, Awaiting.EVENING_TIME)
    schedule = await get_schedule(visit.session, visit.user.id, Kind.EVENING)
    keep = schedule.local_time if schedule is not None and schedule.enabled else None
    visit.reply(
        texts.EVENING_QUESTION,
        keyboards.evening_times(visit.settings.reminders.quick_times, keep=keep),
    )


@edge.for_person(needs_zone=False)
async def time_button(visit: Visit) -> None:
    """A quick pick for the time, or Not now (no reminders)."""
    at = visit.tap(keyboards.EveningTap).at
    visit.notice()
    if at is not None:
        show_editor(visit, await change_evening(visit, at=at))
        return
    await set_awaiting(visit.session, visit.user.id, None)
    await save_schedule(
        visit.session,
        visit.user,
        Kind.EVENING,
        visit.now,
        at=visit.settings.defaults.evening_time,
        enabled=False,
    )
    visit.edit(texts.REMINDERS_OFF_CHOSEN)


async def _editing(visit: Visit) -> Schedule | None:
    """The evening reminder being edited; a tap on an editor without one is stale."""
    schedule = await get_schedule(visit.session, visit.user.id, Kind.EVENING)
    if schedule is None:
        visit.notice(texts.STALE_BUTTON)
    return schedule


@edge.for_person(needs_zone=False)
async def days_button(visit: Visit) -> None:
    """Every day, weekdays, a mask chosen day by day, or "choose them one by one"."""
    weekdays = visit.tap(keyboards.DaysTap).weekdays
    if (schedule := await _editing(visit)) is None:
        return
    if weekdays is None:
        visit.notice()
        visit.edit(texts.DAYS_QUESTION, keyboards.custom_days(schedule.weekdays))
    elif weekdays == 0:
        visit.notice(texts.NO_DAYS)
    else:
        visit.notice()
        show_editor(visit, await change_evening(visit, weekdays=weekdays))


@edge.for_person(needs_zone=False)
async def day_button(visit: Visit) -> None:
    """Tick or untick one day while choosing them; at least one stays ticked."""
    bit = visit.tap(keyboards.DayTap).weekday
    if (schedule := await _editing(visit)) is None:
        return
    visit.notice()
    before = schedule.weekdays
    weekdays = before ^ (1 << bit)
    if weekdays:
        await change_evening(visit, weekdays=weekdays)
    visit.edit(
        texts.DAYS_QUESTION if weekdays else texts.NO_DAYS,
        keyboards.custom_days(weekdays or before),
    )


@edge.for_person(needs_zone=False)
async def weekend_button(visit: Visit) -> None:
    """A weekend time, the same as on weekdays, or "ask" to have one typed."""
    choice = visit.tap(keyboards.WeekendTap).choice
    visit.notice()
    if choice == "ask":
        await set_awaiting(visit.session, visit.user.id, Awaiting.WEEKEND_TIME)
        schedule = await get_schedule(visit.session, visit.user.id, Kind.EVENING)
        keep = schedule.local_time if schedule is not None else None
        visit.edit(texts.WEEKEND_QUESTION, keyboards.weekend_times(WEEKEND_PICKS, keep))
    else:
        weekend_at = None if choice == "same" else choice
        show_editor(visit, await change_evening(visit, weekend_at=weekend_at))


@edge.for_person(needs_zone=False)
async def done_button(visit: Visit) -> None:
    """Setting up ends with when the first reminder comes, and a session to try now."""
    visit.notice()
    schedule = await get_schedule(visit.session, visit.user.id, Kind.EVENING)
    first = None
    if schedule is not None and schedule.next_fire_at is not None and visit.user.timezone:
        first = describe_when(schedule.next_fire_at, visit.user.timezone, visit.now)
    settings = summary(await settings_of(visit.session, visit.user))
    visit.edit(texts.all_set_short(settings, first), keyboards.try_it_now())
    await offer_weekly(visit)  # once: the weekly summary, when onboarding ends


@edge.for_person(needs_zone=False)
async def settings_button(visit: Visit) -> None:
    """Change time, Change days: the question for the time, or the editor."""
    part = visit.tap(keyboards.SettingsTap).part
    visit.notice()
    schedule = await get_schedule(visit.session, visit.user.id, Kind.EVENING)
    if part == "time" or schedule is None:
        await ask_time(visit)
    else:
        markup = keyboards.evening_options(schedule.weekdays, bool(schedule.weekend_time))
        visit.reply(editor(rule_of(schedule) if schedule.enabled else None), markup)


async def typed_time(update: Update, context: BotContext) -> bool:
    """The evening (or weekend) time, typed when the bot asked for it."""
    return await awaited.typed_time(
        update,
        context,
        evening=True,
        kept=texts.TIME_KEPT,
        not_understood=texts.TIME_NOT_UNDERSTOOD_OR_KEEP,
        use=_typed,
    )


async def _typed(visit: Visit, at: time) -> None:
    if visit.user.awaiting == Awaiting.WEEKEND_TIME:
        show_editor(visit, await change_evening(visit, weekend_at=at))
    else:
        show_editor(visit, await change_evening(visit, at=at))

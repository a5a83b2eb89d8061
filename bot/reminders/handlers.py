"""Telegram edge of reminders: /remind, /pause, /resume and the reminder's buttons."""

from __future__ import annotations

from datetime import date, timedelta

from bot import edge, keyboards, texts
from bot.edge import Visit
from bot.reminders.describe import status
from bot.reminders.store import record_events
from bot.scheduling import commands
from bot.scheduling.kinds import Kind
from bot.scheduling.store import get_schedule, rule_of, save_schedule, snooze, switch
from bot.settings.screen import settings_screen
from bot.times import format_day, format_time, local_date, night_of, start_of_local_day
from bot.vocab import ReminderEventKind

MAX_PAUSE_DAYS = 60


@edge.for_person()
async def remind_command(visit: Visit) -> None:
    """/remind, /remind 21:30, /remind on, /remind off."""
    zone_name = visit.user.timezone
    assert zone_name is not None
    existing = await get_schedule(visit.session, visit.user.id, Kind.EVENING)
    match commands.parse(visit.args, evening=True):
        case commands.Show():
            if existing is None or not existing.enabled:
                visit.reply(status(None))
                return
            paused = existing.paused_until and local_date(existing.paused_until, zone_name)
            markup = keyboards.evening_options(existing.weekdays, bool(existing.weekend_time))
            visit.reply(status(rule_of(existing), paused or None), markup)
        case commands.Switch(on=on):
            default = visit.settings.defaults.evening_time
            await switch(
                visit.session, visit.user, Kind.EVENING, visit.now, on=on, default_at=default
            )
            visit.reply(texts.REMINDER_ON if on else texts.REMINDER_OFF)
        case commands.At(at=at, weekday=None):
            schedule = await save_schedule(
                visit.session, visit.user, Kind.EVENING, visit.now, at=at, enabled=True
            )
            fires = schedule.next_fire_at
            tonight = fires is not None and night_of(fires, zone_name) == night_of(
                visit.now, zone_name
            )
            visit.reply(texts.reminder_set(format_time(at), tonight))
        case _:
            visit.reply(texts.REMIND_USAGE)


@edge.for_person()
async def pause_command(visit: Visit) -> None:
    """/pause 3: no reminders for three days."""
    zone_name = visit.user.timezone
    assert zone_name is not None
    days = visit.args[0] if len(visit.args) == 1 else ""
    if not days.isdigit() or not 1 <= int(days) <= MAX_PAUSE_DAYS:
        visit.reply(texts.PAUSE_USAGE)
        return
    if await get_schedule(visit.session, visit.user.id, Kind.EVENING) is None:
        visit.reply(status(None))
        return
    visit.reply(texts.paused_until(format_day(await _pause(visit, int(days)))))


async def _pause(visit: Visit, days: int) -> date:
    """No evening reminder for `days` days; returns the day it comes back."""
    zone_name = visit.user.timezone
    assert zone_name is not None
    back_on = local_date(visit.now, zone_name) + timedelta(days=days)
    await save_schedule(
        visit.session,
        visit.user,
        Kind.EVENING,
        visit.now,
        paused_until=start_of_local_day(back_on, zone_name),
    )
    return back_on


@edge.for_person()
async def settings_pause_button(visit: Visit) -> None:
    """Pause 1 day, 3 days, 1 week, or Resume, on the settings screen: it redraws."""
    part = visit.tap(keyboards.SettingsTap).part
    schedule = await get_schedule(visit.session, visit.user.id, Kind.EVENING)
    if schedule is None:
        visit.notice(texts.STALE_BUTTON)
        return
    if part == "resume":
        await save_schedule(visit.session, visit.user, Kind.EVENING, visit.now, paused_until=None)
        visit.notice(texts.RESUMED)
    else:
        back_on = await _pause(visit, int(part.removeprefix("pause-")))
        visit.notice(texts.paused_note(format_day(back_on)))
    await settings_screen(visit)


@edge.for_person()
async def resume_command(visit: Visit) -> None:
    schedule = await get_schedule(visit.session, visit.user.id, Kind.EVENING)
    if schedule is None or schedule.paused_until is None:
        visit.reply(texts.NOT_PAUSED)
        return
    await save_schedule(visit.session, visit.user, Kind.EVENING, visit.now, paused_until=None)
    visit.reply(texts.RESUMED)


@edge.for_person()
async def reminder_button(visit: Visit) -> None:
    """Snooze or Skip tonight, on the reminder of a given night."""
    tap = visit.tap(keyboards.ReminderTap)
    zone_name = visit.user.timezone
    assert zone_name is not None
    if tap.night != night_of(visit.now, zone_name):
        visit.notice(texts.OLD_REMINDER, alert=True)
        return
    if tap.choice == "snooze":
        minutes = visit.settings.reminders.snooze_minutes
        await snooze(
            visit.session, visit.user.id, Kind.EVENING, visit.now + timedelta(minutes=minutes)
        )
        note, kind = texts.SNOOZED.format(minutes=f"{minutes:g}"), ReminderEventKind.SNOOZED
    else:
        # Back to the next regular evening: a pending snooze is dropped too.
        await save_schedule(visit.session, visit.user, Kind.EVENING, visit.now)
        note, kind = texts.SKIPPED, ReminderEventKind.SKIPPED
    await record_events(visit.session, kind, [(visit.user.id, tap.night)], visit.now)
    visit.notice()
    visit.edit(texts.with_note(visit.message.text or "", note))

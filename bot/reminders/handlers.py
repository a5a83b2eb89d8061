"""Telegram edge of reminders: /remind, /pause, /resume and the reminder's buttons."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from telegram import Message, Update

from bot import keyboards, texts
from bot.context import BotContext
from bot.models import Schedule, User
from bot.reminders.store import record_events
from bot.schedule import describe_days
from bot.schedules import get_schedule, save_schedule, snooze
from bot.times import format_day, format_time, local_date, night_of, parse_time, start_of_local_day
from bot.users import get_user

MAX_PAUSE_DAYS = 60


def _status(schedule: Schedule | None, zone_name: str) -> str:
    if schedule is None or not schedule.enabled:
        return texts.remind_status(None, "", None, None)
    paused = None
    if schedule.paused_until is not None:
        paused = texts.paused_note(format_day(local_date(schedule.paused_until, zone_name)))
    weekend = format_time(schedule.weekend_time) if schedule.weekend_time else None
    return texts.remind_status(
        format_time(schedule.local_time), describe_days(schedule.weekdays), weekend, paused
    )


async def _known_user(message: Message, context: BotContext, user_id: int) -> User | None:
    async with context.sessions.begin() as session:
        user = await get_user(session, user_id)
    if user is None or user.timezone is None:
        await message.reply_text(texts.NEED_START)
        return None
    return user


async def remind_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    user = await _known_user(message, context, tg_user.id)
    if user is None:
        return
    assert user.timezone is not None
    argument = " ".join(context.args or []).strip().lower()
    now = context.clock.now()
    markup = None
    async with context.sessions.begin() as session:
        fresh = await get_user(session, user.id)
        assert fresh is not None
        existing = await get_schedule(session, user.id, "evening")
        if not argument:
            reply = _status(existing, user.timezone)
            if existing is not None and existing.enabled:
                markup = keyboards.evening_options(existing.weekdays, bool(existing.weekend_time))
        elif argument in ("off", "on"):
            await save_schedule(
                session,
                fresh,
                "evening",
                now,
                at=None if existing else context.settings.defaults.evening_time,
                enabled=argument == "on",
            )
            reply = texts.REMINDER_ON if argument == "on" else texts.REMINDER_OFF
        elif (at := parse_time(argument)) is None:
            reply = texts.REMIND_USAGE
        else:
            schedule = await save_schedule(session, fresh, "evening", now, at=at, enabled=True)
            tonight = schedule.next_fire_at is not None and night_of(
                schedule.next_fire_at, user.timezone
            ) == night_of(now, user.timezone)
            reply = texts.reminder_set(format_time(at), tonight)
    await message.reply_text(reply, reply_markup=markup)


async def pause_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    user = await _known_user(message, context, tg_user.id)
    if user is None:
        return
    assert user.timezone is not None
    args = context.args or []
    if len(args) != 1 or not args[0].isdigit() or not 1 <= int(args[0]) <= MAX_PAUSE_DAYS:
        await message.reply_text(texts.PAUSE_USAGE)
        return
    now = context.clock.now()
    back_on = local_date(now, user.timezone) + timedelta(days=int(args[0]))
    async with context.sessions.begin() as session:
        fresh = await get_user(session, user.id)
        assert fresh is not None
        has_schedule = await get_schedule(session, user.id, "evening") is not None
        if has_schedule:
            await save_schedule(
                session,
                fresh,
                "evening",
                now,
                paused_until=start_of_local_day(back_on, user.timezone),
            )
    await message.reply_text(
        texts.paused_until(format_day(back_on))
        if has_schedule
        else texts.remind_status(None, "", None, None)
    )


async def resume_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    user = await _known_user(message, context, tg_user.id)
    if user is None:
        return
    async with context.sessions.begin() as session:
        fresh = await get_user(session, user.id)
        schedule = await get_schedule(session, user.id, "evening")
        assert fresh is not None
        paused = schedule is not None and schedule.paused_until is not None
        if paused:
            await save_schedule(session, fresh, "evening", context.clock.now(), paused_until=None)
    await message.reply_text(texts.RESUMED if paused else texts.NOT_PAUSED)


async def reminder_button(update: Update, context: BotContext) -> None:
    """Snooze 15 min or Skip tonight, on the reminder of a given night."""
    query, tg_user = update.callback_query, update.effective_user
    if query is None or tg_user is None or not isinstance(query.message, Message):
        return
    parsed = keyboards.decode(query.data)
    args = parsed[1] if parsed else []
    choice = args[0] if args else ""
    night = keyboards.parse_night(args[1]) if len(args) > 1 else None
    if choice not in ("snooze", "skip") or night is None:
        await query.answer(texts.STALE_BUTTON)
        return
    now = context.clock.now()
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
        refusal = None
        if user is None or user.timezone is None:
            refusal = texts.NEED_START
        elif night != night_of(now, user.timezone):
            refusal = texts.OLD_REMINDER
    if refusal is not None or user is None:
        await query.answer(refusal, show_alert=refusal == texts.OLD_REMINDER)
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
        assert user is not None
        if choice == "snooze":
            minutes = context.settings.reminders.snooze_minutes
            await snooze(session, user.id, "evening", now + timedelta(minutes=minutes))
            note = texts.SNOOZED.format(minutes=f"{minutes:g}")
        else:
            # Back to the next regular evening: a pending snooze is dropped too.
            await save_schedule(session, user, "evening", now)
            note = texts.SKIPPED
        await record_events(
            session, "snoozed" if choice == "snooze" else "skipped", [(user.id, night)], now
        )
    await query.answer()
    await query.edit_message_text(f"{escape(query.message.text or '')}\n\n<i>{note}</i>")

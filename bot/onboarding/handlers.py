"""Telegram edge of onboarding: /start and its steps, /timezone, /settings, /cancel, and
the typed answers the bot is waiting for. Which step comes next is read from the
database every time (flow.next_step), never kept in memory."""

from __future__ import annotations

import logging
from datetime import time
from typing import Any

from telegram import (
    CallbackQuery,
    ChatMember,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import ApplicationHandlerStop

from bot import keyboards, texts
from bot.context import BotContext
from bot.keyboards import Action
from bot.models import Schedule, User
from bot.onboarding.flow import Step, next_step, toggle
from bot.onboarding.zones import ZoneAnswer, find_zone, zone_at
from bot.schedule import describe_days
from bot.schedules import get_schedule, reschedule_user, save_schedule
from bot.times import format_time, is_fixed_offset, parse_time, zone
from bot.users import get_user, mark_inactive, record_user, set_awaiting
from bot.users import note_activity as refresh_user

log = logging.getLogger(__name__)

AWAIT_ZONE, AWAIT_EVENING, AWAIT_WEEKEND = "timezone", "evening_time", "weekend_time"
WEEKEND_PICKS = (time(22, 0), time(22, 30), time(23, 0))


# -- presence ---------------------------------------------------------------------------


async def note_activity(update: Update, context: BotContext) -> None:
    """Whoever writes or taps is active: they get messages again if they had blocked us."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != chat.PRIVATE or update.my_chat_member:
        return
    if context.limiter.is_blocked(chat.id):
        context.limiter.unblock(chat.id)
        context.bot_data.seen.forget(user.id)
    now = context.clock.now()
    if not context.bot_data.seen.due(user.id, now):
        return
    async with context.sessions.begin() as session:
        if await refresh_user(session, user.id, now):
            log.info("user %s is back after blocking the bot", user.id)
            if (profile := await get_user(session, user.id)) is not None:
                await reschedule_user(session, profile, now)


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
            context.limiter.block(change.chat.id)
            context.bot_data.seen.forget(change.from_user.id)
        elif status == ChatMember.MEMBER:
            context.limiter.unblock(change.chat.id)
            await refresh_user(session, change.from_user.id, now)
            if (profile := await get_user(session, change.from_user.id)) is not None:
                await reschedule_user(session, profile, now)


# -- describing where someone stands ----------------------------------------------------------


def evening_text(schedule: Schedule | None) -> tuple[str | None, str, str | None]:
    if schedule is None or not schedule.enabled:
        return None, "", None
    weekend = format_time(schedule.weekend_time) if schedule.weekend_time else None
    return format_time(schedule.local_time), describe_days(schedule.weekdays), weekend


def evening_summary(schedule: Schedule) -> str:
    at, days, weekend = evening_text(schedule)
    return texts.evening_summary(at or "off", days, weekend)


def evening_markup(schedule: Schedule) -> InlineKeyboardMarkup:
    return keyboards.evening_options(schedule.weekdays, bool(schedule.weekend_time))


def describe_settings(user: User, evening: Schedule | None, morning: Schedule | None) -> str:
    at, days, weekend = evening_text(evening)
    evening_words = (
        "off" if at is None else f"{at} {days}" + (f", {weekend} at weekends" if weekend else "")
    )
    morning_words = (
        format_time(morning.local_time) if morning is not None and morning.enabled else "off"
    )
    return texts.settings_summary(
        user.timezone or "not set",
        evening_words,
        morning_words,
        texts.screening_text(user.screening, user.screened_at is not None),
    )


def step_of(user: User, schedule: Schedule | None) -> Step:
    return next_step(
        consented=user.consented_at is not None,
        screened=user.screened_at is not None,
        has_zone=user.timezone is not None,
        has_evening=schedule is not None,
    )


# -- /start and its steps ---------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> None:
    tg_user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if tg_user is None or chat is None or message is None:
        return
    # Transactions never stay open across a call to Telegram (that can wait a second for
    # the chat's flood limit, and SQLite has one writer at a time).
    async with context.sessions.begin() as session:
        user, created = await record_user(
            session,
            user_id=tg_user.id,
            chat_id=chat.id,
            language=tg_user.language_code,
            now=context.clock.now(),
        )
        schedule = await get_schedule(session, user.id, "evening")
        morning = await get_schedule(session, user.id, "morning")
        step = step_of(user, schedule)
        summary = describe_settings(user, schedule, morning) if step == Step.DONE else ""
    if step == Step.DONE:
        await message.reply_text(
            f"{texts.welcome_back(tg_user.first_name)}\n\n{texts.SETTINGS_HEADER}\n{summary}",
            reply_markup=keyboards.settings_menu(),
        )
    elif step == Step.CONSENT:
        greeting = texts.welcome if created else texts.welcome_back
        await message.reply_text(
            greeting(tg_user.first_name) + "\n\n" + texts.CONSENT + "\n\n" + texts.PRIVACY,
            reply_markup=keyboards.consent(),
        )
    else:
        await ask(message, context, user, step)


async def ask(message: Message, context: BotContext, user: User, step: Step) -> None:
    """Send the question for one step. Waiting for typed text is written to the database."""
    awaiting = {Step.TIMEZONE: AWAIT_ZONE, Step.EVENING: AWAIT_EVENING}.get(step)
    if awaiting is not None:
        async with context.sessions.begin() as session:
            await set_awaiting(session, user.id, awaiting)
    if step == Step.CONSENT:
        await message.reply_text(
            texts.CONSENT + "\n\n" + texts.PRIVACY, reply_markup=keyboards.consent()
        )
    elif step == Step.SCREENING:
        await message.reply_text(
            texts.SCREENING, reply_markup=keyboards.screening(user.screening or [])
        )
    elif step == Step.TIMEZONE:
        await message.reply_text(texts.ZONE_QUESTION, reply_markup=keyboards.share_location())
    elif step == Step.EVENING:
        await message.reply_text(
            texts.EVENING_QUESTION,
            reply_markup=keyboards.evening_times(context.settings.reminders.quick_times),
        )


async def continue_onboarding(message: Message, context: BotContext, user_id: int) -> None:
    async with context.sessions.begin() as session:
        user = await get_user(session, user_id)
        if user is None:
            return
        step = step_of(user, await get_schedule(session, user_id, "evening"))
    if step != Step.DONE:
        await ask(message, context, user, step)


async def on_button(update: Update, context: BotContext) -> None:
    """Every onboarding and settings button lands here and is routed by its action."""
    query = update.callback_query
    if query is None or query.message is None or update.effective_user is None:
        return
    parsed = keyboards.decode(query.data)
    if parsed is None:
        await query.answer(texts.STALE_BUTTON)
        return
    action, args = parsed
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
    if user is None:
        await query.answer(texts.NEED_START)
        return
    handler = _BUTTONS.get(action)
    if handler is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await handler(update, context, user, args)


async def _consent(update: Update, context: BotContext, user: User, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    assert isinstance(query.message, Message)
    await query.answer()
    async with context.sessions.begin() as session:
        fresh = await get_user(session, user.id)
        assert fresh is not None
        if fresh.consented_at is None:
            fresh.consented_at = context.clock.now()
        selected = fresh.screening or []
    await query.edit_message_text(texts.SCREENING, reply_markup=keyboards.screening(selected))


async def _screen(update: Update, context: BotContext, user: User, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    assert isinstance(query.message, Message)
    choice = args[0] if args else ""
    if choice not in (*texts.CONDITIONS, "none", "done", "skip"):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    now = context.clock.now()
    async with context.sessions.begin() as session:
        fresh = await get_user(session, user.id)
        assert fresh is not None
        if choice in texts.CONDITIONS:
            fresh.screening = toggle(list(fresh.screening or []), choice)
            selected = fresh.screening
        else:
            if choice == "skip":
                fresh.screening, outcome = None, texts.SCREENING_SKIPPED
            else:
                codes = [] if choice == "none" else list(fresh.screening or [])
                fresh.screening = codes
                outcome = texts.screening_flagged(codes) if codes else texts.SCREENING_CLEAR
            fresh.screened_at = now
    if choice in texts.CONDITIONS:
        await query.edit_message_text(texts.SCREENING, reply_markup=keyboards.screening(selected))
        return
    await query.edit_message_text(outcome)
    await continue_onboarding(query.message, context, user.id)


async def _zone_choice(update: Update, context: BotContext, user: User, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    assert isinstance(query.message, Message)
    name = args[0] if args else ""
    try:
        zone(name)
    except KeyError:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    await set_zone(query.message, context, user.id, ZoneAnswer(zone=name, place=name))


async def _evening(update: Update, context: BotContext, user: User, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    assert isinstance(query.message, Message)
    choice = args[0] if args else ""
    if choice == "off":
        await query.answer()
        async with context.sessions.begin() as session:
            fresh = await get_user(session, user.id)
            assert fresh is not None
            await set_awaiting(session, user.id, None)
            await save_schedule(
                session,
                fresh,
                "evening",
                context.clock.now(),
                at=context.settings.defaults.evening_time,
                enabled=False,
            )
        await query.edit_message_text(texts.REMINDERS_OFF_CHOSEN)
        return
    at = keyboards.parse_hhmm(choice)
    if at is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await show_evening(query, context, user.id, at=at)


async def _days(update: Update, context: BotContext, user: User, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    choice = args[0] if args else ""
    async with context.sessions.begin() as session:
        schedule = await get_schedule(session, user.id, "evening")
    if schedule is None:
        await query.answer(texts.STALE_BUTTON)
        return
    if choice == "custom":
        await query.answer()
        await query.edit_message_text(
            texts.DAYS_QUESTION, reply_markup=keyboards.custom_days(schedule.weekdays)
        )
        return
    if not choice.isdigit() or not 0 < int(choice) <= 0b1111111:
        await query.answer(texts.NO_DAYS if choice == "0" else texts.STALE_BUTTON)
        return
    await query.answer()
    await show_evening(query, context, user.id, weekdays=int(choice))


async def _day(update: Update, context: BotContext, user: User, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    bit = int(args[0]) if args and args[0].isdigit() and int(args[0]) < 7 else None
    async with context.sessions.begin() as session:
        schedule = await get_schedule(session, user.id, "evening")
    if bit is None or schedule is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    weekdays = schedule.weekdays ^ (1 << bit)
    if weekdays:
        await set_evening(context, user.id, weekdays=weekdays)
    await query.edit_message_text(
        texts.DAYS_QUESTION if weekdays else texts.NO_DAYS,
        reply_markup=keyboards.custom_days(weekdays or schedule.weekdays),
    )


async def _weekend(update: Update, context: BotContext, user: User, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    choice = args[0] if args else ""
    if choice == "ask":
        await query.answer()
        async with context.sessions.begin() as session:
            await set_awaiting(session, user.id, AWAIT_WEEKEND)
        await query.edit_message_text(
            texts.WEEKEND_QUESTION, reply_markup=keyboards.weekend_times(WEEKEND_PICKS)
        )
        return
    weekend_at = None if choice == "same" else keyboards.parse_hhmm(choice)
    if choice != "same" and weekend_at is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await show_evening(query, context, user.id, weekend_at=weekend_at)


async def _setup_done(update: Update, context: BotContext, user: User, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    async with context.sessions.begin() as session:
        fresh = await get_user(session, user.id)
        assert fresh is not None
        summary = describe_settings(
            fresh,
            await get_schedule(session, user.id, "evening"),
            await get_schedule(session, user.id, "morning"),
        )
    await query.edit_message_text(texts.all_set(summary))


async def _settings(update: Update, context: BotContext, user: User, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    assert isinstance(query.message, Message)
    part = args[0] if args else ""
    await query.answer()
    if part == "time":
        await ask(query.message, context, user, Step.EVENING)
    elif part == "zone":
        await ask(query.message, context, user, Step.TIMEZONE)
    elif part == "screening":
        await ask(query.message, context, user, Step.SCREENING)
    elif part == "days":
        async with context.sessions.begin() as session:
            schedule = await get_schedule(session, user.id, "evening")
        if schedule is None:
            await ask(query.message, context, user, Step.EVENING)
        else:
            await query.message.reply_text(
                evening_summary(schedule), reply_markup=evening_markup(schedule)
            )


_BUTTONS = {
    Action.CONSENT: _consent,
    Action.SCREEN: _screen,
    Action.ZONE: _zone_choice,
    Action.EVENING: _evening,
    Action.DAYS: _days,
    Action.DAY: _day,
    Action.WEEKEND: _weekend,
    Action.SETUP_DONE: _setup_done,
    Action.SETTINGS: _settings,
}
ONBOARDING_ACTIONS = tuple(_BUTTONS)


# -- shared steps -------------------------------------------------------------------------------


async def set_evening(
    context: BotContext,
    user_id: int,
    *,
    at: time | None = None,
    weekdays: int | None = None,
    weekend_at: time | type[...] | None = ...,
) -> Schedule | None:
    async with context.sessions.begin() as session:
        user = await get_user(session, user_id)
        if user is None:
            return None
        existing = await get_schedule(session, user_id, "evening")
        await set_awaiting(session, user_id, None)
        return await save_schedule(
            session,
            user,
            "evening",
            context.clock.now(),
            at=at
            if at is not None or existing is not None
            else context.settings.defaults.evening_time,
            weekdays=weekdays,
            weekend_at=weekend_at,
            enabled=True,
        )


async def show_evening(
    query: CallbackQuery, context: BotContext, user_id: int, **changes: Any
) -> None:
    """Change the evening schedule and show the result in the message of the button."""
    schedule = await set_evening(context, user_id, **changes)
    if schedule is not None:
        await query.edit_message_text(
            evening_summary(schedule), reply_markup=evening_markup(schedule)
        )


async def set_zone(message: Message, context: BotContext, user_id: int, answer: ZoneAnswer) -> None:
    """Act on a zone answer: set it, offer choices, or ask again."""
    if answer.choices:
        await message.reply_text(
            texts.ZONE_CHOOSE,
            reply_markup=keyboards.zone_choices([(p.label, p.zone) for p in answer.choices]),
        )
        return
    if answer.zone is None:
        await message.reply_text(texts.ZONE_UNKNOWN)
        return
    now = context.clock.now()
    async with context.sessions.begin() as session:
        user = await get_user(session, user_id)
        if user is None:
            return
        user.timezone = answer.zone
        user.awaiting = None
        await reschedule_user(session, user, now)
        if await get_schedule(session, user.id, "morning") is None:
            # Everyone gets the morning sleep question at the default time; /morning
            # changes or stops it.
            await save_schedule(
                session, user, "morning", now, at=context.settings.defaults.morning_time
            )
    local_now = format_time(now.astimezone(zone(answer.zone)).time())
    text = texts.zone_set(answer.place or answer.zone, answer.zone, local_now)
    if answer.fixed_offset or is_fixed_offset(answer.zone):
        text += "\n\n" + texts.ZONE_FIXED_OFFSET_WARNING
    await message.reply_text(text, reply_markup=ReplyKeyboardRemove())
    await continue_onboarding(message, context, user_id)


# -- typed answers ------------------------------------------------------------------------------


async def awaited_input(update: Update, context: BotContext) -> None:
    """Text or a location the bot asked for. Anything else passes on to the other rooms."""
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
    if user is None:
        return
    if message.location is not None:
        found = await zone_at(message.location.latitude, message.location.longitude)
        answer = ZoneAnswer(zone=found, place=found) if found else ZoneAnswer()
        await set_zone(message, context, user.id, answer)
        raise ApplicationHandlerStop
    text = message.text or ""
    if user.awaiting == AWAIT_ZONE:
        await set_zone(message, context, user.id, find_zone(text))
    elif user.awaiting in (AWAIT_EVENING, AWAIT_WEEKEND):
        at = parse_time(text)
        if at is None:
            log.debug("not a time: %r", text[:50])
            await message.reply_text(texts.TIME_NOT_UNDERSTOOD)
            raise ApplicationHandlerStop
        if user.awaiting == AWAIT_EVENING:
            schedule = await set_evening(context, user.id, at=at)
        else:
            schedule = await set_evening(context, user.id, weekend_at=at)
        if schedule is not None:
            await message.reply_text(
                evening_summary(schedule), reply_markup=evening_markup(schedule)
            )
    else:
        return
    raise ApplicationHandlerStop


async def pending_step(context: BotContext, user: User) -> str | None:
    """The line the safety gate adds when onboarding or a typed answer is still pending."""
    if user.awaiting == AWAIT_ZONE:
        return texts.PENDING_ZONE
    if user.awaiting in (AWAIT_EVENING, AWAIT_WEEKEND):
        return texts.PENDING_TIME
    if user.consented_at is None or user.screened_at is None:
        return texts.PENDING_SETUP
    return None


# -- commands -------------------------------------------------------------------------------------


async def timezone_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
    if user is None:
        await message.reply_text(texts.NEED_START)
        return
    if context.args:
        await set_zone(message, context, user.id, find_zone(" ".join(context.args)))
        return
    if user.timezone:
        await message.reply_text(f"Your time zone is {user.timezone}.")
    await ask(message, context, user, Step.TIMEZONE)


async def settings_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
        if user is None:
            await message.reply_text(texts.NEED_START)
            return
        summary = describe_settings(
            user,
            await get_schedule(session, user.id, "evening"),
            await get_schedule(session, user.id, "morning"),
        )
    await message.reply_text(
        texts.SETTINGS_HEADER + "\n" + summary,
        reply_markup=keyboards.settings_menu(),
    )


async def cancel_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
        waiting = user is not None and user.awaiting is not None
        if waiting:
            await set_awaiting(session, tg_user.id, None)
    await message.reply_text(
        texts.CANCELLED if waiting else texts.NOTHING_TO_CANCEL, reply_markup=ReplyKeyboardRemove()
    )

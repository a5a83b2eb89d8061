"""Telegram edge of sleep: /morning, /sleep, and the buttons of the sleep question."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message, Update

from bot import keyboards, texts
from bot.context import BotContext
from bot.schedules import get_schedule, save_schedule
from bot.sleep.rating import accepts
from bot.sleep.store import get_rating, save_detail, save_rating
from bot.times import format_day, format_time, last_night, parse_time
from bot.users import get_user

_DETAIL_FIELD = {"latency": "sleep_latency", "wake": "awakenings"}


async def morning_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    argument = " ".join(context.args or []).strip().lower()
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
        if user is None or user.timezone is None:
            reply = texts.NEED_START
        else:
            existing = await get_schedule(session, user.id, "morning")
            now = context.clock.now()
            if not argument:
                on = existing is not None and existing.enabled
                reply = texts.morning_status(format_time(existing.local_time) if on else None)
            elif argument in ("on", "off"):
                schedule = await save_schedule(
                    session,
                    user,
                    "morning",
                    now,
                    at=None if existing else context.settings.defaults.morning_time,
                    enabled=argument == "on",
                )
                reply = (
                    texts.morning_set(format_time(schedule.local_time))
                    if argument == "on"
                    else texts.MORNING_OFF
                )
            elif (at := parse_time(argument)) is None:
                reply = texts.MORNING_USAGE
            else:
                await save_schedule(session, user, "morning", now, at=at, enabled=True)
                reply = texts.morning_set(format_time(at))
    await message.reply_text(reply)


async def sleep_command(update: Update, context: BotContext) -> None:
    """Rate a night by hand: last night, with a button for the night before."""
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
    if user is None or user.timezone is None:
        await message.reply_text(texts.NEED_START)
        return
    night = last_night(context.clock.now(), user.timezone)
    await message.reply_text(
        texts.sleep_question(format_day(night), morning=False),
        reply_markup=keyboards.sleep_rating(night, offer_night_before=True),
    )


@dataclass(frozen=True)
class _Outcome:
    """What a tap leads to: a refusal notice, or the question's new text and buttons."""

    refusal: str | None = None
    text: str = ""
    markup: InlineKeyboardMarkup | None = None


async def sleep_button(update: Update, context: BotContext) -> None:
    query, tg_user = update.callback_query, update.effective_user
    if query is None or tg_user is None or not isinstance(query.message, Message):
        return
    tap = keyboards.parse_sleep(query.data)
    if tap is None:
        await query.answer(texts.STALE_BUTTON)
        return
    # Telegram is called only after the transaction: SQLite has one writer at a time.
    outcome = await _apply(context, tg_user.id, tap)
    if outcome.refusal is not None:
        await query.answer(outcome.refusal, show_alert=outcome.refusal != texts.NEED_START)
        return
    await query.answer()
    await query.edit_message_text(outcome.text, reply_markup=outcome.markup)


async def _apply(context: BotContext, user_id: int, tap: keyboards.SleepTap) -> _Outcome:
    """Store what the tap says, in one transaction, and work out the reply."""
    night, value, now = tap.night, tap.value, context.clock.now()
    async with context.sessions.begin() as session:
        user = await get_user(session, user_id)
        if user is None or user.timezone is None:
            return _Outcome(texts.NEED_START)
        if not accepts(night, now, user.timezone, context.settings.sleep.rating_days):
            return _Outcome(texts.OLD_SLEEP_BUTTON)
        day = format_day(night)
        if tap.step == "ask":
            question = texts.sleep_question(day, morning=False)
            return _Outcome(text=question, markup=keyboards.sleep_rating(night))
        if tap.step == "rate":
            assert value is not None
            replaced = await save_rating(session, user.id, night, int(value), now)
            rated = texts.sleep_rated(
                texts.SLEEP_SCALE[int(value) - 1],
                day,
                None if replaced is None else texts.SLEEP_SCALE[replaced - 1],
            )
            return _Outcome(
                text=f"{rated}\n\n{texts.LATENCY_QUESTION}",
                markup=keyboards.sleep_follow_up("latency", night),
            )
        rating = await get_rating(session, user.id, night)
        if rating is None:
            return _Outcome(texts.RATE_FIRST)
        if value != "skip":
            await save_detail(session, user.id, night, _DETAIL_FIELD[tap.step], value)
        label = texts.sleep_rated(texts.SLEEP_SCALE[rating.rating - 1], day, None)
    if tap.step == "latency":
        return _Outcome(
            text=f"{label}\n\n{texts.WAKINGS_QUESTION}",
            markup=keyboards.sleep_follow_up("wake", night),
        )
    return _Outcome(text=f"{label}\n\n{texts.SLEEP_DONE}")

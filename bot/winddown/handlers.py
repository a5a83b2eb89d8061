"""Telegram edge of the guided session: /winddown and Start now, the options, the setup,
the live controls (Pause, Resume, Stop), the check-out, and recovery after a restart."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import TelegramError

from bot import keyboards, texts
from bot.context import BotContext, BotData
from bot.delivery import Priority
from bot.keyboards import Action
from bot.models import User
from bot.times import night_of
from bot.users import get_user
from bot.winddown.breathing import PATTERNS, choose_detail, timeline
from bot.winddown.runner import LiveSession, Runner
from bot.winddown.store import finish_session, interrupt_running, rate_session, start_session

log = logging.getLogger(__name__)
ROOM = "winddown"


def runner_of(data: BotData) -> Runner:
    return data.rooms[ROOM]


def _variant(user: User) -> str:
    return "low-legs" if user.screening else "inversion"


def _choices(context: BotContext, user: User) -> tuple[int, str]:
    lengths = context.settings.winddown.lengths_seconds
    length = user.session_seconds if user.session_seconds in lengths else None
    if length is None:
        wanted = context.settings.defaults.session_seconds
        length = min(lengths, key=lambda s: abs(s - wanted))
    pattern = user.breath_pattern if user.breath_pattern in PATTERNS else None
    return length, pattern or context.settings.defaults.breath_pattern


def _options(context: BotContext, user: User) -> tuple[str, object]:
    length, pattern = _choices(context, user)
    return (
        texts.session_options(texts.minutes_text(length), texts.PATTERN_NAMES[pattern]),
        keyboards.session_options(
            context.settings.winddown.lengths_seconds,
            length,
            list(texts.PATTERN_NAMES.items()),
            pattern,
        ),
    )


async def offer_session(message: Message, context: BotContext, user_id: int) -> None:
    async with context.sessions.begin() as session:
        user = await get_user(session, user_id)
    if user is None or user.timezone is None:
        await message.reply_text(texts.NEED_START)
        return
    live = runner_of(context.bot_data).live.get(user_id)
    if live is not None:
        await message.reply_text(
            texts.SESSION_RUNNING, reply_markup=keyboards.running_choice(live.session_id)
        )
        return
    if user.screened_at is None:
        await message.reply_text(texts.SCREEN_FIRST, reply_markup=keyboards.screening([]))
        return
    text, markup = _options(context, user)
    await message.reply_text(text, reply_markup=markup)


async def winddown_command(update: Update, context: BotContext) -> None:
    if update.effective_message and update.effective_user:
        await offer_session(update.effective_message, context, update.effective_user.id)


async def on_button(update: Update, context: BotContext) -> None:
    query, tg_user = update.callback_query, update.effective_user
    if query is None or tg_user is None or not isinstance(query.message, Message):
        return
    parsed = keyboards.decode(query.data)
    if parsed is None:
        await query.answer(texts.STALE_BUTTON)
        return
    action, args = parsed
    if action == Action.WINDDOWN:
        await query.answer()
        await offer_session(query.message, context, tg_user.id)
        return
    if action in (Action.WD_LENGTH, Action.WD_PATTERN):
        await _choose(update, context, action, args)
    elif action == Action.WD_BEGIN:
        await _setup(update, context)
    elif action == Action.WD_READY:
        await _begin(update, context)
    elif action == Action.WD_CONTROL:
        await _control(update, context, args)
    elif action == Action.WD_FEEL:
        await _feel(update, context, args)


async def _choose(update: Update, context: BotContext, action: Action, args: list[str]) -> None:
    query, tg_user = update.callback_query, update.effective_user
    assert query is not None
    assert tg_user is not None
    value = args[0] if args else ""
    valid = (
        value.isdigit() and int(value) in context.settings.winddown.lengths_seconds
        if action == Action.WD_LENGTH
        else value in PATTERNS
    )
    if not valid:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
        if user is None:
            return
        if action == Action.WD_LENGTH:
            user.session_seconds = int(value)
        else:
            user.breath_pattern = value
        text, markup = _options(context, user)
    await query.edit_message_text(text, reply_markup=markup)  # type: ignore[arg-type]


async def _setup(update: Update, context: BotContext) -> None:
    query, tg_user = update.callback_query, update.effective_user
    assert query is not None
    assert tg_user is not None
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
    if user is None:
        await query.answer(texts.NEED_START)
        return
    await query.answer()
    setup = texts.SETUP_INVERSION
    if _variant(user) == "low-legs":
        pregnant = "pregnancy" in (user.screening or [])
        setup = texts.SETUP_LOW_LEGS_PREGNANCY if pregnant else texts.SETUP_LOW_LEGS
    await query.edit_message_text(setup, reply_markup=keyboards.ready())


async def _begin(update: Update, context: BotContext) -> None:
    query, tg_user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None
    assert tg_user is not None
    assert chat is not None
    runner = runner_of(context.bot_data)
    if tg_user.id in runner.live:
        await query.answer(texts.SESSION_RUNNING)
        return
    now = context.clock.now()
    async with context.sessions.begin() as session:
        user = await get_user(session, tg_user.id)
        if user is None or user.timezone is None:
            await query.answer(texts.NEED_START)
            return
        length, pattern_id = _choices(context, user)
        session_id = await start_session(
            session,
            user_id=user.id,
            night=night_of(now, user.timezone),
            now=now,
            planned_seconds=length,
            pattern=pattern_id,
            variant=_variant(user),
        )
    await query.answer()
    await query.edit_message_reply_markup(None)
    pattern = PATTERNS[pattern_id]
    settings = context.settings
    budget = settings.delivery.overall_per_second * settings.winddown.live_share
    detail = choose_detail(pattern, runner.active() + 1, budget)
    prompts = timeline(pattern, length, settings.winddown.settle_seconds, detail)
    runner.start(LiveSession(session_id, user.id, chat.id, pattern, length, prompts))


async def _control(update: Update, context: BotContext, args: list[str]) -> None:
    query, tg_user = update.callback_query, update.effective_user
    assert query is not None
    assert tg_user is not None
    runner = runner_of(context.bot_data)
    live = runner.live.get(tg_user.id)
    choice = args[0] if args else ""
    if live is None or len(args) < 2 or args[1] != str(live.session_id):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    if choice == "pause" and runner.pause(tg_user.id) is not None:
        await query.edit_message_text(
            texts.PAUSED, reply_markup=keyboards.live_controls(live.session_id, paused=True)
        )
    elif choice in ("resume", "continue"):
        runner.resume(tg_user.id)
    elif choice in ("stop", "restart"):
        await runner.stop(tg_user.id)
        async with context.sessions.begin() as session:
            await finish_session(session, live.session_id, "stopped", context.clock.now())
        if choice == "restart":
            await offer_session(query.message, context, tg_user.id)  # type: ignore[arg-type]
        else:
            await _edit_live(context, live, texts.STOPPED)
            await context.bot.send_message(
                live.chat_id, texts.CHECK_OUT, reply_markup=keyboards.check_out(live.session_id)
            )


async def _feel(update: Update, context: BotContext, args: list[str]) -> None:
    query, tg_user = update.callback_query, update.effective_user
    assert query is not None
    assert tg_user is not None
    valid = len(args) == 2 and args[0].isdigit() and args[1] in texts.FEELINGS
    if not valid:
        await query.answer(texts.STALE_BUTTON)
        return
    async with context.sessions.begin() as session:
        rated = await rate_session(session, int(args[0]), tg_user.id, int(args[1]))
    await query.answer(None if rated else texts.STALE_BUTTON)
    if rated:
        await query.edit_message_text(texts.CHECK_OUT_THANKS)


async def pause_for_safety(context: BotContext, user: User) -> str | None:
    """A safety answer comes first: a live session holds still until the person resumes."""
    runner = runner_of(context.bot_data)
    live = runner.pause(user.id)
    if live is None:
        return texts.PENDING_SESSION if user.id in runner.live else None
    if live.message_id is not None:
        try:
            await context.bot.edit_message_text(
                texts.PAUSED,
                live.chat_id,
                live.message_id,
                reply_markup=keyboards.live_controls(live.session_id, paused=True),
            )
        except TelegramError as error:
            log.debug("could not show the pause: %s", error)
    return texts.PENDING_SESSION


async def _edit_live(context: BotContext, live: LiveSession, text: str) -> None:
    if live.message_id is None:
        return
    try:
        await context.bot.edit_message_text(text, live.chat_id, live.message_id)
    except TelegramError as error:
        log.debug("could not update the live message: %s", error)


# -- life cycle -------------------------------------------------------------------------------


def make_runner(data: BotData, bot: object) -> Runner:
    assert data.settings is not None
    runner = Runner(bot, max_late=data.settings.winddown.max_late_seconds)  # type: ignore[arg-type]

    async def finished(live: LiveSession) -> None:
        assert data.sessions is not None
        async with data.sessions.begin() as session:
            await finish_session(session, live.session_id, "completed", data.clock.now())
        await runner.bot.send_message(live.chat_id, texts.COMING_OUT, rate_limit_args=Priority.LIVE)
        await runner.bot.send_message(
            live.chat_id,
            texts.CHECK_OUT,
            reply_markup=keyboards.check_out(live.session_id),
            rate_limit_args=Priority.LIVE,
        )

    runner.on_finish.append(finished)
    return runner


async def recover_interrupted(app: object) -> None:
    """At start: sessions the last run left open are closed, and each person told once."""
    data: BotData = app.bot_data  # type: ignore[attr-defined]
    assert data.sessions is not None
    data.rooms[ROOM] = make_runner(data, app.bot)  # type: ignore[attr-defined]
    async with data.sessions.begin() as session:
        interrupted = await interrupt_running(session, data.clock.now())
    for _, chat_id in interrupted:
        await _tell_interrupted(app.bot, chat_id)  # type: ignore[attr-defined]


async def interrupt_live(app: object) -> None:
    """At stop: tell everyone mid-session, and record their sessions as interrupted."""
    data: BotData = app.bot_data  # type: ignore[attr-defined]
    runner = data.rooms.get(ROOM)
    if runner is None or data.sessions is None:
        return
    stopped = await runner.stop_all()
    if not stopped:
        return
    async with data.sessions.begin() as session:
        for live in stopped:
            await finish_session(session, live.session_id, "interrupted", data.clock.now())
    for live in stopped:
        await _tell_interrupted(app.bot, live.chat_id)  # type: ignore[attr-defined]


async def _tell_interrupted(bot: object, chat_id: int) -> None:
    try:
        await bot.send_message(  # type: ignore[attr-defined]
            chat_id, texts.INTERRUPTED, reply_markup=keyboards.start_again()
        )
    except TelegramError as error:
        log.info("could not tell chat %s about the interrupted session: %s", chat_id, error)

"""Telegram edge of the guided session: /winddown and Start now, the options, the setup,
the live controls (Pause, Resume, Stop), the check-out, and recovery after a restart."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot import edge, keyboards, texts
from bot.context import BotContext, BotData
from bot.delivery import Priority
from bot.edge import Visit
from bot.onboarding.store import answer_condition, finish_screening, tick_condition
from bot.times import night_of
from bot.vocab import Condition, Guide, SessionOutcome
from bot.winddown.breathing import PATTERNS, Detail, choose_detail, progress, timeline
from bot.winddown.media import MediaCache
from bot.winddown.plan import (
    asks_health_first,
    choices,
    guide_for,
    question_first,
    setup_now_text,
    setup_text,
    variant_for,
)
from bot.winddown.runner import LiveSession, Runner
from bot.winddown.store import (
    finish_session,
    interrupt_orphaned,
    rate_session,
    remember_choice,
    sessions_started,
    start_session,
)

if TYPE_CHECKING:
    from bot.models import User

log = logging.getLogger(__name__)


def _choices(visit: Visit) -> tuple[int, str]:
    settings, user = visit.settings, visit.user
    return choices(
        settings.winddown.lengths_seconds,
        settings.defaults.session_seconds,
        settings.defaults.breath_pattern,
        user.session_seconds,
        user.breath_pattern,
    )


def _guide(visit: Visit) -> Guide:
    return guide_for(visit.settings.defaults.guide, visit.user.guide)


def _show_options(visit: Visit, *, edit: bool) -> None:
    length, pattern = _choices(visit)
    text = texts.session_options(texts.minutes_text(length), texts.PATTERN_NAMES[pattern])
    markup = keyboards.session_options(
        visit.settings.winddown.lengths_seconds,
        length,
        list(texts.PATTERN_NAMES.items()),
        pattern,
        _guide(visit),
    )
    if edit:
        visit.edit(text, markup)
    else:
        visit.reply(text, markup)


async def _health_first(visit: Visit) -> bool:
    user = visit.user
    if user.screened_at is not None and user.screening is not None:
        return False  # answered: no need to count sessions
    begun = await sessions_started(visit.session, user.id)
    return asks_health_first(user.screened_at is not None, user.screening, begun)


def _ask_health(visit: Visit, ticked: list[str], *, edit: bool) -> None:
    text = texts.SCREEN_FIRST if visit.user.screened_at is None else texts.HEALTH_BEFORE_FIRST
    markup = keyboards.screening(ticked, keyboards.SessionScreenTap)
    if edit:
        visit.edit(text, markup)
    else:
        visit.reply(text, markup)


def _question_once(visit: Visit) -> Condition | None:
    """A health question added since this person answered the check, asked once."""
    return question_first(visit.user.screening, visit.user.screening_asked)


def _show_setup(visit: Visit) -> None:
    """Ready for the chat session and, when configured, the pacer page beside it."""
    markup = keyboards.with_pacer(keyboards.ready(), visit.settings.miniapp.url)
    visit.edit(setup_text(visit.user.screening), markup)


async def _asked_first(visit: Visit) -> bool:
    """What comes before tonight's options, shown if anything does: a session already
    running, the health check (never answered, or skipped before a first session), or a
    health question added since it was answered."""
    live = visit.context.runner.live.get(visit.user.id)
    if live is not None:
        visit.reply(texts.SESSION_RUNNING, keyboards.running_choice(live.session_id))
    elif await _health_first(visit):
        _ask_health(visit, list(visit.user.screening or []), edit=False)
    elif (code := _question_once(visit)) is not None:
        visit.reply(texts.health_question_once(code), keyboards.health_once(code))
    else:
        return False
    return True


async def offer_session(visit: Visit) -> None:
    """Tonight's options, unless something comes first (`_asked_first`)."""
    if not await _asked_first(visit):
        _show_options(visit, edit=False)


winddown_command = edge.for_person()(offer_session)


@edge.for_person(needs_zone=False)
async def settings_session_button(visit: Visit) -> None:
    """Change length or breathing, on the settings: the same choice /winddown shows (each
    tap remembered for next time), with Start beside it."""
    visit.notice()
    _show_options(visit, edit=False)


@edge.for_person()
async def start_button(visit: Visit) -> None:
    """Start now (on a reminder): the session begins at once with what was chosen last
    time. Start again (after an interruption): the options."""
    visit.notice()
    if visit.tap(keyboards.StartSessionTap).night is None:  # Start again
        await offer_session(visit)
    elif not await _asked_first(visit):
        await _begin(visit, at_once=True)


@edge.for_person()
async def health_button(visit: Visit) -> None:
    """The health check asked before a session: tick, then Done, None of these or Skip.
    Answered or skipped, the set-up follows (skipped: legs low, said in one line)."""
    choice = visit.tap(keyboards.SessionScreenTap).choice
    visit.notice()
    if choice not in ("none", "done", "skip"):
        ticked = await tick_condition(visit.session, visit.user, choice)
        _ask_health(visit, ticked, edit=True)
        return
    if choice == "skip":
        codes = None
    else:
        codes = [] if choice == "none" else list(visit.user.screening or [])
    await finish_screening(visit.session, visit.user, codes, visit.now)
    _show_setup(visit)


@edge.for_person()
async def health_once_button(visit: Visit) -> None:
    """The answer to a health question added since the check: kept, said back, and then
    tonight's options (their set-up follows from it)."""
    tap = visit.tap(keyboards.HealthOnceTap)
    visit.notice()
    await answer_condition(visit.session, visit.user, tap.condition, tap.applies)
    outcome = texts.screening_flagged([tap.condition]) if tap.applies else texts.HEALTH_ONCE_NOTED
    visit.edit(outcome)
    await offer_session(visit)


@edge.for_person(needs_zone=False)
async def option_button(visit: Visit) -> None:
    """A length or a breath pattern: remembered for next time, and shown ticked."""
    tap = keyboards.parse(visit.query.data if visit.query else None)
    if isinstance(tap, keyboards.LengthTap):
        if tap.seconds not in visit.settings.winddown.lengths_seconds:
            visit.notice(texts.STALE_BUTTON)
            return
        await remember_choice(visit.session, visit.user, seconds=tap.seconds)
    elif isinstance(tap, keyboards.PatternTap):
        await remember_choice(visit.session, visit.user, pattern=tap.pattern)
    elif isinstance(tap, keyboards.GuideTap):
        await remember_choice(visit.session, visit.user, guide=tap.guide)
    visit.notice()
    _show_options(visit, edit=True)


@edge.for_person(needs_zone=False)
async def setup_button(visit: Visit) -> None:
    """How to get into the position (legs up the wall, or low for a named condition),
    with Ready for the chat session and, when configured, the pacer page beside it."""
    visit.notice()
    _show_setup(visit)


@edge.for_person()
async def ready_button(visit: Visit) -> None:
    """In position: the session begins, its timeline worked out now."""
    if visit.user.id in visit.context.runner.live:
        visit.notice(texts.SESSION_RUNNING)
        return
    visit.notice()
    await _begin(visit, at_once=False)


async def _begin(visit: Visit, *, at_once: bool) -> None:
    """The session begins, its timeline worked out now. After Ready the set-up message
    becomes the live message; at once (from the reminder) the set-up is a new message
    with a button to change the options, and the live message follows it."""
    runner = visit.context.runner
    assert visit.user.timezone is not None
    length, pattern_id = _choices(visit)
    session_id = await start_session(
        visit.session,
        user_id=visit.user.id,
        night=night_of(visit.now, visit.user.timezone),
        now=visit.now,
        planned_seconds=length,
        pattern=pattern_id,
        variant=variant_for(visit.user.screening),
        owner=visit.context.bot_data.worker,
    )
    settings = visit.settings
    pattern = PATTERNS[pattern_id]
    budget = settings.delivery.overall_per_second * settings.winddown.live_share
    guide = _guide(visit)
    if guide == Guide.AUDIO:  # the tones pace the breath; the message shows progress
        detail = Detail.PROGRESS
    else:
        detail = choose_detail(pattern, runner.active() + 1, budget)
    settle = settings.winddown.settle_seconds
    prompts = timeline(pattern, length, settle, detail)
    live = LiveSession(
        session_id,
        visit.user.id,
        visit.message.chat_id,
        pattern,
        length,
        prompts,
        guide=guide,
        settle=settle,
        # The set-up message becomes the live message: its first prompt is an edit of it,
        # not a second edit racing the first prompt for the chat's one message a second.
        message_id=None if at_once else visit.message.message_id,
    )
    if at_once:
        visit.reply(setup_now_text(visit.user.screening), keyboards.session_start(session_id))

    async def begin() -> None:
        runner.start(live)

    visit.then(begin)


async def control_button(update: Update, context: BotContext) -> None:
    """Pause, Resume, Stop on the live message; Continue or Start again when /winddown
    finds one running."""
    query, tg_user = update.callback_query, update.effective_user
    if query is None or tg_user is None:
        return
    tap = keyboards.tap_of(query, keyboards.ControlTap)
    runner = context.runner
    live = runner.live.get(tg_user.id)
    if live is None or tap.session_id != live.session_id:
        await edge.refuse_stale(update)
        return
    await query.answer()
    if tap.choice == "pause" and runner.pause(tg_user.id) is not None:
        await query.edit_message_text(
            paused_text(live), reply_markup=keyboards.live_controls(live.session_id, paused=True)
        )
    elif tap.choice == "resume":
        runner.resume(tg_user.id)
    elif tap.choice == "continue":
        await runner.bring_back(tg_user.id)
        runner.resume(tg_user.id)
    elif tap.choice in ("stop", "restart", "change"):
        await runner.stop(tg_user.id)
        async with context.sessions.begin() as session:
            await finish_session(
                session, live.session_id, SessionOutcome.STOPPED, context.clock.now()
            )
        if tap.choice in ("restart", "change"):
            await runner.close(live, texts.REPLACED)
            await edge.visit(update, context, offer_session)
        else:
            await runner.close(live, texts.STOPPED)
            await context.bot.send_message(
                live.chat_id, texts.CHECK_OUT, reply_markup=keyboards.check_out(live.session_id)
            )


async def feeling_button(update: Update, context: BotContext) -> None:
    """How they feel after the session (optional)."""
    query, tg_user = update.callback_query, update.effective_user
    if query is None or tg_user is None:
        return
    tap = keyboards.tap_of(query, keyboards.FeelingTap)
    async with context.sessions.begin() as session:
        rated = await rate_session(session, tap.session_id, tg_user.id, tap.rating)
    await query.answer(None if rated else texts.STALE_BUTTON)
    if rated:
        await query.edit_message_text(texts.CHECK_OUT_THANKS)


async def pause_for_safety(context: BotContext, user: User) -> str | None:
    """A safety answer comes first: a live session holds still until the person resumes."""
    runner = context.runner
    live = runner.pause(user.id)
    if live is None:
        return texts.PENDING_SESSION if user.id in runner.live else None
    if live.message_id is not None:
        try:
            await context.bot.edit_message_text(
                paused_text(live),
                live.chat_id,
                live.message_id,
                reply_markup=keyboards.live_controls(live.session_id, paused=True),
            )
        except TelegramError as error:
            log.debug("could not show the pause: %s", error)
    return texts.PENDING_SESSION


# -- life cycle -------------------------------------------------------------------------------


def make_runner(data: BotData, bot: Bot) -> Runner:
    assert data.settings is not None

    media = MediaCache(lambda: data.sessions, data.clock)
    runner = Runner(bot, max_late=data.settings.winddown.max_late_seconds, media=media)

    async def finished(live: LiveSession) -> None:
        assert data.sessions is not None
        async with data.sessions.begin() as session:
            await finish_session(
                session, live.session_id, SessionOutcome.COMPLETED, data.clock.now()
            )
        await runner.close(live, texts.FINISHED)
        await runner.bot.send_message(live.chat_id, texts.COMING_OUT, rate_limit_args=Priority.LIVE)
        await runner.bot.send_message(
            live.chat_id,
            texts.CHECK_OUT,
            reply_markup=keyboards.check_out(live.session_id),
            rate_limit_args=Priority.LIVE,
        )

    runner.on_finish.append(finished)
    return runner


async def recover_interrupted(app: Application) -> None:  # type: ignore[type-arg]
    """At start, and every little while: sessions left open by a worker that is gone
    (the last run, or another worker that died) are closed, and each person told once."""
    data: BotData = app.bot_data
    assert data.sessions is not None
    async with data.sessions.begin() as session:
        interrupted = await interrupt_orphaned(session, data.clock.now())
    for _, chat_id in interrupted:
        await _tell_interrupted(app.bot, chat_id)


async def recover_orphaned_sessions(context: BotContext) -> None:
    await recover_interrupted(context.application)


async def interrupt_live(app: Application) -> None:  # type: ignore[type-arg]
    """At stop: tell everyone mid-session, and record their sessions as interrupted."""
    data: BotData = app.bot_data
    if data.runner is None or data.sessions is None:
        return
    stopped = await data.runner.stop_all()
    if not stopped:
        return
    async with data.sessions.begin() as session:
        for live in stopped:
            await finish_session(
                session, live.session_id, SessionOutcome.INTERRUPTED, data.clock.now()
            )
    for live in stopped:
        await _tell_interrupted(app.bot, live.chat_id)


async def _tell_interrupted(bot: Bot, chat_id: int) -> None:
    try:
        await bot.send_message(chat_id, texts.INTERRUPTED, reply_markup=keyboards.start_again())
    except TelegramError as error:
        log.info("could not tell chat %s about the interrupted session: %s", chat_id, error)


def paused_text(live: LiveSession) -> str:
    """ "Paused" keeps the bar and the time left, so it is clear what waits."""
    return f"{texts.PAUSED}\n\n{progress(live.paused_at or 0.0, live.total)}"

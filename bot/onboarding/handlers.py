"""Telegram edge of onboarding: /start and its steps (consent, the health check, the time
zone, then the evening reminder's first question), /timezone, /cancel, and the typed or
shared zone the bot is waiting for. Which step comes next is read from the database every
time (flow.next_step), never kept in memory."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from telegram import ReplyKeyboardRemove, Update

from bot import edge, keyboards, texts
from bot.awaited import not_an_answer, stop_waiting
from bot.context import BotContext
from bot.edge import Visit
from bot.onboarding.flow import Step, next_step
from bot.onboarding.store import consent, finish_screening, set_zone, tick_condition
from bot.onboarding.zones import ZoneAnswer, find_zone, place_number, zone_at
from bot.scheduling.kinds import Kind
from bot.scheduling.store import get_schedule
from bot.settings.screen import settings_screen
from bot.times import format_time, is_fixed_offset, zone
from bot.users import clear_awaiting, record_user, set_awaiting
from bot.vocab import Awaiting

if TYPE_CHECKING:
    from bot.models import User


# -- where someone stands -----------------------------------------------------------------


async def step_of(visit: Visit) -> Step:
    user = visit.user
    return next_step(
        consented=user.consented_at is not None,
        screened=user.screened_at is not None,
        has_zone=user.timezone is not None,
        has_evening=await get_schedule(visit.session, user.id, Kind.EVENING) is not None,
    )


async def ask(visit: Visit, step: Step) -> None:
    """Ask for one step, in a new message. Waiting for typed text is written down."""
    if step == Step.CONSENT:
        tg_user = visit.update.effective_user
        name = tg_user.first_name if tg_user is not None else None
        visit.reply(texts.first_welcome(name), keyboards.first_consent())
    elif step == Step.SCREENING:
        visit.reply(texts.SCREENING, keyboards.screening(visit.user.screening or []))
    elif step == Step.TIMEZONE:
        await set_awaiting(visit.session, visit.user.id, Awaiting.ZONE)
        visit.reply(texts.ZONE_QUESTION, keyboards.share_location(keep=visit.user.timezone))
    elif step == Step.EVENING:
        await set_awaiting(visit.session, visit.user.id, Awaiting.EVENING_TIME)
        quick_times = visit.settings.reminders.quick_times
        visit.reply(texts.EVENING_QUESTION, keyboards.evening_times(quick_times))


async def ask_next(visit: Visit) -> None:
    if (step := await step_of(visit)) != Step.DONE:
        await ask(visit, step)


# -- /start -------------------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> None:
    """Everyone may /start: it records them (or refreshes them) and carries on from where
    they are."""
    tg_user, chat = update.effective_user, update.effective_chat
    if tg_user is None or chat is None:
        return
    now = context.clock.now()
    async with context.sessions.begin() as session:
        user, created = await record_user(
            session, user_id=tg_user.id, chat_id=chat.id, language=tg_user.language_code, now=now
        )
        visit = Visit(update, context, session, user, now)
        await _greet(visit, tg_user.first_name, created)
    await visit.say()


async def _greet(visit: Visit, name: str | None, created: bool) -> None:
    step = await step_of(visit)
    if step == Step.DONE:
        # A returning person goes straight to their settings.
        await settings_screen(visit, texts.welcome_back_short(name))
    elif step == Step.CONSENT:
        visit.reply(texts.first_welcome(name, returning=not created), keyboards.first_consent())
    else:
        await ask(visit, step)


# -- the steps' buttons ---------------------------------------------------------------------


@edge.for_person(needs_zone=False)
async def consent_button(visit: Visit) -> None:
    await consent(visit.session, visit.user, visit.now)
    visit.notice()
    visit.edit(texts.SCREENING, keyboards.screening(visit.user.screening or []))


@edge.for_person(needs_zone=False)
async def screen_button(visit: Visit) -> None:
    choice = visit.tap(keyboards.ScreenTap).choice
    visit.notice()
    if choice not in ("none", "done", "skip"):
        ticked = await tick_condition(visit.session, visit.user, choice)
        visit.edit(texts.SCREENING, keyboards.screening(ticked))
        return
    if choice == "skip":
        codes, outcome = None, texts.SCREENING_SKIPPED
    else:
        codes = [] if choice == "none" else list(visit.user.screening or [])
        outcome = texts.screening_flagged(codes) if codes else texts.SCREENING_CLEAR
    await finish_screening(visit.session, visit.user, codes, visit.now)
    visit.edit(outcome)
    await ask_next(visit)


def _choices(answer: ZoneAnswer, now: datetime) -> list[tuple[str, str, int | None]]:
    """Each place with its local time, so two of one name tell themselves apart
    ("Springfield, Massachusetts · 14:22")."""
    return [
        (
            texts.zone_choice(p.label, format_time(now.astimezone(zone(p.zone)).time())),
            p.zone,
            p.number if p.number >= 0 else None,
        )
        for p in answer.choices
    ]


@edge.for_person(needs_zone=False)
async def zone_button(visit: Visit) -> None:
    tap = visit.tap(keyboards.ZoneTap)
    visit.notice()
    visit.edit_buttons(None)
    # A place picked from a list keeps its name ("Springfield, Massachusetts").
    picked = place_number(tap.place, tap.zone) if tap.place is not None else None
    await _set_zone(visit, ZoneAnswer(zone=tap.zone, place=picked.label if picked else tap.zone))


@edge.for_person(needs_zone=False)
async def settings_button(visit: Visit) -> None:
    """Change time zone, Update health answers: the step is asked again."""
    part = visit.tap(keyboards.SettingsTap).part
    visit.notice()
    await ask(visit, Step.TIMEZONE if part == "zone" else Step.SCREENING)


# -- the time zone --------------------------------------------------------------------------


async def zone_answer(update: Update, context: BotContext) -> bool:
    """A city or zone typed while the bot waits for one, or a shared location. "Keep"
    leaves the zone as it is; a message that is plainly not a place (a question, a
    sentence) stops the waiting and goes on to the rooms (returns False)."""
    message = update.effective_message
    assert message is not None
    user = await edge.person(update, context)
    current = user.timezone if user is not None else None
    typed = " ".join((message.text or "").split())
    if current and message.location is None and _keeps(typed, current):
        await edge.visit(update, context, _keep_zone, needs_zone=False)
        return True
    if message.location is not None:
        found = await zone_at(message.location.latitude, message.location.longitude)
        answer = ZoneAnswer(zone=found, place=found) if found else ZoneAnswer()
    else:
        answer = find_zone(message.text or "", context.clock.now().year)
    if answer.choices:
        now = context.clock.now()
        await message.reply_text(
            texts.ZONE_CHOOSE, reply_markup=keyboards.zone_choices(_choices(answer, now))
        )
    elif answer.zone is None and not_an_answer(typed):
        await edge.visit(update, context, stop_waiting, needs_zone=False)
        return False
    elif answer.zone is None:
        unknown = texts.ZONE_UNKNOWN_OR_KEEP if current else texts.ZONE_UNKNOWN
        await message.reply_text(unknown, reply_markup=keyboards.share_location(keep=current))
    else:
        await edge.visit(update, context, lambda visit: _set_zone(visit, answer), needs_zone=False)
    return True


def _keeps(typed: str, current: str) -> bool:
    lowered = typed.lower()
    return typed == texts.keep_button(current) or lowered in texts.KEEP_WORDS


async def _keep_zone(visit: Visit) -> None:
    await clear_awaiting(visit.session, visit.user.id)
    assert visit.user.timezone is not None
    visit.reply(texts.zone_kept(visit.user.timezone), ReplyKeyboardRemove())
    await ask_next(visit)


async def _set_zone(visit: Visit, answer: ZoneAnswer) -> None:
    assert answer.zone is not None
    await set_zone(
        visit.session, visit.user, answer.zone, visit.now, visit.settings.defaults.morning_time
    )
    local_now = format_time(visit.now.astimezone(zone(answer.zone)).time())
    text = texts.zone_set(answer.place or answer.zone, answer.zone, local_now)
    if answer.fixed_offset or is_fixed_offset(answer.zone):
        text += "\n\n" + texts.ZONE_FIXED_OFFSET_WARNING
    visit.reply(text, ReplyKeyboardRemove())
    await ask_next(visit)


@edge.for_person(needs_zone=False)
async def timezone_command(visit: Visit) -> None:
    if visit.args:
        answer = find_zone(" ".join(visit.args), visit.now.year)
        if answer.zone is not None and not answer.choices:
            await _set_zone(visit, answer)
            return
        if answer.choices:
            visit.reply(texts.ZONE_CHOOSE, keyboards.zone_choices(_choices(answer, visit.now)))
        else:
            visit.reply(texts.ZONE_UNKNOWN)
        return
    if visit.user.timezone:
        visit.reply(texts.zone_now(visit.user.timezone))
    await ask(visit, Step.TIMEZONE)


# -- what is pending, and stopping it ----------------------------------------------------


async def pending_step(context: BotContext, user: User) -> str | None:
    """The line the safety gate adds when onboarding or a typed answer is still pending."""
    if user.awaiting == Awaiting.ZONE:
        return texts.PENDING_ZONE
    if user.awaiting in (Awaiting.EVENING_TIME, Awaiting.WEEKEND_TIME):
        return texts.PENDING_TIME
    if user.consented_at is None or user.screened_at is None:
        return texts.PENDING_SETUP
    return None


async def cancel_command(update: Update, context: BotContext) -> None:
    message, tg_user = update.effective_message, update.effective_user
    if message is None or tg_user is None:
        return
    async with context.sessions.begin() as session:
        waiting = await clear_awaiting(session, tg_user.id)
    await message.reply_text(
        texts.CANCELLED if waiting else texts.NOTHING_TO_CANCEL, reply_markup=ReplyKeyboardRemove()
    )

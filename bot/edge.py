"""What every handler starts with: who is writing, and the one answer for someone the bot
does not know yet ("send /start first", as a reply to a message or as the notice of a tap).

A handler that acts for a known person is written `async def handler(visit: Visit)` and
wrapped with `@for_person()`. The wrapper opens one transaction, reads the person in it,
runs the handler inside it, commits, and only then says what the handler asked it to say:
Telegram is never called inside a transaction (a reply can wait a second for the chat's
flood limit, and SQLite has one writer at a time).

Handlers that only need to know who is writing (the safety gate, the awaited answers, the
FAQ) call `person()`: the row is read at most once per update, whatever handlers see it.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import (
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from bot import keyboards, texts
from bot.config import Settings
from bot.context import BotContext
from bot.models import User
from bot.scheduling.store import move_to_zone
from bot.users import get_user

T = TypeVar("T", bound=keyboards.Tap)
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove
Said = Callable[[], Awaitable[object]]


@dataclass
class Visit:
    """One update from a person the bot knows: their row, read in the transaction the
    handler works in, and what to tell Telegram once that transaction has committed."""

    update: Update
    context: BotContext
    session: AsyncSession
    user: User
    now: datetime
    said: list[Said] = field(default_factory=list)

    @property
    def settings(self) -> Settings:
        return self.context.settings

    @property
    def args(self) -> list[str]:
        return self.context.args or []

    @property
    def query(self) -> CallbackQuery | None:
        return self.update.callback_query

    @property
    def message(self) -> Message:
        """The message written, or the one whose button was tapped."""
        if self.query is not None:
            assert isinstance(self.query.message, Message), "taps on our own messages only"
            return self.query.message
        assert self.update.effective_message is not None
        return self.update.effective_message

    def tap(self, family: type[T]) -> T:
        assert self.query is not None
        return keyboards.tap_of(self.query, family)

    def then(self, call: Said) -> None:
        """Do this (talk to Telegram) once the transaction has committed."""
        self.said.append(call)

    def reply(self, text: str, markup: Markup | None = None) -> None:
        """A new message in the chat."""
        message = self.message
        self.then(lambda: message.reply_text(text, reply_markup=markup))

    def notice(self, text: str | None = None, *, alert: bool = False) -> None:
        """Answer the tap (every tap is answered, with a short notice or without)."""
        query = self.query
        assert query is not None
        self.then(lambda: query.answer(text, show_alert=alert))

    def edit(self, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """Change the message whose button was tapped."""
        query = self.query
        assert query is not None
        self.then(lambda: query.edit_message_text(text, reply_markup=markup))

    def edit_buttons(self, markup: InlineKeyboardMarkup | None) -> None:
        query = self.query
        assert query is not None
        self.then(lambda: query.edit_message_reply_markup(markup))

    async def say(self) -> None:
        """Say what was asked, in order. Call it after the transaction has committed."""
        for call in self.said:
            await call()
        self.said.clear()


VisitHandler = Callable[[Visit], Awaitable[None]]
Callback = Callable[[Update, BotContext], Awaitable[None]]


def for_person(*, needs_zone: bool = True) -> Callable[[VisitHandler], Callback]:
    """A python-telegram-bot callback that runs `handler` for a person the bot knows (and
    whose time zone it knows, unless `needs_zone` is False); anyone else is asked to
    send /start first."""

    def wrap(handler: VisitHandler) -> Callback:
        @functools.wraps(handler)
        async def callback(update: Update, context: BotContext) -> None:
            await visit(update, context, handler, needs_zone=needs_zone)

        return callback

    return wrap


async def visit(
    update: Update, context: BotContext, handler: VisitHandler, *, needs_zone: bool = True
) -> bool:
    """Run `handler` in one transaction for the person behind `update`, then say what it
    asked to. Returns False (having asked them to /start first) for someone unknown."""
    if update.effective_user is None:
        return False
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        now = context.clock.now()
        assumed = (
            needs_zone and user is not None and await _assume_zone(session, context, user, now)
        )
        known = user is not None and (user.timezone is not None or not needs_zone)
        if known:
            assert user is not None
            current = Visit(update, context, session, user, now)
            if assumed:
                assert user.timezone is not None
                current.reply(texts.zone_assumed(user.timezone), keyboards.change_zone())
            await handler(current)
    if not known:
        await ask_to_start(update)
        return False
    await current.say()
    return True


async def _assume_zone(
    session: AsyncSession, context: BotContext, user: User, now: datetime
) -> bool:
    """Someone who went past the zone question (consented, but no zone) gets the
    configured default zone, said once with a one-tap change, rather than "send /start
    first"."""
    if user.timezone is not None or user.consented_at is None:
        return False
    defaults = context.settings.defaults
    await move_to_zone(session, user, defaults.timezone, now, defaults.morning_time)
    return True


async def ask_to_start(update: Update) -> None:
    """'Send /start first': the notice of a tap, or a reply to a message."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.NEED_START)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(texts.NEED_START)


async def person(update: Update, context: BotContext) -> User | None:
    """The person behind `update` (None for someone unknown), read at most once per
    update: the safety gate, the awaited answers and the rooms share the one row.
    Read-only: a handler that changes it works in a `Visit`."""
    if update.effective_user is None:
        return None
    user_id = update.effective_user.id
    if user_id not in context.people:
        async with context.sessions() as session:
            context.people[user_id] = await get_user(session, user_id)
    return context.people[user_id]


def refuse_stale(update: Update) -> Awaitable[object]:
    """A tap on a button that no longer means anything (an old message's, or forged)."""
    assert update.callback_query is not None
    return update.callback_query.answer(texts.STALE_BUTTON)

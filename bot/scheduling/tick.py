"""The tick: sending what schedules make due (evening reminders, morning check-ins, weekly
summaries), one kind per job. Claim the due rows, let the room compose its messages, hand
them to bulk delivery (which sends them with bulk priority), and put back whatever
shutdown kept from going out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message

from bot.context import BotContext
from bot.delivery import Delivery, Outcome
from bot.scheduling.kinds import Kind
from bot.scheduling.store import Due, claim_due, release

log = logging.getLogger(__name__)

# One message to send; called by a bulk worker, so whatever it sends is bulk.
Send = Callable[[], Awaitable[Message]]
# Given the occurrences that are due (not too late), what to send for each; an
# occurrence left out is simply not sent this time (its schedule has moved on).
Compose = Callable[[BotContext, list[Due]], Awaitable[Sequence[tuple[Due, Send]]]]
OnMissed = Callable[[AsyncSession, list[Due], datetime], Awaitable[None]]


def run_every_tick(app: Any, job: Callable[[BotContext], Awaitable[None]], name: str) -> None:
    """Run `job` every `reminders.tick_seconds`, from start."""
    settings = app.bot_data.settings
    assert app.job_queue is not None
    assert settings is not None
    app.job_queue.run_repeating(
        job,
        interval=settings.reminders.tick_seconds,
        first=0,
        name=name,
        # APScheduler would silently drop a run that starts more than a second late (its
        # default misfire grace time); a late tick is still worth running, once.
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )


async def send_due(
    context: BotContext,
    kind: Kind,
    compose: Compose,
    on_missed: OnMissed | None = None,
    *,
    once_a_day: bool = False,
) -> None:
    """One tick for one kind of schedule. Occurrences that fell due more than the grace
    period ago (the bot was down) are skipped and logged, not sent late. With
    `once_a_day`, an occurrence on a local day the schedule already fired is skipped
    (its time was moved later after it went out)."""
    settings = context.settings.reminders
    now = context.clock.now()
    grace = timedelta(minutes=settings.grace_minutes)
    while True:
        async with context.sessions.begin() as session:
            claimed = await claim_due(session, now, (kind,), settings.claim_batch)
            missed = [due for due in claimed if now - due.due_at > grace]
            if missed and on_missed is not None:
                await on_missed(session, missed, now)
        for due in missed:
            log.info(
                "%s message for user %s due at %s skipped: more than %s late",
                kind,
                due.user_id,
                due.due_at.isoformat(timespec="minutes"),
                grace,
            )
        on_time = [
            due
            for due in claimed
            if now - due.due_at <= grace and not (once_a_day and due.fired_earlier_that_day)
        ]
        try:
            outgoing = await compose(context, on_time) if on_time else []
        except Exception:
            # Nothing of this batch went out: put it back for the next tick.
            log.exception("could not prepare %d %s messages; they stay due", len(on_time), kind)
            async with context.sessions.begin() as session:
                await release(session, on_time)
            return
        if outgoing:
            sends = [context.delivery.submit(send) for _, send in outgoing]
            context.bot_data.track(_settle(context, kind, [due for due, _ in outgoing], sends))
        if len(claimed) < settings.claim_batch:
            return


async def _settle(
    context: BotContext, kind: Kind, claimed: list[Due], sends: list[asyncio.Future[Delivery]]
) -> None:
    """Wait for the outcomes; put back what was not sent because the bot is stopping."""
    outcomes = await asyncio.gather(*sends)
    unsent = [
        due for due, d in zip(claimed, outcomes, strict=True) if d.outcome == Outcome.NOT_SENT
    ]
    failed = sum(1 for d in outcomes if d.outcome == Outcome.FAILED)
    if failed:
        log.warning("%d of %d %s messages could not be delivered", failed, len(outcomes), kind)
    if unsent:
        async with context.sessions.begin() as session:
            restored = await release(session, unsent)
        log.info(
            "%d %s messages were not sent before stopping; kept for the next start", restored, kind
        )

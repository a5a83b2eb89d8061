"""The tick: sending what schedules make due (evening reminders, morning check-ins, weekly
summaries), one kind per job. Claim the due rows and record each occurrence in the outbox
in one transaction; let the room compose its messages; hand them to bulk delivery (which
sends them with bulk priority), each marked attempting right before its HTTP call and
sent (failed, uncertain) when the answer comes. Then take over what no live worker owns:
rows handed back at a stop, or left by a worker that died (see scheduling/outbox.py)."""

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
from bot.delivery.limiter import DeliveryClosed
from bot.scheduling.kinds import Kind
from bot.scheduling.marks import Marks
from bot.scheduling.outbox import (
    hand_back,
    mark_finished,
    record,
    record_missed,
    renew_lease,
    take_over,
)
from bot.scheduling.store import Due, claim_due
from bot.vocab import OutboxState

log = logging.getLogger(__name__)

# One message to send; called by a bulk worker, so whatever it sends is bulk.
Send = Callable[[], Awaitable[Message]]
# Given the occurrences that are due (not too late), what to send for each; an
# occurrence left out is simply not sent this time (its schedule has moved on).
Compose = Callable[[BotContext, list[Due]], Awaitable[Sequence[tuple[Due, Send]]]]
OnMissed = Callable[[AsyncSession, list[Due], datetime], Awaitable[None]]


# What each delivery outcome leaves in the outbox (NOT_SENT is handed back instead).
STATE_OF = {
    Outcome.SENT: OutboxState.SENT,
    Outcome.BLOCKED: OutboxState.FAILED,
    Outcome.FAILED: OutboxState.FAILED,
    Outcome.UNCERTAIN: OutboxState.UNCERTAIN,
}


def run_every(
    app: Any, job: Callable[[BotContext], Awaitable[None]], seconds: float, name: str
) -> None:
    """Run `job` every `seconds`, the first time one interval after the start."""
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        job,
        interval=seconds,
        first=seconds,
        name=name,
        # APScheduler would silently drop a run that starts more than a second late (its
        # default misfire grace time); a late run is still worth running, once.
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )


def run_every_tick(app: Any, job: Callable[[BotContext], Awaitable[None]], name: str) -> None:
    """Run `job` every `reminders.tick_seconds`, and once right at start (`running` does
    that: APScheduler would make the first run one interval after the start)."""
    settings = app.bot_data.settings
    assert settings is not None
    app.bot_data.at_start_jobs.add(name)
    run_every(app, job, settings.reminders.tick_seconds, name)


async def send_due(
    context: BotContext,
    kind: Kind,
    compose: Compose,
    on_missed: OnMissed | None = None,
    *,
    once_a_day: bool = False,
) -> None:
    """One tick for one kind of schedule. Occurrences that fell due more than the grace
    period ago (no worker was running) are recorded as missed and logged, not sent late.
    With `once_a_day`, an occurrence on a local day the schedule already fired is left
    out (its time was moved later after it went out)."""
    settings = context.settings.reminders
    now = context.clock.now()
    grace = timedelta(minutes=settings.grace_minutes)
    worker = context.bot_data.worker
    batch = settings.claim_batch
    # First what no live worker owns (the oldest): handed back at a stop (or by a tick
    # that could not compose it), or left by a worker that died.
    while True:
        async with context.sessions.begin() as session:
            await renew_lease(session, worker, now, now + context.settings.reminders.lease)
            taken = await take_over(session, kind, worker, now, batch)
            missed = [due for due in taken if now - due.due_at > grace]
            if missed:
                await mark_finished(
                    session, {OutboxState.MISSED: [due.outbox_id for due in missed]}, now
                )
                if on_missed is not None:
                    await on_missed(session, missed, now)
        if taken:
            log.info(
                "took over %d %s messages no live worker owned (%d to be sent again: their "
                "worker died during the call)",
                len(taken),
                kind,
                sum(due.resent for due in taken),
            )
        _log_missed(kind, missed, grace)
        missed_ids = {due.outbox_id for due in missed}
        await _hand_over(
            context, kind, compose, [due for due in taken if due.outbox_id not in missed_ids]
        )
        if len(taken) < batch:
            break
    # Then what fell due: claimed and recorded in one transaction.
    while True:
        async with context.sessions.begin() as session:
            claimed = await claim_due(session, now, (kind,), batch)
            missed = [due for due in claimed if now - due.due_at > grace]
            on_time = [
                due
                for due in claimed
                if now - due.due_at <= grace and not (once_a_day and due.fired_earlier_that_day)
            ]
            if missed:
                await record_missed(session, missed, now)
                if on_missed is not None:
                    await on_missed(session, missed, now)
            recorded = await record(session, on_time, worker, now)
        _log_missed(kind, missed, grace)
        await _hand_over(context, kind, compose, recorded)
        if len(claimed) < batch:
            break


def _log_missed(kind: Kind, missed: list[Due], grace: timedelta) -> None:
    for due in missed:
        log.info(
            "%s message for user %s due at %s skipped: more than %s late",
            kind,
            due.user_id,
            due.due_at.isoformat(timespec="minutes"),
            grace,
        )


async def _hand_over(context: BotContext, kind: Kind, compose: Compose, dues: list[Due]) -> None:
    """Compose the messages of recorded occurrences and queue them for bulk delivery."""
    if not dues:
        return
    ids = [due.outbox_id for due in dues if due.outbox_id is not None]
    try:
        outgoing = await compose(context, dues)
    except Exception:
        # Nothing of this batch went out: nobody's again, for the next tick.
        log.exception("could not prepare %d %s messages; they stay due", len(dues), kind)
        async with context.sessions.begin() as session:
            await hand_back(session, ids)
        return
    marks = context.bot_data.marks
    assert marks is not None, "post_init starts the outbox marks"
    chosen = {due.outbox_id for due, _ in outgoing}
    for due in dues:
        if due.outbox_id is not None and due.outbox_id not in chosen:
            marks.finished(due.outbox_id, OutboxState.SKIPPED)
    if outgoing:
        sends = []
        for due, send in outgoing:
            future = context.delivery.submit(send, _marked_attempting(marks, due))
            # Each outcome is marked as it comes, not when the whole batch is done.
            future.add_done_callback(_mark_outcome(marks, due))
            sends.append(future)
        context.bot_data.track(_settle(context, kind, [due for due, _ in outgoing], sends))


def _mark_outcome(marks: Marks, due: Due) -> Callable[[asyncio.Future[Delivery]], None]:
    def mark(future: asyncio.Future[Delivery]) -> None:
        state = STATE_OF.get(future.result().outcome)
        if state is not None and due.outbox_id is not None:
            marks.finished(due.outbox_id, state)

    return mark


def _marked_attempting(marks: Marks, due: Due) -> Callable[[], Awaitable[None]]:
    async def before() -> None:
        assert due.outbox_id is not None
        try:
            await marks.attempting(due.outbox_id)
        except Exception as error:
            # Unmarked, it must not go out (a crash would send it again unnoticed).
            raise DeliveryClosed() from error

    return before


async def _settle(
    context: BotContext, kind: Kind, dues: list[Due], sends: list[asyncio.Future[Delivery]]
) -> None:
    """Once every outcome is in: hand back what was not sent because the bot is
    stopping, and log the tally."""
    outcomes = await asyncio.gather(*sends)
    unsent: list[int] = []
    counts = {state: 0 for state in STATE_OF.values()}
    for due, delivery in zip(dues, outcomes, strict=True):
        assert due.outbox_id is not None
        if delivery.outcome == Outcome.NOT_SENT:
            unsent.append(due.outbox_id)
        else:
            counts[STATE_OF[delivery.outcome]] += 1
    if unsent:
        async with context.sessions.begin() as session:
            await hand_back(session, unsent)
    resent = sum(due.resent for due in dues)
    log.info(
        "%s messages: %d sent, %d failed, %d uncertain (the answer was lost: may have "
        "arrived, not repeated), %d kept for later%s",
        kind,
        counts[OutboxState.SENT],
        counts[OutboxState.FAILED],
        counts[OutboxState.UNCERTAIN],
        len(unsent),
        f"; {resent} of them sent again after their worker died" if resent else "",
    )

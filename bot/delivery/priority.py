"""Classes of traffic, most urgent first. Passed to any Bot API call as
`rate_limit_args=Priority.LIVE`; a call without one has the priority of where it is made:
interactive (a handler's reply), or bulk inside a bulk worker, which sets it for all it
sends, so no job can forget it."""

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from enum import IntEnum


class Priority(IntEnum):
    INTERACTIVE = 0  # a reply to someone typing right now
    LIVE = 1  # a breath prompt in a running session: worthless if late
    BULK = 2  # reminders, check-ins, summaries: may wait a little


# The priority of a call that names none, in the task making it.
current = ContextVar("priority", default=Priority.INTERACTIVE)


# Awaited once, right before the HTTP call of the message a bulk worker is sending starts
# (after its turn in the limiter): the outbox marks the message `attempting` there, so
# a message waiting for its turn is never taken for one in flight.
before_call: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar(
    "before_call", default=None
)

"""Classes of traffic, most urgent first. Passed to any Bot API call as
`rate_limit_args=Priority.LIVE`; a call without one (a handler's reply) is interactive."""

from enum import IntEnum


class Priority(IntEnum):
    INTERACTIVE = 0  # a reply to someone typing right now
    LIVE = 1  # a breath prompt in a running session: worthless if late
    BULK = 2  # reminders, check-ins, summaries: may wait a little

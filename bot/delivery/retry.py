"""What to do after a failed Bot API call: pure rules, no I/O.

The rule that matters most: a request that may have reached Telegram (the answer timed
out or the connection broke after sending) is repeated only when repeating is harmless
(edits, reads, callback answers). A send is not repeated, so no one gets a message twice;
its outcome is reported as uncertain instead.
"""

from __future__ import annotations

import random
import warnings
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
import httpx
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.delivery.transport import NOT_SENT_ERRORS

# Calls whose repetition cannot produce a second message.
IDEMPOTENT = frozenset(
    {
        "editMessageText",
        "editMessageCaption",
        "editMessageMedia",
        "editMessageReplyMarkup",
        "deleteMessage",
        "answerCallbackQuery",
        "setMyCommands",
        "deleteMyCommands",
        "getMe",
        "getFile",
        "getMyCommands",
        "getChat",
        "sendChatAction",
        "setWebhook",
        "deleteWebhook",
        "getWebhookInfo",
    }
)

# Transport failures that happen before the request left this machine: ours (aiohttp)
# and python-telegram-bot's default (httpx), which the start-up check uses.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, *NOT_SENT_ERRORS)
_TRANSPORT_ERRORS = (httpx.HTTPError, aiohttp.ClientError)


@dataclass(frozen=True)
class Retry:
    delay: float
    # A 429: Telegram asked us to hold this chat (or everything) for `delay` seconds.
    flood: bool = False


@dataclass(frozen=True)
class GiveUp:
    reason: str  # "forbidden", "bad-request", "uncertain", "exhausted", "error"


# python-telegram-bot 22 warns, on every RetryAfter, that retry_after becomes a timedelta
# one day. We take both types, so the warning tells us nothing.
warnings.filterwarnings("ignore", ".*retry_after.*", PTBDeprecationWarning)


def retry_after_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def backoff(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2**attempt)]."""
    return rng.uniform(0, min(cap, base * 2 ** min(attempt, 30)))


def may_have_arrived(error: NetworkError) -> bool:
    """True when the request may have reached Telegram before the failure."""
    if isinstance(error.__cause__, _NOT_SENT):
        return False
    if isinstance(error, TimedOut):
        return True  # read or write timed out: the request was (partly) sent
    # A NetworkError with a transport cause broke mid-flight; without one, Telegram itself
    # answered with a 5xx status, which means the call did not take effect.
    return isinstance(error.__cause__, _TRANSPORT_ERRORS)


def decide(
    error: TelegramError,
    *,
    endpoint: str,
    attempt: int,
    max_retries: int,
    base: float,
    cap: float,
    rng: random.Random,
) -> Retry | GiveUp:
    """`attempt` counts the failures so far, starting at 0 for the first."""
    if isinstance(error, RetryAfter):
        # Flood control is not a failure of the call; it is bounded separately.
        return Retry(retry_after_seconds(error), flood=True)
    if isinstance(error, Forbidden):
        return GiveUp("forbidden")
    if isinstance(error, (BadRequest, ChatMigrated, InvalidToken)):
        return GiveUp("bad-request")
    if isinstance(error, NetworkError):
        if may_have_arrived(error) and endpoint not in IDEMPOTENT:
            return GiveUp("uncertain")
        if attempt >= max_retries:
            return GiveUp("exhausted")
        return Retry(backoff(attempt, base, cap, rng))
    return GiveUp("error")

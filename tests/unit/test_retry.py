"""The retry rules: what is repeated, what is not, and how long to wait."""

from __future__ import annotations

import random

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery.retry import GiveUp, Retry, backoff, decide


def caused_by(error: Exception, cause: Exception) -> Exception:
    error.__cause__ = cause
    return error


def rule(error: Exception, endpoint: str = "sendMessage", attempt: int = 0) -> Retry | GiveUp:
    return decide(
        error,  # type: ignore[arg-type]
        endpoint=endpoint,
        attempt=attempt,
        max_retries=3,
        base=0.5,
        cap=10,
        rng=random.Random(1),
    )


def test_flood_control_waits_as_long_as_telegram_asks() -> None:
    assert rule(RetryAfter(7)) == Retry(7.0, flood=True)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), "forbidden"),
        (BadRequest("Bad Request: chat not found"), "bad-request"),
    ],
)
def test_refusals_are_final(error: Exception, reason: str) -> None:
    assert rule(error) == GiveUp(reason)


def test_a_server_error_is_retried_until_the_attempts_run_out() -> None:
    error = NetworkError("Bad Gateway")  # Telegram answered 502: nothing was done
    assert isinstance(rule(error, attempt=0), Retry)
    assert isinstance(rule(error, attempt=2), Retry)
    assert rule(error, attempt=3) == GiveUp("exhausted")


def test_a_send_that_may_have_arrived_is_not_repeated() -> None:
    timed_out = caused_by(TimedOut(), httpx.ReadTimeout("read"))
    broken = caused_by(NetworkError("httpx.ReadError"), httpx.ReadError("reset"))

    assert rule(timed_out, "sendMessage") == GiveUp("uncertain")
    assert rule(broken, "sendPhoto") == GiveUp("uncertain")
    # … but an edit can be repeated: at worst it changes nothing.
    assert isinstance(rule(timed_out, "editMessageText"), Retry)


def test_a_request_that_never_left_is_repeated_even_for_a_send() -> None:
    refused = caused_by(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused"))
    no_connection = caused_by(TimedOut("Pool timeout"), httpx.PoolTimeout("pool"))

    assert isinstance(rule(refused), Retry)
    assert isinstance(rule(no_connection), Retry)


@given(
    attempt=st.integers(min_value=0, max_value=100),
    base=st.floats(min_value=0.01, max_value=5),
    cap=st.floats(min_value=0.1, max_value=60),
    seed=st.integers(),
)
def test_backoff_stays_within_its_exponential_cap(
    attempt: int, base: float, cap: float, seed: int
) -> None:
    delay = backoff(attempt, base, cap, random.Random(seed))
    assert 0 <= delay <= min(cap, base * 2**attempt)

"""The priority rate limiter on its own, with a stand-in for the HTTP call (the part
python-telegram-bot hands it as `callback`)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from telegram.error import Forbidden, RetryAfter, TimedOut

from bot.config import DeliverySettings
from bot.delivery import Priority, PriorityRateLimiter
from bot.delivery.limiter import DeliveryClosed


class Telegram:
    """Records the calls that reach it; can fail the first calls to a chat."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.failures: dict[Any, list[Exception]] = {}
        self.called = asyncio.Event()

    def callback(self, endpoint: str, chat_id: Any, label: str):  # type: ignore[no-untyped-def]
        async def call() -> dict[str, Any]:
            self.calls.append((label, asyncio.get_running_loop().time()))
            self.called.set()
            pending = self.failures.get(chat_id)
            if pending:
                raise pending.pop(0)
            return {"ok": True}

        return call


async def send(
    limiter: PriorityRateLimiter,
    telegram: Telegram,
    chat_id: int,
    label: str,
    priority: Priority | None = None,
    endpoint: str = "sendMessage",
) -> Any:
    return await limiter.process_request(
        telegram.callback(endpoint, chat_id, label),
        (),
        {},
        endpoint,
        {"chat_id": chat_id},
        priority,
    )


@pytest.fixture
async def limiter() -> Any:
    limiter = PriorityRateLimiter(
        DeliverySettings(overall_per_second=20, retry_base_seconds=0.01, max_retries=2)
    )
    await limiter.initialize()
    yield limiter
    await limiter.shutdown()


async def test_urgent_requests_overtake_a_bulk_backlog(limiter: PriorityRateLimiter) -> None:
    telegram = Telegram()
    bulk = [
        asyncio.create_task(send(limiter, telegram, 100 + n, f"bulk{n}", Priority.BULK))
        for n in range(20)
    ]
    while len(telegram.calls) < 2:  # the backlog is flowing
        telegram.called.clear()
        await telegram.called.wait()
    out_already = len(telegram.calls)
    live = asyncio.create_task(send(limiter, telegram, 2, "live", Priority.LIVE))
    reply = asyncio.create_task(send(limiter, telegram, 1, "reply"))  # no args: interactive
    await asyncio.gather(*bulk, live, reply)

    order = [label for label, _ in telegram.calls]
    # At most one bulk message (already granted its slot) goes before them.
    assert order.index("reply") <= out_already + 1
    assert order.index("live") == order.index("reply") + 1
    assert sorted(order) == sorted([f"bulk{n}" for n in range(20)] + ["live", "reply"])


async def test_one_chat_is_paced_without_holding_up_others(limiter: PriorityRateLimiter) -> None:
    telegram = Telegram()
    same_chat = [asyncio.create_task(send(limiter, telegram, 1, f"a{n}")) for n in range(3)]
    await asyncio.sleep(0)
    other = asyncio.create_task(send(limiter, telegram, 2, "b"))
    await asyncio.gather(*same_chat, other)

    times = dict(telegram.calls)
    assert times["a1"] - times["a0"] >= 1.0
    assert times["a2"] - times["a1"] >= 1.0
    assert times["b"] < times["a1"]  # chat 2 did not wait for chat 1's pace


async def test_a_429_holds_its_chat_and_the_message_goes_once(
    limiter: PriorityRateLimiter,
) -> None:
    telegram = Telegram()
    telegram.failures[1] = [RetryAfter(1)]
    held = asyncio.create_task(send(limiter, telegram, 1, "held", Priority.BULK))
    await asyncio.sleep(0.1)
    other = await send(limiter, telegram, 2, "other", Priority.BULK)
    await held

    labels = [label for label, _ in telegram.calls]
    assert labels == ["held", "other", "held"]  # tried, held for 1 s, sent once
    assert other == {"ok": True}
    times = [t for _, t in telegram.calls]
    assert times[2] - times[0] >= 1.0


async def test_a_blocked_user_is_reported_once_and_not_tried_again(
    limiter: PriorityRateLimiter,
) -> None:
    reported: list[int] = []

    async def on_forbidden(chat_id: int) -> None:
        reported.append(chat_id)

    limiter.on_forbidden = on_forbidden
    telegram = Telegram()
    telegram.failures[9] = [Forbidden("Forbidden: bot was blocked by the user")]

    with pytest.raises(Forbidden):
        await send(limiter, telegram, 9, "first", Priority.BULK)
    with pytest.raises(Forbidden):
        await send(limiter, telegram, 9, "second", Priority.BULK)

    assert reported == [9]
    assert [label for label, _ in telegram.calls] == ["first"]

    limiter.unblock(9)  # they wrote to us again
    assert await send(limiter, telegram, 9, "third", Priority.BULK) == {"ok": True}


async def test_only_an_update_written_after_a_block_opens_the_chat_again(
    limiter: PriorityRateLimiter,
) -> None:
    telegram = Telegram()
    for update_id in (10, 11, 12):  # three messages arrive, then the bot learns of a block
        limiter.saw_update(update_id)
    limiter.block(9)

    assert not limiter.unblock_if_newer(9, 11)  # written before the block
    with pytest.raises(Forbidden):  # even a reply to someone typing is not tried
        await send(limiter, telegram, 9, "reply", Priority.INTERACTIVE)
    assert telegram.calls == []

    limiter.saw_update(13)
    assert limiter.unblock_if_newer(9, 13)
    assert await send(limiter, telegram, 9, "welcome back", Priority.INTERACTIVE) == {"ok": True}


async def test_a_timed_out_send_is_not_repeated_but_an_edit_is(
    limiter: PriorityRateLimiter,
) -> None:
    telegram = Telegram()

    def late() -> TimedOut:
        error = TimedOut()
        error.__cause__ = httpx.ReadTimeout("late")
        return error

    telegram.failures[5] = [late()]
    with pytest.raises(TimedOut):
        await send(limiter, telegram, 5, "send")
    telegram.failures[6] = [late()]
    assert await send(limiter, telegram, 6, "edit", endpoint="editMessageText") == {"ok": True}

    assert [label for label, _ in telegram.calls] == ["send", "edit", "edit"]


async def test_shutdown_gives_back_what_still_waits() -> None:
    limiter = PriorityRateLimiter(DeliverySettings(overall_per_second=2), shutdown_grace=0.5)
    await limiter.initialize()
    telegram = Telegram()
    waiting = [
        asyncio.create_task(send(limiter, telegram, n, f"m{n}", Priority.BULK)) for n in range(40)
    ]
    await asyncio.sleep(0.1)
    await asyncio.wait_for(limiter.shutdown(), 10)

    results = await asyncio.gather(*waiting, return_exceptions=True)
    sent = [r for r in results if r == {"ok": True}]
    closed = [r for r in results if isinstance(r, DeliveryClosed)]
    assert len(sent) == len(telegram.calls)
    assert len(sent) + len(closed) == 40
    assert closed

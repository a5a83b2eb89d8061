"""The delivery path against the fake Bot API enforcing Telegram's limits and faults."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from bot.config import DeliverySettings
from bot.delivery import Outcome
from bot.devtools.fake_bot_api import FakeBotApi, Fault, Limits
from bot.models import Schedule, User
from tests.conftest import Harness, run_bot

pytestmark = pytest.mark.e2e

FAST_RETRIES = DeliverySettings(retry_base_seconds=0.05, retry_max_seconds=0.2, max_retries=8)


@pytest.fixture
async def limited_api() -> FakeBotApi:
    api = await FakeBotApi(limits=Limits(per_chat_per_second=1, overall_per_second=30)).start()
    yield api
    await api.stop()


async def test_a_429_is_retried_and_the_message_arrives_once(
    limited_api: FakeBotApi, database_url: str
) -> None:
    limited_api.faults.append(Fault(status=429, retry_after=1, chat_id=42))
    async with run_bot(limited_api, database_url, delivery=FAST_RETRIES) as bot:
        delivery = await bot.app.bot_data.delivery.send_message(42, "Time to wind down")

    assert delivery.outcome == Outcome.SENT
    assert [m.text for m in limited_api.messages_to(42)] == ["Time to wind down"]
    statuses = [c.status for c in limited_api.calls_to("sendMessage", 42)]
    assert statuses == [429, 200]


async def test_a_chat_over_its_own_limit_gets_every_message_once(
    limited_api: FakeBotApi, database_url: str
) -> None:
    # Our limiter thinks 5/s is fine; the server allows 1/s and answers 429 beyond that.
    settings = FAST_RETRIES.model_copy(update={"per_chat_per_second": 5.0})
    async with run_bot(limited_api, database_url, delivery=settings) as bot:
        sends = [bot.app.bot_data.delivery.send_message(7, f"note {n}") for n in range(3)]
        outcomes = [d.outcome for d in await asyncio.gather(*sends)]

    assert outcomes == [Outcome.SENT] * 3
    assert sorted(m.text for m in limited_api.messages_to(7)) == ["note 0", "note 1", "note 2"]
    assert limited_api.too_many_requests >= 1


@pytest.mark.postgres
async def test_a_blocked_user_is_marked_inactive_and_not_tried_again(
    fake_api: FakeBotApi, bot: Harness
) -> None:
    sam = bot.user(3001)
    await sam.ask("/start")
    async with bot.sessions.begin() as session:
        session.add(
            Schedule(
                user_id=3001,
                kind="evening",
                local_time=time(21, 30),
                next_fire_at=datetime(2026, 12, 1, 20, 30, tzinfo=UTC),
            )
        )
    fake_api.blocked.add(3001)
    delivery = bot.app.bot_data.delivery

    first = await delivery.send_message(3001, "Evening reminder")
    calls_after_first = len(fake_api.calls_to("sendMessage", 3001))
    second = await delivery.send_message(3001, "Another reminder")

    assert (first.outcome, second.outcome) == (Outcome.BLOCKED, Outcome.BLOCKED)
    assert len(fake_api.calls_to("sendMessage", 3001)) == calls_after_first
    async with bot.sessions.begin() as session:
        user = await session.get(User, 3001)
        schedule = await session.scalar(select(Schedule).where(Schedule.user_id == 3001))
    assert user is not None
    assert user.status == "inactive"
    assert schedule is not None
    assert schedule.next_fire_at is None

    # They unblock the bot and write again: active, and reachable.
    fake_api.blocked.discard(3001)
    await sam.ask("/help")
    assert (await delivery.send_message(3001, "Welcome back")).outcome == Outcome.SENT
    async with bot.sessions.begin() as session:
        assert (await session.get(User, 3001)).status == "active"  # type: ignore[union-attr]


async def test_blocking_and_unblocking_updates_change_the_status(
    fake_api: FakeBotApi, bot: Harness
) -> None:
    kim = bot.user(3002, "Kim")
    await kim.ask("/start")

    async def status() -> str:
        async with bot.sessions.begin() as session:
            return (await session.get(User, 3002)).status  # type: ignore[union-attr]

    await kim.block_bot()
    await fake_api.wait_until(lambda: bot.app.bot_data.limiter.is_blocked(3002), 5)
    assert await status() == "inactive"
    assert (await bot.app.bot_data.delivery.send_message(3002, "hi")).outcome == Outcome.BLOCKED

    await kim.unblock_bot()
    await fake_api.wait_until(lambda: not bot.app.bot_data.limiter.is_blocked(3002), 5)
    assert await status() == "active"


async def test_answers_queued_before_a_block_are_not_tried_again(
    limited_api: FakeBotApi, database_url: str
) -> None:
    # Telegram's real pace for one chat: the bot answers one message a second, so
    # answers to a burst are still waiting when the user blocks the bot.
    paced = FAST_RETRIES.model_copy(update={"per_chat_per_second": 1.0})
    async with run_bot(limited_api, database_url, delivery=paced) as bot:
        lee = bot.user(3003, "Lee")
        await lee.ask("/start")
        for _ in range(5):
            await lee.send("/help")
        await limited_api.wait_until(lambda: limited_api.messages_to(3003)[1:], 5)
        limited_api.blocked.add(3003)
        await lee.block_bot()
        limiter = bot.app.bot_data.limiter
        await limited_api.wait_until(lambda: limiter.is_blocked(3003), 5)
        await limited_api.wait_until(
            lambda: (
                not limited_api._updates and not bot.app.update_processor.current_concurrent_updates
            ),
            15,
        )

        refused = [c for c in limited_api.calls_to("sendMessage", 3003) if c.status == 403]
        assert len(refused) == 1  # the first answer after the block; the rest never went out
        assert limiter.is_blocked(3003)

        # They unblock it and write again: answered at once.
        limited_api.blocked.discard(3003)
        await lee.unblock_bot()
        assert (await lee.ask("/help", timeout=10)).text


async def test_server_errors_on_a_share_of_calls_lose_nothing(
    limited_api: FakeBotApi, database_url: str
) -> None:
    limited_api.fault_rate = 0.3
    async with run_bot(limited_api, database_url, delivery=FAST_RETRIES) as bot:
        sends = [bot.app.bot_data.delivery.send_message(5000 + n, f"m{n}") for n in range(60)]
        outcomes = Counter(d.outcome for d in await asyncio.gather(*sends))

    assert outcomes == {Outcome.SENT: 60}
    delivered = Counter((m.chat_id, m.text) for m in limited_api.sent)
    assert len(delivered) == 60
    assert set(delivered.values()) == {1}
    assert any(c.status >= 500 for c in limited_api.calls)


async def test_a_send_answered_too_late_is_not_sent_twice(
    fake_api: FakeBotApi, database_url: str
) -> None:
    fake_api.faults.append(Fault(deliver=True, delay=1.5, chat_id=77))
    settings = FAST_RETRIES.model_copy(update={"request_timeout_seconds": 0.5})
    async with run_bot(fake_api, database_url, delivery=settings) as bot:
        delivery = await bot.app.bot_data.delivery.send_message(77, "Reminder")
        await asyncio.sleep(1.2)  # time for a (wrong) second attempt to show up

    assert delivery.outcome == Outcome.UNCERTAIN
    assert [m.text for m in fake_api.messages_to(77)] == ["Reminder"]
    assert len(fake_api.calls_to("sendMessage", 77)) == 1


async def test_an_edit_answered_too_late_is_repeated_harmlessly(
    fake_api: FakeBotApi, database_url: str
) -> None:
    from bot.delivery import Priority

    settings = FAST_RETRIES.model_copy(update={"request_timeout_seconds": 0.5})
    async with run_bot(fake_api, database_url, delivery=settings) as bot:
        message = await bot.app.bot.send_message(78, "Breathe in … 4")
        fake_api.faults.append(Fault(deliver=True, delay=1.5, method="editMessageText"))
        with pytest.raises(Exception, match="not modified"):
            await bot.app.bot.edit_message_text(
                "Breathe out … 6", 78, message.message_id, rate_limit_args=Priority.LIVE
            )

    assert fake_api.message(78, message.message_id).text == "Breathe out … 6"
    assert len(fake_api.calls_to("editMessageText", 78)) == 2


async def test_bulk_work_left_at_shutdown_comes_back_not_sent(
    limited_api: FakeBotApi, database_url: str
) -> None:
    async with run_bot(limited_api, database_url) as bot:
        sends = [bot.app.bot_data.delivery.send_message(9000 + n, "hello") for n in range(300)]
    outcomes = Counter(d.outcome for d in await asyncio.gather(*sends))

    assert set(outcomes) <= {Outcome.SENT, Outcome.NOT_SENT}
    assert outcomes[Outcome.NOT_SENT] > 0
    assert outcomes[Outcome.SENT] == len(limited_api.sent)
    assert len({m.chat_id for m in limited_api.sent}) == len(limited_api.sent)

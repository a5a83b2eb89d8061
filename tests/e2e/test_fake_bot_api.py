"""The fake Bot API behaves like Telegram where the tests rely on it: flood limits, blocked
users, injected faults, late answers, and the conversation it records."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.devtools.fake_bot_api import FakeBotApi, Fault, Limits

pytestmark = pytest.mark.e2e


async def call(api: FakeBotApi, method: str, **params: object) -> httpx.Response:
    async with httpx.AsyncClient(timeout=5) as client:
        return await client.post(f"{api.base_url}123:abc/{method}", data=params)


@pytest.fixture
async def limited() -> object:
    api = await FakeBotApi(limits=Limits(per_chat_per_second=1, overall_per_second=3)).start()
    yield api
    await api.stop()


async def test_a_second_message_to_a_chat_within_a_second_gets_429(limited: FakeBotApi) -> None:
    first = await call(limited, "sendMessage", chat_id=1, text="one")
    second = await call(limited, "sendMessage", chat_id=1, text="two")
    other_chat = await call(limited, "sendMessage", chat_id=2, text="three")

    assert first.status_code == 200
    assert second.status_code == 429
    assert second.json()["parameters"]["retry_after"] == 1
    assert other_chat.status_code == 200
    assert [m.text for m in limited.sent] == ["one", "three"]


async def test_the_overall_budget_is_enforced_across_chats(limited: FakeBotApi) -> None:
    answers = [
        (await call(limited, "sendMessage", chat_id=c, text="hi")).status_code for c in range(5)
    ]
    assert answers == [200, 200, 200, 429, 429]
    assert limited.too_many_requests == 2


async def test_blocked_users_get_403_and_faults_are_consumed(fake_api: FakeBotApi) -> None:
    fake_api.blocked.add(7)
    fake_api.faults.append(Fault(status=502, method="sendMessage", times=2))

    blocked = await call(fake_api, "sendMessage", chat_id=7, text="hello")
    faults = [
        (await call(fake_api, "sendMessage", chat_id=8, text="x")).status_code for _ in range(3)
    ]

    assert blocked.status_code == 403
    assert "blocked" in blocked.json()["description"]
    assert faults == [502, 502, 200]
    assert len(fake_api.messages_to(8)) == 1


async def test_a_delivered_message_can_be_answered_too_late(fake_api: FakeBotApi) -> None:
    fake_api.faults.append(Fault(deliver=True, delay=1.0))
    async with httpx.AsyncClient(timeout=0.2) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.post(
                f"{fake_api.base_url}1:a/sendMessage", data={"chat_id": 3, "text": "hi"}
            )
    assert [m.text for m in fake_api.messages_to(3)] == ["hi"]


async def test_edits_and_not_modified(fake_api: FakeBotApi) -> None:
    sent = (await call(fake_api, "sendMessage", chat_id=4, text="Breathe in")).json()["result"]
    edit = {"chat_id": 4, "message_id": sent["message_id"], "text": "Breathe out"}

    assert (await call(fake_api, "editMessageText", **edit)).status_code == 200
    same = await call(fake_api, "editMessageText", **edit)
    missing = await call(fake_api, "editMessageText", **{**edit, "message_id": 999})

    assert same.status_code == 400
    assert "message is not modified" in same.json()["description"]
    assert "message to edit not found" in missing.json()["description"]
    assert fake_api.message(4, sent["message_id"]).text == "Breathe out"


async def test_long_poll_returns_as_soon_as_an_update_arrives(fake_api: FakeBotApi) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        poll = asyncio.create_task(
            client.post(f"{fake_api.base_url}1:a/getUpdates", data={"timeout": 50})
        )
        await asyncio.sleep(0.1)
        await fake_api.push_update("message", {"text": "hi"})
        # Far sooner than the 50 s the poll may last: it is answered by the update.
        updates = (await asyncio.wait_for(poll, 10)).json()["result"]

    assert [u["message"]["text"] for u in updates] == ["hi"]


async def test_unknown_methods_are_404(fake_api: FakeBotApi) -> None:
    assert (await call(fake_api, "sendTelepathy", chat_id=1)).status_code == 404

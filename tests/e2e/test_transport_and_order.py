"""The HTTP transport under python-telegram-bot (uploads included) and the order in which
updates are handled: one chat in order, chats independent."""

from __future__ import annotations

import asyncio
import struct
import zlib

import pytest
from telegram.ext import MessageHandler, filters

from bot.config import DeliverySettings
from bot.delivery import Priority
from bot.devtools.fake_bot_api import FakeBotApi
from tests.conftest import Harness, run_bot

pytestmark = pytest.mark.e2e


def tiny_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


async def test_a_photo_is_uploaded_once_then_reused_by_file_id(
    fake_api: FakeBotApi, bot: Harness
) -> None:
    image = tiny_png(12, 7)
    first = await bot.app.bot.send_photo(
        501, image, caption="Your week", rate_limit_args=Priority.BULK
    )
    again = await bot.app.bot.send_photo(502, first.photo[-1].file_id)

    assert fake_api.files[first.photo[-1].file_id] == image
    assert (first.photo[-1].width, first.photo[-1].height) == (12, 7)
    assert again.photo[-1].file_id == first.photo[-1].file_id
    assert len(fake_api.files) == 1
    assert fake_api.messages_to(501)[0].text == "Your week"


async def test_one_chat_in_order_while_other_chats_go_on(
    fake_api: FakeBotApi, database_url: str
) -> None:
    # Telegram's real pace for one chat, so Ana's replies queue up behind each other.
    async with run_bot(
        fake_api, database_url, delivery=DeliverySettings(per_chat_per_second=1)
    ) as bot:
        await _one_chat_in_order(bot)


async def _one_chat_in_order(bot: Harness) -> None:
    async def echo(update, context) -> None:  # type: ignore[no-untyped-def]
        # Earlier messages take longer to handle (say 0 the longest), so a later one would
        # overtake an earlier one every time if the chat's updates were not kept in order.
        text = update.effective_message.text
        await asyncio.sleep(0.1 * (2 - int(text[-1])) if text[-1].isdigit() else 0)
        await update.effective_message.reply_text(f"echo {text}")

    bot.app.handlers[0].insert(0, MessageHandler(filters.Regex(r"^say "), echo))
    ana, ben = bot.user(601, "Ana"), bot.user(602, "Ben")

    for n in range(3):  # faster than one chat may receive replies (about 1 a second)
        await ana.send(f"say {n}")
    await asyncio.sleep(0.2)
    await ben.send("say hi")

    ana_replies = [(await ana.next_message()).text for _ in range(3)]
    ben_reply = await ben.next_message()
    assert ana_replies == ["echo say 0", "echo say 1", "echo say 2"]
    assert ben_reply.text == "echo say hi"
    # Ben's answer went out while Ana's replies were still being paced.
    assert ben_reply.sent_at < ana.inbox[2].sent_at

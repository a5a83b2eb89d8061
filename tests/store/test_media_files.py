"""Files uploaded once: two sessions starting at once upload the audio guide once, the
second re-uses its file_id, and so does a new process on the same database."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import ManualClock
from bot.winddown.media import MediaCache

NOW = datetime(2026, 7, 1, 19, 30, tzinfo=UTC)


@dataclass
class Sent:
    file_id: str


async def test_uploaded_once_then_by_file_id_also_after_a_restart(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    sent: list[Any] = []
    made: list[int] = []

    def make() -> bytes:
        made.append(1)
        return b"OggS track"

    async def send(voice: bytes | str) -> Any:
        await asyncio.sleep(0.01)  # the upload takes a moment: the second waits for it
        sent.append(voice)
        return Sent(voice if isinstance(voice, str) else "AwACAg-1")

    def file_id_of(message: Any) -> str:
        return str(message.file_id)

    cache = MediaCache(lambda: sessions, ManualClock(NOW))
    await asyncio.gather(*(cache.send("audio:k:v1", make, send, file_id_of) for _ in range(2)))
    assert (cache.uploads, len(made)) == (1, 1)
    assert sent == [b"OggS track", "AwACAg-1"]

    restarted = MediaCache(lambda: sessions, ManualClock(NOW))
    await restarted.send("audio:k:v1", make, send, file_id_of)
    assert (restarted.uploads, sent[-1]) == (0, "AwACAg-1")
    await restarted.send("audio:other:v1", make, send, file_id_of)
    assert restarted.uploads == 1  # another key is another file

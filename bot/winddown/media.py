"""Files the bot generates and sends again and again (the audio guide): uploaded to
Telegram once, then re-used by file_id, which is kept in the database so a restart
does not upload again. Two sessions that start at once upload once: a lock per key."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Message
from telegram.error import BadRequest

from bot.clock import Clock
from bot.winddown.store import media_file_id, remember_media_file

log = logging.getLogger(__name__)

Make = Callable[[], bytes]  # builds the file (run in a worker thread)
Send = Callable[[bytes | str], Awaitable[Message]]  # sends the bytes, or a file_id
FileIdOf = Callable[[Message], str | None]


class MediaCache:
    def __init__(
        self, sessions: Callable[[], async_sessionmaker[AsyncSession] | None], clock: Clock
    ) -> None:
        self._opened = sessions  # the database opens after the rooms are registered
        self.clock = clock
        self.uploads = 0  # how many times a file went up (the tests count them)
        self._file_ids: dict[str, str] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def _sessions(self) -> async_sessionmaker[AsyncSession]:
        sessions = self._opened()
        assert sessions is not None, "the database is open before sessions start"
        return sessions

    async def _known(self, key: str) -> str | None:
        if key not in self._file_ids:
            async with self._sessions()() as session:
                file_id = await media_file_id(session, key)
            if file_id is not None:
                self._file_ids[key] = file_id
        return self._file_ids.get(key)

    async def send(self, key: str, make: Make, send: Send, file_id_of: FileIdOf) -> Message:
        """Send the file known as `key`: by its file_id when it went up before, else
        built by `make`, uploaded, and its file_id kept."""
        file_id = await self._known(key)
        if file_id is None:
            async with self._locks[key]:
                file_id = await self._known(key)  # another session uploaded it meanwhile
                if file_id is None:
                    return await self._upload(key, make, send, file_id_of)
        try:
            return await send(file_id)
        except BadRequest as error:  # Telegram forgot it (another bot token, say)
            log.warning("stored file %s was refused (%s); uploading again", key, error)
            self._file_ids.pop(key, None)
            async with self._locks[key]:
                return await self._upload(key, make, send, file_id_of)

    async def _upload(self, key: str, make: Make, send: Send, file_id_of: FileIdOf) -> Message:
        data = await asyncio.to_thread(make)
        message = await send(data)
        self.uploads += 1
        file_id = file_id_of(message)
        if file_id is not None:
            self._file_ids[key] = file_id
            async with self._sessions().begin() as session:
                await remember_media_file(session, key, file_id, self.clock.now())
        return message

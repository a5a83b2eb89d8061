"""A person chatting with the bot through the fake Bot API: they type, tap buttons by their
label, share a location, and read what the bot sent them."""

from __future__ import annotations

import time
from typing import Any

from bot.devtools.fake_bot_api import BOT_ID, BOT_USERNAME, FakeBotApi, SentMessage


class SimulatedUser:
    def __init__(
        self,
        api: FakeBotApi,
        user_id: int,
        first_name: str = "Sam",
        language_code: str | None = "en",
    ) -> None:
        self.api = api
        self.id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self._read = 0  # how many of the bot's messages to this chat were read
        self._presses: set[int] = set()  # callback query ids of this user's taps

    @property
    def chat_id(self) -> int:
        return self.id  # a private chat has the user's id

    def _from(self) -> dict[str, Any]:
        sender: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            sender["language_code"] = self.language_code
        return sender

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": self.api.new_message_id(self.chat_id),
            "date": int(time.time()),
            "chat": {"id": self.chat_id, "type": "private", "first_name": self.first_name},
            "from": self._from(),
            **content,
        }

    # -- acting -------------------------------------------------------------------------

    async def send(self, text: str) -> int:
        """Type a message (a leading /command is marked as one, as Telegram does)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self.api.push_update("message", self._message(**content))

    async def press(self, label: str, message: SentMessage | None = None) -> int:
        """Tap the inline button with this label on `message`, or on the newest message
        to this chat that has such a button."""
        if message is None:
            message = self.find_button(label)
        data = message.callback_data(label)
        return await self.press_data(data, message)

    async def press_data(self, data: str, message: SentMessage) -> int:
        """Tap a button with raw callback data (for forged or stale buttons)."""
        query = {
            "id": self.api.new_callback_id(),
            "from": self._from(),
            "chat_instance": str(self.chat_id),
            "data": data,
            "message": {
                "message_id": message.message_id,
                "date": int(time.time()),
                "chat": {"id": self.chat_id, "type": "private"},
                "text": message.text or "",
                **({"reply_markup": message.reply_markup} if message.buttons else {}),
            },
        }
        self._presses.add(int(query["id"]))
        return await self.api.push_update("callback_query", query)

    async def send_photo(self, caption: str = "") -> int:
        """Send a photo, with a caption unless it is empty."""
        photo = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 90, "height": 90}]
        captioned = {"caption": caption} if caption else {}
        return await self.api.push_update("message", self._message(photo=photo, **captioned))

    async def send_sticker(self, emoji: str = "🌙") -> int:
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self.api.push_update("message", self._message(sticker=sticker))

    async def send_voice(self, seconds: int = 3) -> int:
        voice = {"file_id": "voice-1", "file_unique_id": "v1", "duration": seconds}
        return await self.api.push_update("message", self._message(voice=voice))

    async def edit_sent(self, text: str) -> int:
        """Edit a message sent earlier so that it now says `text` (an edited_message)."""
        edited = self._message(text=text) | {"edit_date": int(time.time())}
        return await self.api.push_update("edited_message", edited)

    async def share_location(self, latitude: float, longitude: float) -> int:
        location = {"latitude": latitude, "longitude": longitude}
        return await self.api.push_update("message", self._message(location=location))

    async def block_bot(self) -> int:
        """Block the bot, as Telegram reports it (a my_chat_member update)."""
        return await self._membership("member", "kicked")

    async def unblock_bot(self) -> int:
        return await self._membership("kicked", "member")

    async def _membership(self, old: str, new: str) -> int:
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "Wind-down", "username": BOT_USERNAME}
        change = {
            "chat": {"id": self.chat_id, "type": "private", "first_name": self.first_name},
            "from": self._from(),
            "date": int(time.time()),
            "old_chat_member": {"status": old, "user": bot, "until_date": 0},
            "new_chat_member": {"status": new, "user": bot, "until_date": 0},
        }
        return await self.api.push_update("my_chat_member", change)

    def find_button(self, label: str) -> SentMessage:
        for message in reversed(self.api.messages_to(self.chat_id)):
            if any(label in row for row in message.buttons):
                return message
        raise LookupError(f"no message to {self.chat_id} has a button {label!r}")

    # -- reading --------------------------------------------------------------------------

    async def answer(self, timeout: float = 5.0) -> str | None:
        """The bot's answer to this user's latest button press: the text of the small
        notice Telegram shows (None when it answered without one)."""
        latest = str(max(self._presses))

        def answered() -> list[Any]:
            return [
                c
                for c in self.api.calls_to("answerCallbackQuery")
                if str(c.params.get("callback_query_id")) == latest
            ]

        calls = await self.api.wait_until(answered, timeout)
        return calls[-1].params.get("text")

    @property
    def inbox(self) -> list[SentMessage]:
        return self.api.messages_to(self.chat_id)

    async def next_message(self, timeout: float = 5.0) -> SentMessage:
        """The next message the bot sends to this user (one not read before)."""
        try:
            await self.api.wait_until(lambda: len(self.inbox) > self._read, timeout)
        except TimeoutError:
            raise AssertionError(
                f"the bot sent user {self.id} nothing within {timeout}s; "
                f"last messages: {[m.text for m in self.inbox[-3:]]}"
            ) from None
        message = self.inbox[self._read]
        self._read += 1
        return message

    async def edited(self, message: SentMessage, contains: str, timeout: float = 5.0) -> str:
        """Wait until the bot has edited `message` to show `contains`; return its text."""
        try:
            await self.api.wait_until(lambda: contains in (message.text or ""), timeout)
        except TimeoutError:
            raise AssertionError(
                f"message {message.message_id} never showed {contains!r}: {message.text!r}"
            ) from None
        return message.text or ""

    async def settled(self, timeout: float = 5.0) -> None:
        """Wait until the bot has handled everything this user sent so far. One chat's
        updates are handled in order, so a tap on a button that no room knows (answered
        with a notice, nothing stored) is answered only after all of them."""
        query = {
            "id": self.api.new_callback_id(),
            "from": self._from(),
            "chat_instance": str(self.chat_id),
            "data": "settled?",
            "message": {
                "message_id": 0,
                "date": int(time.time()),
                "chat": {"id": self.chat_id, "type": "private"},
                "text": "",
            },
        }
        await self.api.push_update("callback_query", query)

        def answered() -> bool:
            return any(
                str(c.params.get("callback_query_id")) == query["id"]
                for c in self.api.calls_to("answerCallbackQuery")
            )

        await self.api.wait_until(answered, timeout)

    def expect_nothing_new(self) -> None:
        """Fail if the bot has sent this user anything not read yet. After a scheduled
        tick has run (or after `settled`), nothing more is on its way."""
        if len(self.inbox) > self._read:
            raise AssertionError(f"unexpected message: {self.inbox[self._read].text!r}")

    async def expect_silence(self, seconds: float = 0.3) -> None:
        """Fail if the bot sends this user anything within `seconds`."""
        try:
            await self.api.wait_until(lambda: len(self.inbox) > self._read, seconds)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message: {self.inbox[self._read].text!r}")

    async def ask(self, text: str, timeout: float = 5.0) -> SentMessage:
        """Send a message and return the bot's next one."""
        await self.send(text)
        return await self.next_message(timeout)

"""A fake Telegram Bot API server on 127.0.0.1, for tests, benchmarks and the playground.

The real python-telegram-bot `Application` talks to it over HTTP through `base_url`, so
everything between our handlers and the wire is exercised. It keeps the conversation
(messages per chat, edits, uploaded files), records every call with a timestamp, and can
behave like the real service under stress: flood limits answered with 429 and
`retry_after`, 403 for a user who blocked the bot, 5xx faults, and replies that arrive
after the client gave up even though the message was delivered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import itertools
import json
import math
import random
import re
import struct
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 7000000001
BOT_USERNAME = "winddown_test_bot"

# Form fields python-telegram-bot sends JSON-encoded, and those that are integers.
_JSON_FIELDS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "allowed_updates",
    "commands",
    "link_preview_options",
    "reply_parameters",
    "scope",
}
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id", "duration"}
# How often a waiter looks at its condition when nothing at the server has changed.
RECHECK = 0.02
_BOOL_FIELDS = {"show_alert", "disable_notification", "drop_pending_updates"}
# Methods that put something in a chat, and so count against the flood limits.
_SENDING = {
    "sendMessage",
    "sendPhoto",
    "sendAnimation",
    "sendVoice",
    "sendDocument",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
}


@dataclass
class Call:
    """One request the bot made, and how the server answered it."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when the request arrived
    status: int = 200
    chat_id: int | None = None


@dataclass
class Limits:
    """Flood limits to enforce (None: unlimited). Telegram's are about 1/s per chat and
    30/s overall; benchmarks scale the overall one up to keep runs short."""

    per_chat_per_second: float | None = 1.0
    overall_per_second: float | None = 30.0


@dataclass
class Fault:
    """A scripted misbehaviour, consumed by the first `times` matching calls."""

    status: int = 500
    method: str | None = None
    chat_id: int | None = None
    times: int = 1
    # With deliver=True the call takes effect, but the answer comes `delay` seconds late
    # (long enough for the client to time out): a send that did arrive.
    deliver: bool = False
    delay: float = 0.0
    retry_after: int | None = None  # with status=429

    def matches(self, method: str, chat_id: int | None) -> bool:
        return (self.method in (None, method)) and (self.chat_id in (None, chat_id))


@dataclass
class SentMessage:
    """A message the bot sent, as the fake server holds it (edits update it in place)."""

    chat_id: int
    message_id: int
    kind: str  # "text", "photo", "animation", "voice" or "document"
    text: str | None  # as the user sees it (HTML formatting applied, as Telegram does)
    reply_markup: dict[str, Any] | None
    file_id: str | None = None
    sent_at: float = field(default_factory=time.monotonic)
    edits: list[tuple[float, str | None]] = field(default_factory=list)
    deleted: bool = False
    html: str | None = None  # the text as the bot sent it, markup included

    @property
    def buttons(self) -> list[list[str]]:
        """Labels of the inline keyboard, row by row (reply keyboards are not included)."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [[button["text"] for button in row] for row in rows]

    @property
    def reply_keyboard(self) -> list[list[dict[str, Any]]]:
        return (self.reply_markup or {}).get("keyboard", [])

    def callback_data(self, label: str) -> str:
        for row in (self.reply_markup or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == label:
                    return button["callback_data"]
        raise LookupError(f"no button {label!r} in {self.buttons}")


class TelegramError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


class FakeBotApi:
    def __init__(
        self, *, limits: Limits | None = None, seed: int = 0, token: str | None = None
    ) -> None:
        self.token = token  # when set, any other token is answered with 401 Unauthorized
        self.limits = limits or Limits(per_chat_per_second=None, overall_per_second=None)
        self.calls: list[Call] = []
        self.sent: list[SentMessage] = []  # every message the bot sent, in order
        self.files: dict[str, bytes] = {}
        self.file_names: dict[str, str] = {}  # file_id → the name it was uploaded with
        self.webhook: dict[str, Any] | None = None  # what setWebhook was last given
        self.blocked: set[int] = set()
        self.faults: list[Fault] = []
        self.fault_rate = 0.0  # share of sending calls answered with a random 5xx
        self.commands: list[dict[str, Any]] = []
        self.too_many_requests = 0
        self._random = random.Random(seed)
        self._messages: dict[tuple[int, int], SentMessage] = {}
        self._next_message_id: dict[int, itertools.count[int]] = defaultdict(
            lambda: itertools.count(1)
        )
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._chat_last_send: dict[int, float] = {}
        self._recent_sends: deque[float] = deque()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.port = 0

    # -- life cycle -------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeBotApi:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._download)
        # For a driver in another process (benchmarks, the playground).
        app.router.add_post("/_control/update", self._control_update)
        app.router.add_get("/_control/calls", self._control_calls)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.host = host
        return self

    async def stop(self) -> None:
        async with self._changed:  # release long polls at once
            self._closing = True
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def file_base_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    # -- the user's side --------------------------------------------------------------

    async def push_update(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        async with self._changed:
            self._updates.append({"update_id": update_id, kind: payload})
            self._changed.notify_all()
        return update_id

    def new_message_id(self, chat_id: int) -> int:
        return next(self._next_message_id[chat_id])

    def new_callback_id(self) -> str:
        return str(next(self._callback_ids))

    def message(self, chat_id: int, message_id: int) -> SentMessage:
        return self._messages[(chat_id, message_id)]

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.sent if m.chat_id == chat_id]

    async def wait_until(self, condition: Callable[[], Any], timeout: float) -> Any:
        """Wait until condition() is truthy; return it. It is checked again whenever a call
        or an update arrives or a call is answered, and at least every RECHECK seconds,
        for conditions on the bot's own state (which changes without a call)."""

        async def satisfied() -> Any:
            async with self._changed:
                while not (result := condition()):
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), RECHECK)
                return result

        return await asyncio.wait_for(satisfied(), timeout)

    def calls_to(self, method: str, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method and (chat_id is None or c.chat_id == chat_id)
        ]

    # -- HTTP -------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            params = await self._params(request)
        except ConnectionResetError:  # the client gave up (a poll cancelled at shutdown)
            return web.Response(status=499)
        chat_id = params.get("chat_id")
        call = Call(method, params, time.monotonic(), chat_id=chat_id)
        async with self._changed:  # a waiter for this call wakes now, not when it is answered
            self.calls.append(call)
            self._changed.notify_all()
        handler = getattr(self, f"_{method}", None)
        if self.token is not None and request.match_info["token"] != self.token:
            return self._error(call, TelegramError(401, "Unauthorized"))
        if handler is None:
            return self._error(call, TelegramError(404, "Not Found: method not found"))
        try:
            if method in _SENDING:
                self._check_chat(chat_id)
            fault = self._fault_for(method, chat_id)
            if fault is not None and not fault.deliver:
                if fault.status == 429:
                    self.too_many_requests += 1
                    wait = fault.retry_after or 1
                    raise TelegramError(429, f"Too Many Requests: retry after {wait}", wait)
                raise TelegramError(fault.status, "Internal Server Error")
            if method in _SENDING:
                self._check_flood(chat_id, call.at)
            result = await handler(params)
        except TelegramError as exc:
            return self._error(call, exc)
        if fault is not None:  # delivered, but the answer arrives too late to be read
            await asyncio.sleep(fault.delay)
        async with self._changed:
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    def _error(self, call: Call, exc: TelegramError) -> web.Response:
        call.status = exc.status
        body: dict[str, Any] = {
            "ok": False,
            "error_code": exc.status,
            "description": exc.description,
        }
        if exc.retry_after is not None:
            body["parameters"] = {"retry_after": exc.retry_after}
        return web.json_response(body, status=exc.status)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        form = await request.post() if request.can_read_body else {}
        params: dict[str, Any] = {}
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = value.file.read()
                params.setdefault("_file_names", {})[key] = value.filename
            elif key in _JSON_FIELDS:
                params[key] = json.loads(value)
            elif key in _INT_FIELDS:
                params[key] = int(value)
            elif key in _BOOL_FIELDS:
                params[key] = value == "true"
            else:
                params[key] = value
        for key, value in list(params.items()):  # attach://name points at another part
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = params.pop(value.removeprefix("attach://"))
        request_query = dict(request.query)
        return {**request_query, **params}

    def _fault_for(self, method: str, chat_id: int | None) -> Fault | None:
        if method == "getUpdates":
            return None
        for fault in self.faults:
            if fault.times > 0 and fault.matches(method, chat_id):
                fault.times -= 1
                return fault
        if method in _SENDING and self.fault_rate and self._random.random() < self.fault_rate:
            return Fault(status=self._random.choice([500, 502, 503]))
        return None

    def _check_chat(self, chat_id: int | None) -> None:
        if chat_id in self.blocked:
            raise TelegramError(403, "Forbidden: bot was blocked by the user")

    def _check_flood(self, chat_id: int | None, now: float) -> None:
        per_chat, overall = self.limits.per_chat_per_second, self.limits.overall_per_second
        if per_chat and chat_id is not None:
            last = self._chat_last_send.get(chat_id)
            if last is not None and now - last < 1.0 / per_chat:
                self.too_many_requests += 1
                wait = math.ceil(1.0 / per_chat - (now - last))
                raise TelegramError(429, f"Too Many Requests: retry after {wait}", wait)
        if overall:
            while self._recent_sends and now - self._recent_sends[0] >= 1.0:
                self._recent_sends.popleft()
            if len(self._recent_sends) >= overall:
                self.too_many_requests += 1
                raise TelegramError(429, "Too Many Requests: retry after 1", 1)
            self._recent_sends.append(now)
        if chat_id is not None:
            self._chat_last_send[chat_id] = now

    async def _control_update(self, request: web.Request) -> web.Response:
        body = await request.json()
        update_id = await self.push_update(body["kind"], body["payload"])
        return web.json_response({"update_id": update_id, "at": time.monotonic()})

    async def _control_calls(self, request: web.Request) -> web.Response:
        """The calls from the `since`-th on, in a compact form, and where to go on from
        next time. The time is time.monotonic(), one clock for all processes on Linux."""
        since = int(request.query.get("since", 0))
        polls = request.query.get("polls") == "1"
        rows = [
            [c.method, c.chat_id, c.at, c.status, c.params.get("text")]
            for c in self.calls[since:]
            if polls or c.method != "getUpdates"
        ]
        return web.json_response({"next": len(self.calls), "calls": rows})

    async def _download(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["path"])
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data)

    # -- Bot API methods ----------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Wind-down",
            "username": BOT_USERNAME,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._bot_user()

    async def _getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise TelegramError(
                409, "Conflict: can't use getUpdates method while webhook is active"
            )
        offset = params.get("offset") or 0
        limit = params.get("limit") or 100
        timeout = min(float(params.get("timeout") or 0), 30.0)
        async with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: self._updates or self._closing), timeout
                    )
            return self._updates[:limit]

    async def _setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {"url": params.get("url"), "secret_token": params.get("secret_token")}
        return True

    async def _deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    async def _setMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands = params.get("commands", [])
        return True

    async def _getMyCommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands

    async def _answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        return True

    async def _sendChatAction(self, params: dict[str, Any]) -> bool:
        return True

    def _store(
        self,
        params: dict[str, Any],
        kind: str,
        text: str | None,
        file_id: str | None = None,
    ) -> SentMessage:
        chat_id = params["chat_id"]
        markup = params.get("reply_markup")
        message = SentMessage(
            chat_id, self.new_message_id(chat_id), kind, _shown(text, params), markup, file_id
        )
        message.html = text
        self._messages[(chat_id, message.message_id)] = message
        self.sent.append(message)
        return message

    def _message_json(self, message: SentMessage) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": {"id": message.chat_id, "type": "private"},
            "from": self._bot_user(),
        }
        if message.kind == "text":
            body["text"] = message.text
        elif message.text:
            body["caption"] = message.text
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            body["reply_markup"] = message.reply_markup
        if message.file_id:
            data = self.files[message.file_id]
            width, height = _png_size(data)
            media = {
                "file_id": message.file_id,
                "file_unique_id": "u" + message.file_id,
                "file_size": len(data),
            }
            if message.kind == "photo":
                body["photo"] = [{**media, "width": width, "height": height}]
            elif message.kind == "animation":
                body["animation"] = {**media, "width": width, "height": height, "duration": 0}
            elif message.kind == "voice":
                body["voice"] = {**media, "duration": 0, "mime_type": "audio/ogg"}
            else:
                body["document"] = {**media, "file_name": self.file_names[message.file_id]}
        return body

    async def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        text = params.get("text") or ""
        if not text.strip():
            raise TelegramError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise TelegramError(400, "Bad Request: message is too long")
        return self._message_json(self._store(params, "text", text))

    async def _send_media(self, params: dict[str, Any], kind: str) -> dict[str, Any]:
        media = params.get(kind)
        if isinstance(media, bytes):
            file_id = f"file{next(self._file_ids)}"
            self.files[file_id] = media
            self.file_names[file_id] = params.get("_file_names", {}).get(kind, "file")
        elif isinstance(media, str) and media in self.files:
            file_id = media
        else:
            raise TelegramError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if len(params.get("caption") or "") > 1024:
            raise TelegramError(400, "Bad Request: message caption is too long")
        message = self._store(params, kind, params.get("caption"), file_id)
        return self._message_json(message)

    async def _sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        return await self._send_media(params, "photo")

    async def _sendAnimation(self, params: dict[str, Any]) -> dict[str, Any]:
        return await self._send_media(params, "animation")

    async def _sendVoice(self, params: dict[str, Any]) -> dict[str, Any]:
        return await self._send_media(params, "voice")

    async def _sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        return await self._send_media(params, "document")

    def _existing(self, params: dict[str, Any]) -> SentMessage:
        message = self._messages.get((params.get("chat_id"), params.get("message_id")))
        if message is None or message.deleted:
            raise TelegramError(400, "Bad Request: message to edit not found")
        return message

    async def _editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing(params)
        text, markup = _shown(params.get("text"), params), params.get("reply_markup")
        if text == message.text and markup == message.reply_markup:
            raise TelegramError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        message.text, message.reply_markup, message.html = text, markup, params.get("text")
        message.edits.append((time.monotonic(), text))
        return self._message_json(message)

    async def _editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing(params)
        markup = params.get("reply_markup")
        if markup == message.reply_markup:
            raise TelegramError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        message.edits.append((time.monotonic(), message.text))
        return self._message_json(message)

    async def _deleteMessage(self, params: dict[str, Any]) -> bool:
        message = self._messages.get((params.get("chat_id"), params.get("message_id")))
        if message is None or message.deleted:
            raise TelegramError(400, "Bad Request: message to delete not found")
        message.deleted = True
        return True


def _shown(text: str | None, params: dict[str, Any]) -> str | None:
    """What the user sees: Telegram applies HTML formatting and returns plain text."""
    if text is None or str(params.get("parse_mode", "")).upper() != "HTML":
        return text
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG header (0, 0 for anything else)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 0, 0


async def serve(per_chat: float | None, overall: float | None, port: int = 0) -> None:
    """Run the fake server until cancelled, printing its port on the first line."""
    api = await FakeBotApi(limits=Limits(per_chat, overall)).start(port=port)
    print(api.port, flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await api.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake Telegram Bot API on 127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--per-chat", type=float, default=None, help="messages/s per chat")
    parser.add_argument("--overall", type=float, default=None, help="messages/s in all")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.per_chat, args.overall, args.port))


if __name__ == "__main__":
    main()

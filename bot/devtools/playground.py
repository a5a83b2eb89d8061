"""`python -m bot playground`: chat with the real bot in a terminal, no Telegram needed.

The bot runs as it would in production, against the fake Bot API (the tests' own) on
127.0.0.1 and a temporary SQLite database. Typed lines are messages; buttons (inline, and the
reply keyboard under the input field) are shown numbered and pressed by typing the
number; photos and files are saved, with their real extension, to a fresh folder per run
whose path is printed; when the bot edits a message (its text, or only its buttons: a
tick), the new one replaces the old in place on a terminal, over the rows it wrapped to,
or is printed again marked ↻ elsewhere. The bot's logs go to a file in that folder, so
no library line lands in the chat view.
The pacer Mini App is served too: a local link, with init data signed as Telegram would
sign it, opens it in an ordinary browser (the "Open the pacer" button prints it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import mimetypes
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

import filetype
from wcwidth import wcswidth

from bot import texts
from bot.clock import SystemClock
from bot.config import (
    DatabaseSettings,
    DeliverySettings,
    HttpSettings,
    MiniappSettings,
    Settings,
    TelegramSettings,
)
from bot.devtools.fake_bot_api import FakeBotApi, SentMessage
from bot.devtools.simulated_user import SimulatedUser
from bot.logging_setup import RedactingFormatter
from bot.migrate import upgrade
from bot.miniapp.initdata import sign

TOKEN = "123456789:PLAYGROUND-token-for-the-local-fake-api"
USER_ID = 1
HELP = (
    "Playground: you are chatting with the bot on your own machine (no Telegram).\n"
    "Type messages and /commands; type a button's number to press it;\n"
    "'!location LAT LON' shares a location; '!photo [caption]', '!sticker' and '!voice'\n"
    "send one; '!quit' (or Ctrl-D) leaves."
)


_UNNAMED = "application.octet-stream"


@dataclass(frozen=True)
class Button:
    """A numbered button as it was shown: pressing it sends what it carried then, as
    Telegram does, even if the message has changed since."""

    message: SentMessage
    label: str
    data: str | None = None  # an inline button's callback data
    location: bool = False  # a reply-keyboard button that shares a location


def _extension(data: bytes, name: str) -> str:
    """The file's real extension: the one of the name it was sent with when that names a
    type, else what its bytes say (python-telegram-bot names raw bytes
    "application.octet-stream")."""
    suffix = Path(name).suffix
    if suffix and mimetypes.guess_type(name, strict=False)[0] not in (
        None,
        "application/octet-stream",
    ):
        return suffix
    kind = filetype.guess(data)
    return f".{kind.extension}" if kind is not None else ".bin"


def display_rows(lines: list[str], columns: int) -> int:
    """How many terminal rows `lines` take, each wrapped at `columns` (wide characters,
    like most emoji, take two columns)."""
    return sum(max(1, math.ceil(max(wcswidth(line), len(line)) / columns)) for line in lines)


def _columns() -> int:
    return shutil.get_terminal_size().columns


# Telegram opens Mini Apps only over https; here the button's address is a stand-in and
# the playground prints the local link instead.
PACER_STAND_IN = "https://pacer.playground.invalid/miniapp/"
PACER_THEME = '{"bg_color":"#101418","text_color":"#c8ccd4","button_color":"#4a7bb0"}'


def pacer_link(port: int) -> str:
    """The pacer page on this machine, with init data for the playground's user signed
    as Telegram would sign it (in the address, where Telegram puts it too)."""
    data = sign(TOKEN, USER_ID, "You", SystemClock().now())
    return (
        f"http://127.0.0.1:{port}/miniapp/#tgWebAppData={quote(data, safe='')}"
        f"&tgWebAppVersion=8.0&tgWebAppPlatform=web"
        f"&tgWebAppThemeParams={quote(PACER_THEME, safe='')}"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Screen:
    """What has been shown, so edits can be redrawn and numbers mapped to buttons."""

    out: TextIO
    files: Path
    api: FakeBotApi
    in_place: bool
    pacer: str = ""  # the local link to the pacer page
    columns: Callable[[], int] = _columns
    # message id → what was shown of it (text and buttons), to notice any edit
    shown: dict[int, tuple[str | None, Any]] = field(default_factory=dict)
    buttons: dict[int, Button] = field(default_factory=dict)
    last: tuple[int, int] | None = None  # (message id, terminal rows) of the newest block
    copies: set[int] = field(default_factory=set)  # shown again below, marked ↻
    answers_seen: int = 0

    def _save(self, message: SentMessage) -> Path:
        assert message.file_id is not None
        data = self.api.files[message.file_id]
        name = Path(self.api.file_names.get(message.file_id, message.file_id)).name
        # Raw bytes come named "application.octet-stream": the kind names them better.
        stem = message.kind if name == _UNNAMED else Path(name).stem
        path = self.files / f"{message.message_id}-{stem}{_extension(data, name)}"
        if not path.exists():
            path.write_bytes(data)
        return path

    def render(self, message: SentMessage) -> list[str]:
        lines = []
        if message.file_id is not None:
            lines.append(f"[{message.kind} saved to {self._save(message)}]")
        if message.text:
            lines += message.text.splitlines()
        markup = message.reply_markup or {}
        if markup.get("inline_keyboard"):
            self.buttons = {}
            labels = []
            for row in markup["inline_keyboard"]:
                for button in row:
                    number = len(self.buttons) + 1
                    self.buttons[number] = Button(
                        message, button["text"], data=button.get("callback_data")
                    )
                    labels.append(f"[{number}] {button['text']}")
            lines.append("   ".join(labels))
        elif markup.get("keyboard"):  # a reply keyboard, under the input field
            self.buttons = {}
            labels = []
            for row in markup["keyboard"]:
                for button in row:
                    text = button["text"] if isinstance(button, dict) else str(button)
                    location = isinstance(button, dict) and bool(button.get("request_location"))
                    number = len(self.buttons) + 1
                    self.buttons[number] = Button(message, text, location=location)
                    labels.append(f"[{number}] {text}")
            lines.append("keyboard: " + "   ".join(labels))
        return [f"bot> {line}" if n == 0 else f"     {line}" for n, line in enumerate(lines)]

    def show(self, message: SentMessage) -> None:
        lines = self.render(message)
        edit = message.message_id in self.shown
        if edit and self.in_place and self.last and self.last[0] == message.message_id:
            # Up over the old block's rows (as wrapped) and clear them, then draw anew.
            self.out.write(f"\x1b[{self.last[1]}F\x1b[J")
            if message.message_id in self.copies:
                lines[0] = "  ↻ " + lines[0]
        elif edit:
            lines[0] = "  ↻ " + lines[0]
            self.copies.add(message.message_id)
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()
        self.shown[message.message_id] = _state(message)
        self.last = (message.message_id, display_rows(lines, self.columns()))

    def echoed(self, line: str) -> None:
        """The terminal echoed a typed line under the newest block: a redraw in place
        clears it too."""
        if self.last is not None:
            self.last = (self.last[0], self.last[1] + display_rows([line], self.columns()))

    def note(self, text: str) -> None:
        self.out.write(f"  ({text})\n")
        self.out.flush()
        self.last = None

    def refresh(self) -> None:
        for message in self.api.messages_to(USER_ID):
            if message.deleted:
                continue
            if self.shown.get(message.message_id) != _state(message):
                self.show(message)
        notices = self.api.calls_to("answerCallbackQuery")
        for call in notices[self.answers_seen :]:
            if call.params.get("text"):
                self.note(call.params["text"])
        self.answers_seen = len(notices)


def _state(message: SentMessage) -> tuple[str | None, Any]:
    return message.text, message.reply_markup


async def _watch(screen: Screen) -> None:
    while True:
        screen.refresh()
        await asyncio.sleep(0.05)


async def _act(line: str, user: SimulatedUser, screen: Screen) -> bool:
    """Do what a typed line asks; False to leave."""
    words = line.split()
    if not words:
        return True
    command, rest = words[0], line.strip()[len(words[0]) :].strip()
    if command == "!quit":
        return False
    if command == "!location" and len(words) == 3:
        try:
            await user.share_location(float(words[1]), float(words[2]))
        except ValueError:
            screen.note("usage: !location 38.72 -9.14")
        return True
    if command == "!photo":
        await user.send_photo(rest)
        return True
    if command == "!sticker":
        await user.send_sticker()
        return True
    if command == "!voice":
        await user.send_voice()
        return True
    if line.strip().isdigit() and int(line) in screen.buttons:
        screen.echoed(line.rstrip("\n"))
        button = screen.buttons[int(line)]
        if button.label == texts.PACER_BUTTON:  # a Mini App button: no callback, a page
            screen.note(f"open the pacer in your browser: {screen.pacer}")
        elif button.data is not None:
            await user.press_data(button.data, button.message)
        elif button.location:
            screen.note("share a location with !location LAT LON, e.g. !location 38.72 -9.14")
        else:
            await user.send(button.label)
            screen.last = None
        return True
    await user.send(line.rstrip("\n"))
    screen.last = None  # the typed line now sits under the last block
    return True


ANSWER_WAIT = 0.3  # seconds: what the bot did not answer by then shows when it does


async def _answered(api: FakeBotApi, before: int) -> None:
    """Wait until the bot has answered (its first call after the `before`-th)."""

    def answer() -> bool:
        return any(call.method != "getUpdates" for call in api.calls[before:])

    with contextlib.suppress(TimeoutError):
        await api.wait_until(answer, ANSWER_WAIT)


def _typed_lines(stdin: TextIO) -> asyncio.Queue[str]:
    """Lines as they are typed, "" at the end. Read by a daemon thread, so Ctrl-C ends
    the playground at once instead of waiting for one more line."""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str] = asyncio.Queue()

    def hand_over(line: str) -> None:
        with contextlib.suppress(RuntimeError):  # the playground has already closed
            loop.call_soon_threadsafe(lines.put_nowait, line)

    def read() -> None:
        for line in iter(stdin.readline, ""):
            hand_over(line)
        hand_over("")

    threading.Thread(target=read, name="playground-input", daemon=True).start()
    return lines


async def play(stdin: TextIO, stdout: TextIO, files: Path, *, in_place: bool) -> None:
    api = await FakeBotApi().start()
    with tempfile.TemporaryDirectory(prefix="winddown-playground-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'playground.sqlite3'}"
        await upgrade(url)
        settings = Settings(
            telegram=TelegramSettings(
                token=TOKEN, api_base_url=api.base_url, file_base_url=api.file_base_url
            ),
            database=DatabaseSettings(url=url, auto_migrate=False),
            delivery=DeliverySettings(per_chat_per_second=5),
            http=HttpSettings(port=_free_port()),
            miniapp=MiniappSettings(url=PACER_STAND_IN),
        )
        assert settings.http_port is not None
        from bot.app import build_application, running  # telegram only when playing

        screen = Screen(stdout, files, api, in_place, pacer=pacer_link(settings.http_port))
        user = SimulatedUser(api, USER_ID, "You")
        try:
            async with running(build_application(settings), poll_timeout=1):
                # Shown once the bot is up (the meaning model loads first), so what is
                # typed after it is answered.
                stdout.write(f"{HELP}\nThe pacer page, after /start: {screen.pacer}\n")
                stdout.flush()
                watcher = asyncio.create_task(_watch(screen))
                try:
                    lines = _typed_lines(stdin)
                    while line := await lines.get():
                        before = len(api.calls)
                        if not await _act(line, user, screen):
                            break
                        await _answered(api, before)
                        screen.refresh()  # the answer shows before the next line is read
                    screen.refresh()
                finally:
                    watcher.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await watcher
        finally:
            await api.stop()


def run_folder(base: Path) -> Path:
    """A fresh folder for this run's files, inside `base`: a chart of an earlier run is
    never shown as this one's."""
    base.mkdir(parents=True, exist_ok=True)
    prefix = time.strftime("run-%Y%m%d-%H%M%S-")
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


def log_to(path: Path) -> None:
    """The bot's log lines (and Python's warnings) go to a file, not the chat view."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for noisy in ("httpx", "httpcore", "apscheduler.executors.default"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.captureWarnings(True)


def main(files: Path | None = None) -> int:
    folder = run_folder(files or Path(tempfile.gettempdir()) / "winddown-playground-files")
    log_to(folder / "playground.log")
    print(f"Files and the bot's log for this run: {folder}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(play(sys.stdin, sys.stdout, folder, in_place=sys.stdout.isatty()))
    return 0

"""`python -m bot playground`: chat with the real bot in a terminal, no Telegram needed.

The bot runs as it would in production, against the fake Bot API (the tests' own) on
127.0.0.1 and a temporary SQLite database. Typed lines are messages; buttons are shown
numbered and pressed by typing the number; photos and files are saved to a folder and
their paths printed; when the bot edits a message (the live breath prompt), the new text
replaces the old one in place on a terminal, or is printed again marked ↻ elsewhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.config import (
    DatabaseSettings,
    DeliverySettings,
    Settings,
    TelegramSettings,
)
from bot.devtools.fake_bot_api import FakeBotApi, SentMessage
from bot.devtools.simulated_user import SimulatedUser
from bot.migrate import upgrade

TOKEN = "123456789:PLAYGROUND-token-for-the-local-fake-api"
USER_ID = 1
HELP = (
    "Playground: you are chatting with the bot on your own machine (no Telegram).\n"
    "Type messages and /commands; type a button's number to press it;\n"
    "'!location LAT LON' shares a location; '!quit' (or Ctrl-D) leaves."
)
_EXTENSIONS = {"photo": ".png", "animation": ".gif", "voice": ".ogg", "document": ""}


@dataclass
class Screen:
    """What has been shown, so edits can be redrawn and numbers mapped to buttons."""

    out: TextIO
    files: Path
    api: FakeBotApi
    in_place: bool
    shown: dict[int, str | None] = field(default_factory=dict)  # message id → text shown
    buttons: dict[int, tuple[SentMessage, str]] = field(default_factory=dict)
    last: tuple[int, int] | None = None  # (message id, lines) of the newest block
    answers_seen: int = 0

    def render(self, message: SentMessage) -> list[str]:
        lines = []
        if message.file_id is not None:
            name = self.api.file_names.get(message.file_id, message.file_id)
            if not Path(name).suffix:
                name += _EXTENSIONS.get(message.kind, "")
            path = self.files / f"{message.message_id}-{Path(name).name}"
            if not path.exists():
                path.write_bytes(self.api.files[message.file_id])
            lines.append(f"[{message.kind} saved to {path}]")
        if message.text:
            lines += message.text.splitlines()
        if message.buttons:
            self.buttons = {}
            labels = []
            for row in message.buttons:
                for label in row:
                    number = len(self.buttons) + 1
                    self.buttons[number] = (message, label)
                    labels.append(f"[{number}] {label}")
            lines.append("   ".join(labels))
        return [f"bot> {line}" if n == 0 else f"     {line}" for n, line in enumerate(lines)]

    def show(self, message: SentMessage) -> None:
        lines = self.render(message)
        edit = message.message_id in self.shown
        if edit and self.in_place and self.last and self.last[0] == message.message_id:
            # Up over the old block and clear it, then draw the new one.
            self.out.write(f"\x1b[{self.last[1]}F\x1b[J")
        elif edit:
            lines[0] = "  ↻ " + lines[0]
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()
        self.shown[message.message_id] = message.text
        self.last = (message.message_id, len(lines))

    def refresh(self) -> None:
        for message in self.api.messages_to(USER_ID):
            if message.deleted:
                continue
            if self.shown.get(message.message_id, "\0") != message.text:
                self.show(message)
        notices = self.api.calls_to("answerCallbackQuery")
        for call in notices[self.answers_seen :]:
            if call.params.get("text"):
                self.out.write(f"  ({call.params['text']})\n")
                self.out.flush()
                self.last = None
        self.answers_seen = len(notices)


async def _watch(screen: Screen) -> None:
    while True:
        screen.refresh()
        await asyncio.sleep(0.05)


async def _act(line: str, user: SimulatedUser, screen: Screen) -> bool:
    """Do what a typed line asks; False to leave."""
    words = line.split()
    if not words:
        return True
    if words[0] == "!quit":
        return False
    if words[0] == "!location" and len(words) == 3:
        try:
            await user.share_location(float(words[1]), float(words[2]))
        except ValueError:
            screen.out.write("  (usage: !location 38.72 -9.14)\n")
        return True
    if line.strip().isdigit() and int(line) in screen.buttons:
        message, label = screen.buttons[int(line)]
        await user.press(label, message)
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
        )
        from bot.app import build_application, running  # telegram only when playing

        screen = Screen(stdout, files, api, in_place)
        user = SimulatedUser(api, USER_ID, "You")
        try:
            async with running(build_application(settings), poll_timeout=1):
                # Shown once the bot is up (the meaning model loads first), so what is
                # typed after it is answered.
                stdout.write(HELP + "\n")
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


def main(files: Path | None = None) -> int:
    folder = files or Path(tempfile.gettempdir()) / "winddown-playground-files"
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(play(sys.stdin, sys.stdout, folder, in_place=sys.stdout.isatty()))
    return 0

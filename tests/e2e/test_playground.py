"""`python -m bot playground` driven through its standard input and output, as a person
at a terminal would: /start, buttons pressed by number, typed answers, a question."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from bot import texts
from bot.faq.knowledge import load_knowledge

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
# The bot is up once the meaning model has loaded: seconds alone, longer on a busy machine.
STARTUP = 60


class Terminal:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.seen = ""

    async def type(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()

    async def expect(self, text: str, timeout: float = 15) -> str:
        """Read until `text` shows; returns everything shown since the last expect."""
        assert self.process.stdout is not None
        start = len(self.seen)

        async def read() -> None:
            assert self.process.stdout is not None
            while text not in self.seen[start:]:
                chunk = await self.process.stdout.read(4096)
                if not chunk:
                    raise AssertionError(f"playground ended before {text!r}: {self.seen[-500:]}")
                self.seen += chunk.decode()

        await asyncio.wait_for(read(), timeout)
        return self.seen[start:]


async def test_chatting_in_the_playground(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "playground",
        "--files",
        str(tmp_path / "files"),
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)},
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    terminal = Terminal(process)
    try:
        shown = await terminal.expect("%7D\n", timeout=STARTUP)  # the pacer's link, after the help
        assert "!quit" in shown
        link = shown.split("The pacer page, after /start: ")[1].split("\n")[0]
        await terminal.type("/start")
        shown = await terminal.expect(f"[1] {texts.CONSENT_BUTTON}")
        assert "bot> Hi You." in shown

        await terminal.type("1")
        shown = await terminal.expect("[9] Done")
        assert "↻ bot> Legs up the wall is a gentle inversion" in shown  # the same message
        await terminal.type("7")  # None of these
        await terminal.expect("Which time zone are you in?")
        await terminal.type("Lisbon")
        shown = await terminal.expect("[4] Not now")
        assert "Time zone set: Lisbon, Portugal (Europe/Lisbon)." in shown

        await terminal.type("4")
        await terminal.expect(texts.REMINDERS_OFF_CHOSEN)
        # The printed link opens the pacer page as this user: its init data is believed.
        address = urlsplit(link)
        init_data = parse_qs(address.fragment)["tgWebAppData"][0]
        async with aiohttp.ClientSession() as client:
            async with client.get(f"{address.scheme}://{address.netloc}/miniapp/") as page:
                assert page.status == 200
            async with client.get(
                f"{address.scheme}://{address.netloc}/miniapp/api/session",
                headers={"Authorization": f"tma {init_data}"},
            ) as response:
                assert response.status == 200
                assert (await response.json())["pattern"] == "exhale-4-6"
        await terminal.type("/week")
        await terminal.expect("Nothing to sum up for these seven nights yet")
        await terminal.type("/sleep")
        await terminal.expect(f"[6] {texts.THE_NIGHT_BEFORE}")
        await terminal.type("4")  # Good
        await terminal.expect(texts.LATENCY_QUESTION)
        await terminal.type("/sleep")  # and the night before: two nights make a chart
        await terminal.expect(f"[6] {texts.THE_NIGHT_BEFORE}")
        await terminal.type("6")
        await terminal.expect("[5] Very good")
        await terminal.type("3")  # Fair
        await terminal.expect(texts.LATENCY_QUESTION)
        await terminal.type("/week")
        shown = await terminal.expect("Idea for this week")
        saved = Path(shown.split("[photo saved to ")[1].split("]")[0])
        assert saved.parent.parent == tmp_path / "files"  # a fresh folder per run
        assert saved.suffix == ".png"
        assert (await asyncio.to_thread(saved.read_bytes)).startswith(b"\x89PNG")
        await terminal.type("how long should i stay in the pose")
        shown = await terminal.expect("Related questions")
        assert load_knowledge()["how-long"].answer[:40] in shown
        await terminal.type("!quit")
        _, errors = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0
    assert b"Traceback" not in errors


async def test_a_ticked_button_pressed_twice_and_the_chat_goes_on(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "playground",
        "--files",
        str(tmp_path / "files"),
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)},
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    terminal = Terminal(process)
    try:
        await terminal.expect("!quit", timeout=STARTUP)
        await terminal.type("/start")
        await terminal.expect(f"[1] {texts.CONSENT_BUTTON}")
        await terminal.type("1")
        await terminal.expect("[9] Done")
        # The same button, its label changed by a tick (only the buttons are edited):
        # redrawn each time, and pressed again by its number.
        await terminal.type("1")
        shown = await terminal.expect("[1] ✓ Glaucoma")
        assert "↻ bot>" in shown
        await terminal.type("1")
        shown = await terminal.expect("[1] Glaucoma   [2]")
        assert "✓" not in shown
        await terminal.type("7")  # None of these: the chat goes on
        shown = await terminal.expect(f"keyboard: [1] {texts.SHARE_LOCATION}")  # reply keyboard
        assert "Which time zone are you in?" in shown
        await terminal.type("1")
        await terminal.expect("!location LAT LON")
        for line in ("!sticker", "!voice", "!photo my wall"):
            await terminal.type(line)
            await terminal.expect(texts.NOT_TEXT)
        await terminal.type("Lisbon")
        await terminal.expect("Time zone set: Lisbon")
        await terminal.type("!quit")
        _, errors = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0
    assert b"Traceback" not in errors
    assert "Traceback" not in terminal.seen
    [run] = (tmp_path / "files").iterdir()  # this run's own folder, with the bot's log
    assert (run / "playground.log").exists()
    assert " INFO " not in terminal.seen  # no log line in the chat view


async def test_ctrl_c_leaves_the_playground_at_once(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "playground",
        "--files",
        str(tmp_path / "files"),
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)},
        stdin=asyncio.subprocess.PIPE,  # kept open: nothing more is typed
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await Terminal(process).expect("!quit", timeout=STARTUP)
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), 15)  # stdin still open: no end of input
        assert process.stderr is not None
        errors = await process.stderr.read()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0
    assert b"Traceback" not in errors

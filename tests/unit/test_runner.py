"""The live session's runner, driven by a manual timer and a stand-in for the bot: each
prompt goes out at its deadline, nothing moves while paused, resuming goes on from where
it stood, and a prompt that cannot go out in time is skipped, never shown late."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from telegram.error import BadRequest

from bot import texts
from bot.clock import ManualTimer
from bot.vocab import Guide
from bot.winddown.breathing import PATTERNS, timeline
from bot.winddown.runner import LiveSession, Runner

PATTERN = PATTERNS["natural"]  # no pacer animation: only the live message
LENGTH, SETTLE = 70.0, 10.0  # settle in, then a cue every 30 s: at 0, 10, 40


@dataclass
class Message:
    message_id: int
    animation: Any = None


@dataclass
class StandInBot:
    """Records what the runner shows, and when (by the runner's timer)."""

    timer: ManualTimer
    shown: list[tuple[float, str]] = field(default_factory=list)
    hold: asyncio.Event | None = None  # while set, an edit does not come back

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Message:
        self.shown.append((self.timer.time(), text.split("\n")[0]))
        return Message(1)

    async def edit_message_text(self, text: str, chat_id: int, message_id: int, **kw: Any) -> None:
        if self.hold is not None:
            await self.hold.wait()
        self.shown.append((self.timer.time(), text.split("\n")[0]))


async def _settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)


async def _start(
    max_late: float = 0.25, late_share: float = 0.25
) -> tuple[Runner, StandInBot, ManualTimer, LiveSession]:
    timer = ManualTimer(start=100.0)
    bot = StandInBot(timer)
    runner = Runner(bot, max_late=max_late, timer=timer, late_share=late_share)  # type: ignore[arg-type]
    live = LiveSession(1, 7, 7, PATTERN, LENGTH, timeline(PATTERN, LENGTH, SETTLE))
    runner.start(live)
    await _settle()
    return runner, bot, timer, live


async def _advance(timer: ManualTimer, seconds: float) -> None:
    for _ in range(int(seconds)):
        timer.advance(1)
        await _settle()


async def test_each_prompt_goes_out_at_its_deadline_and_the_session_ends() -> None:
    finished: list[LiveSession] = []
    runner, bot, timer, live = await _start()

    async def done(session: LiveSession) -> None:
        finished.append(session)

    runner.on_finish.append(done)
    await _advance(timer, LENGTH)
    assert bot.shown == [
        (100.0, texts.SETTLE),
        (110.0, texts.CUES[0]),
        (140.0, texts.CUES[1]),
    ]
    assert finished == [live]
    assert runner.active() == 0
    assert live.lateness == [0.0, 0.0, 0.0]


async def test_nothing_moves_while_paused_and_resuming_goes_on_from_there() -> None:
    runner, bot, timer, live = await _start()
    await _advance(timer, 5)
    assert runner.pause(7) is live
    await _advance(timer, 60)  # far past the next prompt's deadline
    assert bot.shown == [(100.0, texts.SETTLE)]
    assert timer.sleeping == 0

    runner.resume(7)  # five seconds into the session, as when it was paused
    await _settle()
    await _advance(timer, 5)
    assert bot.shown[-1] == (170.0, texts.CUES[0])
    await runner.stop(7)


async def test_a_prompt_that_cannot_go_out_in_time_is_skipped() -> None:
    runner, bot, timer, live = await _start(max_late=0.05, late_share=0)
    bot.hold = asyncio.Event()  # Telegram does not answer the edit
    await _advance(timer, 10)
    await asyncio.sleep(0.1)  # the runner gives up after max_late (real seconds here)
    bot.hold.set()
    await _settle()
    assert (live.shown, live.skipped) == (1, 1)
    await runner.stop(7)


async def test_a_prompt_true_for_long_is_shown_late_rather_than_dropped() -> None:
    """A 30 s cue may be a quarter of that late (7.5 s): an edit that takes 0.1 s more
    than max_late still shows it."""
    runner, bot, timer, live = await _start(max_late=0.05)
    assert runner.late_bound(live.prompts[1]) == 7.5
    bot.hold = asyncio.Event()
    await _advance(timer, 10)
    await asyncio.sleep(0.1)
    bot.hold.set()
    await _settle()
    assert (live.shown, live.skipped) == (2, 0)
    assert bot.shown[-1][1] == texts.CUES[0]
    await runner.stop(7)


@dataclass
class GoneBot(StandInBot):
    """The live message was deleted: every edit of message 1 fails as Telegram's does."""

    sent: int = 0
    deleted: list[int] = field(default_factory=list)

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Message:
        self.sent += 1
        self.shown.append((self.timer.time(), text.split("\n")[0]))
        return Message(1 + self.sent)

    async def edit_message_text(self, text: str, chat_id: int, message_id: int, **kw: Any) -> None:
        if message_id == 1:
            raise BadRequest("Message to edit not found")
        self.shown.append((self.timer.time(), text.split("\n")[0]))

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        self.deleted.append(message_id)


async def test_a_deleted_live_message_is_replaced_at_the_next_prompt() -> None:
    timer = ManualTimer(start=100.0)
    bot = GoneBot(timer)
    runner = Runner(bot, timer=timer)  # type: ignore[arg-type]
    live = LiveSession(1, 7, 7, PATTERN, LENGTH, timeline(PATTERN, LENGTH, SETTLE))
    live.message_id = 1  # the set-up message, deleted by the person
    runner.start(live)
    await _settle()
    await _advance(timer, 10)
    # The failed edit took the chat's slot: the settle prompt is lost, the next prompt
    # starts a new live message, and the one after edits that.
    assert bot.shown == [(110.0, texts.CUES[0])]
    assert (live.message_id, live.skipped) == (2, 1)
    await _advance(timer, 30)
    assert bot.shown[-1] == (140.0, texts.CUES[1])
    assert bot.sent == 1
    await runner.stop(7)


async def test_continue_sends_a_fresh_live_message_and_deletes_the_old() -> None:
    timer = ManualTimer(start=100.0)
    bot = GoneBot(timer)
    runner = Runner(bot, timer=timer)  # type: ignore[arg-type]
    live = LiveSession(1, 7, 7, PATTERN, LENGTH, timeline(PATTERN, LENGTH, SETTLE))
    runner.start(live)
    await _settle()
    assert live.message_id == 2
    await runner.bring_back(7)
    assert (live.message_id, bot.deleted) == (3, [2])
    assert bot.shown[-1] == (100.0, texts.SETTLE)
    await runner.stop(7)


def test_the_pacer_goes_out_in_step_with_the_text_clock() -> None:
    """LEAD before an in-breath (its loop begins that far into the cycle): before the
    paced part, and after a resume at the next in-breath, never mid-breath."""
    pattern = PATTERNS["exhale-4-6"]  # cycle 10 s; paced from 10 s (settle) to 60 s
    live = LiveSession(1, 7, 7, pattern, 60, timeline(pattern, 60, 10))
    assert Runner._animation_at(live, 0) == 8.0
    assert Runner._animation_at(live, 8.0) == 8.0
    assert Runner._animation_at(live, 8.5) == 18.0  # resumed mid-breath: the next one
    assert Runner._animation_at(live, 23.0) == 28.0
    assert Runner._animation_at(live, 49.0) is None  # no whole breath left
    tones = LiveSession(1, 7, 7, pattern, 60, timeline(pattern, 60, 10), guide=Guide.AUDIO)
    assert Runner._animation_at(tones, 0) is None  # eyes closed: nothing to watch

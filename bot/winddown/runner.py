"""Runs live sessions: each prompt of the precomputed timeline goes out at its absolute
deadline (no drift from adding up sleeps), with live priority, as an edit of one message.

A prompt may be shown late by at most its lateness bound: the larger of `max_late` and a
quarter of how long it stays true (a settle prompt true for a minute is worth showing a
second late; a four-second phase is not), and never after it stopped being true. Pausing
remembers the position; resuming starts the clock again from there. A live message the
person deleted is replaced by a new one at the next prompt; a finished or replaced
session's message is left in a finished state without buttons. Time comes from a Timer
(the event loop's unless one is given), so tests can drive it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, Message
from telegram.error import BadRequest, TelegramError

from bot import keyboards, texts
from bot.clock import LoopTimer, Timer
from bot.delivery import Priority
from bot.vocab import Guide
from bot.winddown import audio
from bot.winddown.breathing import Pattern, Prompt, progress, segments
from bot.winddown.media import MediaCache
from bot.winddown.pacer import LEAD, pacer_gif

log = logging.getLogger(__name__)


class MessageGone(Exception):
    """The live message is no longer there to edit."""


# A prompt that cannot go out this soon after it is due is dropped: with more sessions
# than the budget carries, the message changes less often instead of falling behind.
MAX_LATE = 0.25
LATE_SHARE = 0.25  # …or this share of how long the prompt stays true, whichever is more


@dataclass
class LiveSession:
    session_id: int
    user_id: int
    chat_id: int
    pattern: Pattern
    total: float
    prompts: list[Prompt]
    start_at: float = 0.0  # the timer's time of offset 0
    paused_at: float | None = None  # offset at which it was paused
    guide: Guide = Guide.TEXT
    settle: float = 0.0  # seconds of settling in (the audio track is built from it)
    audio_sent: bool = False
    animation_id: int | None = None  # the pacer animation's message, while it is shown
    animation_task: asyncio.Task[None] | None = None
    message_id: int | None = None
    text: str = ""  # what the live message says now (for Continue's fresh copy)
    task: asyncio.Task[None] | None = None
    shown: int = 0
    skipped: int = 0
    lateness: list[float] = field(default_factory=list)


class Runner:
    def __init__(
        self,
        bot: Bot,
        max_late: float = MAX_LATE,
        timer: Timer | None = None,
        late_share: float = LATE_SHARE,
        media: MediaCache | None = None,
    ) -> None:
        self.bot = bot
        self.media = media  # the audio guide's uploads (None: no audio guide)
        self.max_late = max_late
        self.late_share = late_share
        self.timer = timer or LoopTimer()
        self.live: dict[int, LiveSession] = {}  # by user id
        self.file_ids: dict[str, str] = {}  # pacer animation per pattern, once uploaded
        self._tasks: set[asyncio.Task[None]] = set()
        # Called with the live session when it ends by itself.
        self.on_finish: list[Callable[[LiveSession], Awaitable[None]]] = []

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def active(self) -> int:
        return len(self.live)

    def start(self, live: LiveSession) -> None:
        live.start_at = self.timer.time()
        self.live[live.user_id] = live
        live.task = asyncio.create_task(self._run(live), name=f"session-{live.session_id}")

    def pause(self, user_id: int) -> LiveSession | None:
        live = self.live.get(user_id)
        if live is None or live.paused_at is not None:
            return None
        live.paused_at = self.timer.time() - live.start_at
        if live.task is not None:
            live.task.cancel()
        self._drop_animation(live)  # no pulsing while paused; it comes back in step
        return live

    def resume(self, user_id: int) -> LiveSession | None:
        live = self.live.get(user_id)
        if live is None or live.paused_at is None:
            return None
        live.start_at = self.timer.time() - live.paused_at
        live.paused_at = None
        live.task = asyncio.create_task(self._run(live), name=f"session-{live.session_id}")
        return live

    async def stop(self, user_id: int) -> LiveSession | None:
        live = self.live.pop(user_id, None)
        if live is None:
            return None
        if live.task is not None:
            live.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await live.task
        self._drop_animation(live)
        return live

    async def stop_all(self) -> list[LiveSession]:
        return [s for s in [await self.stop(uid) for uid in list(self.live)] if s is not None]

    # -- the timeline ---------------------------------------------------------------------

    async def _run(self, live: LiveSession) -> None:
        position = self.timer.time() - live.start_at
        at = self._animation_at(live, position)
        if at is not None and live.animation_id is None:
            live.animation_task = asyncio.create_task(
                self._send_animation(live, live.start_at + at)
            )
        for prompt in live.prompts:
            if prompt.until <= position:
                continue  # already over (when resuming)
            await self.timer.sleep_until(live.start_at + prompt.at)
            await self._show(live, prompt)
            if not live.audio_sent and live.guide != Guide.TEXT and self.media is not None:
                # After the first prompt, so the voice message does not take its slot.
                live.audio_sent = True  # once, not again on resuming
                self._background(self._send_audio(live))
        await self.timer.sleep_until(live.start_at + live.total)
        self.live.pop(live.user_id, None)
        self._drop_animation(live)  # the breathing is over: nothing left pulsing
        for callback in self.on_finish:
            await callback(live)

    def late_bound(self, prompt: Prompt) -> float:
        """How late `prompt` may still be shown."""
        return max(self.max_late, self.late_share * (prompt.until - prompt.at))

    async def _show(self, live: LiveSession, prompt: Prompt) -> None:
        now = self.timer.time()
        due = live.start_at + prompt.at
        # Never after its phase ended (it would be untrue), nor much after it was due.
        give_up = min(live.start_at + prompt.until, max(due, now) + self.late_bound(prompt))
        if now >= give_up:
            live.skipped += 1
            return
        text = f"{prompt.text}\n\n{progress(prompt.at, live.total)}"
        markup = keyboards.live_controls(live.session_id)
        try:
            async with asyncio.timeout(give_up - now):
                await self._put(live, text, markup)
        except TimeoutError:
            live.skipped += 1
            return
        except TelegramError as error:
            log.warning("live prompt for chat %s failed: %s", live.chat_id, error)
            live.skipped += 1
            return
        except MessageGone:
            # The person deleted the live message. The failed edit used the chat's slot,
            # so a new message now would be late: the next prompt starts a new one.
            live.message_id = None
            live.skipped += 1
            return
        live.shown += 1
        live.text = text
        live.lateness.append(self.timer.time() - due)

    async def _put(self, live: LiveSession, text: str, markup: object) -> None:
        if live.message_id is not None:
            try:
                await self.bot.edit_message_text(
                    text,
                    live.chat_id,
                    live.message_id,
                    reply_markup=markup,
                    rate_limit_args=Priority.LIVE,
                )
                return
            except BadRequest as error:
                if "not modified" in str(error):
                    return
                if "not found" in str(error):
                    raise MessageGone from error
                raise
        message = await self.bot.send_message(
            live.chat_id, text, reply_markup=markup, rate_limit_args=Priority.LIVE
        )
        live.message_id = message.message_id

    # -- the live message's last word and its return -----------------------------------------

    async def close(self, live: LiveSession, text: str, message_id: int | None = None) -> None:
        """The live message (or an older one of the session) in a finished state: `text`,
        and no buttons left to tap."""
        message_id = message_id or live.message_id
        if message_id is None:
            return
        try:
            await self.bot.edit_message_text(
                text, live.chat_id, message_id, rate_limit_args=Priority.LIVE
            )
        except TelegramError as error:
            log.debug("could not close the live message in chat %s: %s", live.chat_id, error)

    async def bring_back(self, user_id: int) -> LiveSession | None:
        """Continue: the live message again at the bottom of the chat (a new one, and the
        old one deleted), running from where it stood."""
        live = self.live.get(user_id)
        if live is None:
            return None
        old = live.message_id
        paused = live.paused_at is not None
        text = texts.PAUSED if paused else live.text or texts.SETTLE
        try:
            message = await self.bot.send_message(
                live.chat_id,
                text,
                reply_markup=keyboards.live_controls(live.session_id, paused=paused),
                rate_limit_args=Priority.LIVE,
            )
        except TelegramError as error:
            log.warning("could not bring back the live message in chat %s: %s", live.chat_id, error)
            return live
        live.message_id = message.message_id
        if old is not None:
            try:
                await self.bot.delete_message(live.chat_id, old)
            except TelegramError:
                await self.close(live, texts.MOVED_DOWN, old)
        return live

    @staticmethod
    def _animation_at(live: LiveSession, position: float) -> float | None:
        """When (offset) to send the pacer so it plays in step: LEAD before the next
        in-breath at or after `position`; None when there is no paced part left to show
        (or the guide is tones alone, followed with the eyes closed)."""
        paced = [p for p in live.prompts if p.kind in ("phase", "cycle")]
        if not paced or not live.pattern.phases or live.guide == Guide.AUDIO:
            return None
        first, cycle = paced[0].at, live.pattern.cycle
        cycles_gone = max(0, math.ceil((position - first + LEAD) / cycle))
        at = first + cycles_gone * cycle - LEAD
        return at if at + LEAD < paced[-1].until else None

    def _drop_animation(self, live: LiveSession) -> None:
        if live.animation_task is not None:
            live.animation_task.cancel()
            live.animation_task = None
        if live.animation_id is not None:
            message_id, live.animation_id = live.animation_id, None
            self._background(self._delete(live.chat_id, message_id))

    async def _delete(self, chat_id: int, message_id: int) -> None:
        try:
            await self.bot.delete_message(chat_id, message_id)
        except TelegramError as error:
            log.debug("could not delete the pacer in chat %s: %s", chat_id, error)

    async def _send_animation(self, live: LiveSession, at: float) -> None:
        pattern = live.pattern.id
        # Drawn before the wait, so it goes out on the dot.
        media = self.file_ids.get(pattern) or await asyncio.to_thread(pacer_gif, pattern)
        await self.timer.sleep_until(at)
        try:
            sent = await self.bot.send_animation(
                live.chat_id,
                media,
                caption=texts.PATTERN_NAMES[pattern],
                rate_limit_args=Priority.LIVE,
            )
        except TelegramError as error:
            log.warning("pacer animation for chat %s failed: %s", live.chat_id, error)
            return
        live.animation_id = sent.message_id
        if sent.animation is not None:
            self.file_ids.setdefault(pattern, sent.animation.file_id)

    async def _send_audio(self, live: LiveSession) -> None:
        """The session as tones, one voice message to play with the screen locked."""
        assert self.media is not None
        pattern, total, settle = live.pattern, live.total, live.settle

        def make() -> bytes:
            return audio.track(segments(pattern, total, settle))

        async def send(voice: bytes | str) -> Message:
            return await self.bot.send_voice(
                live.chat_id,
                voice,
                caption=texts.AUDIO_CAPTION,
                rate_limit_args=Priority.LIVE,
                **({"filename": "breath-guide.ogg"} if isinstance(voice, bytes) else {}),
            )

        try:
            await self.media.send(
                audio.track_key(pattern.id, total, settle),
                make,
                send,
                lambda message: message.voice.file_id if message.voice else None,
            )
        except TelegramError as error:
            log.warning("audio guide for chat %s failed: %s", live.chat_id, error)

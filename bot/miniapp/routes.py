"""The pacer page's routes on the bot's web server: the page itself (static files, no
build step), the session's timeline, and the finished session.

Every API request carries Telegram's init data (`Authorization: tma <init data>`);
without valid, fresh data it gets 403 and nothing is read or recorded. The person is
whoever Telegram says signed it: the body never names a user.
"""

from __future__ import annotations

import logging
import math
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from telegram.error import TelegramError

from bot import texts
from bot.context import BotData
from bot.delivery import Priority
from bot.miniapp.initdata import InitDataCheck, Person, Refused
from bot.miniapp.timeline import session_plan
from bot.times import night_of
from bot.users import get_user
from bot.vocab import BreathPattern, SessionOutcome
from bot.winddown.plan import choices, variant_for
from bot.winddown.store import record_session

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
PREFIX = "/miniapp"
AUTH_SCHEME = "tma "
MAX_SESSION_SECONDS = 3600
# The page names each session it reports (crypto.randomUUID()): a retry is recorded once.
PAGE_KEY = re.compile(r"[A-Za-z0-9-]{8,40}")
OUTCOMES = {"completed": SessionOutcome.COMPLETED, "stopped": SessionOutcome.STOPPED}


class MiniApp:
    def __init__(self, app: Any) -> None:
        self.app = app
        data: BotData = app.bot_data
        assert data.settings is not None
        self.settings = data.settings
        self.check = InitDataCheck(
            data.settings.telegram.token.get_secret_value(),
            data.settings.miniapp.max_age_seconds,
        )

    @property
    def data(self) -> BotData:
        return self.app.bot_data  # type: ignore[no-any-return]

    def add_routes(self, server: web.Application) -> None:
        server.router.add_get(f"{PREFIX}/", self.page)
        server.router.add_get(PREFIX, self.page)
        server.router.add_static(f"{PREFIX}/static/", STATIC, append_version=False)
        server.router.add_get(f"{PREFIX}/api/session", self.session)
        server.router.add_post(f"{PREFIX}/api/finish", self.finish)

    async def page(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    def _person(self, request: web.Request) -> Person:
        header = request.headers.get("Authorization", "")
        if not header.startswith(AUTH_SCHEME):
            raise Refused("no init data")
        return self.check.person(header[len(AUTH_SCHEME) :], self.data.clock.now())

    def _choices(self, user: Any) -> tuple[int, BreathPattern]:
        return choices(
            self.settings.winddown.lengths_seconds,
            self.settings.defaults.session_seconds,
            self.settings.defaults.breath_pattern,
            user.session_seconds,
            user.breath_pattern,
        )

    async def session(self, request: web.Request) -> web.Response:
        """Tonight's session for this person: their length and pattern, as segments."""
        try:
            person = self._person(request)
        except Refused as why:
            log.info("pacer page refused: %s", why)
            return _refused()
        assert self.data.sessions is not None
        async with self.data.sessions() as session:
            user = await get_user(session, person.user_id)
            if user is None or user.timezone is None:
                return web.json_response({"error": texts.MINIAPP_START_FIRST}, status=404)
            length, pattern = self._choices(user)
        plan = session_plan(pattern, length, self.settings.winddown.settle_seconds)
        return web.json_response(plan)

    async def finish(self, request: web.Request) -> web.Response:
        """A finished or stopped session on the page, recorded like a chat session; the
        chat gets one short line."""
        try:
            person = self._person(request)
        except Refused as why:
            log.info("pacer page refused: %s", why)
            return _refused()
        try:
            report = _report(await request.json())
        except (ValueError, TypeError, KeyError):
            return web.json_response({"error": "bad request"}, status=400)
        pattern, planned, elapsed, outcome, key = report
        now = self.data.clock.now()
        started = now - timedelta(seconds=elapsed)
        assert self.data.sessions is not None
        async with self.data.sessions.begin() as session:
            user = await get_user(session, person.user_id)
            if user is None or user.timezone is None:
                return web.json_response({"error": texts.MINIAPP_START_FIRST}, status=404)
            session_id, new = await record_session(
                session,
                user_id=user.id,
                night=night_of(started, user.timezone),
                started_at=started,
                ended_at=now,
                planned_seconds=planned,
                pattern=pattern,
                variant=variant_for(user.screening),
                outcome=outcome,
                page_key=key,
            )
            chat_id = user.chat_id
        if not new:  # the same report again (a retried request): recorded and told once
            return web.json_response({"recorded": session_id})
        # After the commit: no Telegram call inside a transaction.
        line = texts.miniapp_recorded(
            round(elapsed), texts.PATTERN_NAMES[pattern], outcome == SessionOutcome.COMPLETED
        )
        self.data.track(self._tell(chat_id, line))
        return web.json_response({"recorded": session_id})

    async def _tell(self, chat_id: int, line: str) -> None:
        try:
            await self.app.bot.send_message(chat_id, line, rate_limit_args=Priority.INTERACTIVE)
        except TelegramError as error:
            log.info("could not tell chat %s about a pacer session: %s", chat_id, error)


def _refused() -> web.Response:
    return web.json_response({"error": texts.MINIAPP_OPEN_FROM_TELEGRAM}, status=403)


def _report(body: Any) -> tuple[BreathPattern, int, float, SessionOutcome, str]:
    """The page's account of a session, checked: a known pattern and outcome, a length
    the bot could have offered, a completed session no shorter than it was planned, and
    the page's own key for it (a repeated report is recorded once)."""
    if not isinstance(body, dict):
        raise TypeError("not an object")
    pattern = BreathPattern(body["pattern"])
    planned, elapsed = body["seconds"], body["elapsed"]
    if type(planned) is not int or not 0 < planned <= MAX_SESSION_SECONDS:
        raise ValueError("seconds")
    if type(elapsed) not in (int, float) or not math.isfinite(elapsed):
        raise ValueError("elapsed")
    outcome = OUTCOMES[body["outcome"]]
    if not 0 <= elapsed <= 4 * MAX_SESSION_SECONDS:
        raise ValueError("elapsed")
    if outcome == SessionOutcome.COMPLETED and elapsed < planned - 1:
        raise ValueError("completed before its end")
    key = body["key"]
    if not isinstance(key, str) or not PAGE_KEY.fullmatch(key):
        raise ValueError("key")
    return pattern, planned, float(elapsed), outcome, key

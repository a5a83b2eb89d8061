"""The bot's small web server (aiohttp): Telegram's webhook in webhook mode, `/healthz`
for load balancers and service managers in either mode, and the routes rooms add (the
pacer Mini App's, bot/miniapp)."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from aiohttp import web
from sqlalchemy import text
from telegram import Update

from bot.config import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_TIMEOUT_SECONDS = 3.0


class WebServer:
    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self._runner: web.AppRunner | None = None

    def routes(self) -> web.Application:
        server = web.Application()
        server.router.add_get("/healthz", self.healthz)
        if self.settings.telegram.mode == "webhook":
            server.router.add_post(self.settings.webhook.path, self.webhook)
        for add_routes in self.app.bot_data.web_routes:
            add_routes(server)
        return server

    async def start(self) -> None:
        port = self.settings.http_port
        assert port is not None
        self._runner = web.AppRunner(self.routes(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.settings.http.listen, port).start()
        log.info("web server on %s:%s", self.settings.http.listen, port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def healthz(self, request: web.Request) -> web.Response:
        """200 when the database answers (and has our tables), 503 otherwise."""
        sessions = self.app.bot_data.sessions
        try:
            if sessions is None:
                raise RuntimeError("the database is closed")
            async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS), sessions() as session:
                await session.execute(text("SELECT 1 FROM users LIMIT 1"))
        except Exception as error:
            log.warning("health check failed: %s", type(error).__name__)
            return web.json_response({"status": "unavailable", "database": "down"}, status=503)
        return web.json_response({"status": "ok", "database": "up"})

    async def webhook(self, request: web.Request) -> web.Response:
        secret = self.settings.webhook.secret_token
        assert secret is not None
        # surrogateescape: a header of odd bytes is simply not the secret, not an error.
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, secret.get_secret_value().encode()):
            log.debug("webhook request without the right secret token refused")
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), self.app.bot)
        except (json.JSONDecodeError, ValueError, KeyError, TypeError):
            return web.Response(status=400)
        if update is None:
            return web.Response(status=400)
        await self.app.update_queue.put(update)
        return web.Response()

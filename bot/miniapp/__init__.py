"""The breathing pacer as a Telegram Mini App: a page the bot's web server serves
(static/, no build step), the check of Telegram's init data (initdata.py), the session's
timeline as JSON (timeline.py, pure), and the routes that serve it and record the
finished session (routes.py)."""

from typing import Any


def register(app: Any) -> None:
    """The page's routes join the web server, when the page has a public URL."""
    if app.bot_data.settings.miniapp.url is None:
        return
    from bot.miniapp.routes import MiniApp

    app.bot_data.web_routes.append(MiniApp(app).add_routes)

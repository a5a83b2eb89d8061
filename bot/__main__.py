"""Command line: `python -m bot run | migrate | playground | ask | faq-misses`.
Arguments → settings → app; no logic here. Telegram and the database are imported by the
commands that use them, so `ask` starts fast and needs neither."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from bot import __version__
from bot.config import ConfigError, Settings, load_settings
from bot.logging_setup import configure_logging

EXIT_USAGE = 2
log = logging.getLogger("bot")


class StartupError(Exception):
    """A problem the operator must fix before the bot can start; one line, exit 2."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="winddown", description=__doc__)
    parser.add_argument("--version", action="version", version=f"winddown {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, about in [
        ("run", "start the bot (long polling, or the webhook with telegram.mode)"),
        ("migrate", "upgrade the database schema to the newest version"),
    ]:
        command = commands.add_parser(name, help=about)
        command.add_argument(
            "--config",
            type=Path,
            help="TOML settings file (default: ./config.toml when it exists)",
        )
    playground = commands.add_parser(
        "playground", help="chat with the bot in this terminal, without Telegram"
    )
    playground.add_argument(
        "--files", type=Path, help="where photos and files from the bot are saved"
    )
    ask = commands.add_parser("ask", help="answer a question from the FAQ (no token needed)")
    ask.add_argument("question", nargs="+", help='the question, or "-" for one a line on stdin')
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument(
        "--config",
        type=Path,
        help="TOML settings file, read for [safety] only (default: ./config.toml when it exists)",
    )
    misses = commands.add_parser(
        "faq-misses", help="the questions the FAQ could not answer, most frequent first"
    )
    misses.add_argument("--days", type=int, default=30, help="look back this far (0: all)")
    misses.add_argument("--limit", type=int, default=20, help="how many to list")
    misses.add_argument(
        "--config",
        type=Path,
        help="TOML settings file (default: ./config.toml when it exists)",
    )
    return parser.parse_args(argv)


async def prepare_database(settings: Settings, *, migrate: bool) -> None:
    from bot.db import DatabaseUnreachable, check_reachable
    from bot.migrate import is_current, upgrade

    database = settings.database
    try:
        await check_reachable(database.url, database.display_url)
    except DatabaseUnreachable as exc:
        raise StartupError(str(exc)) from None
    if migrate:
        await upgrade(database.url)
    elif not await is_current(database.url):
        raise StartupError(
            "the database schema is not up to date: run `python -m bot migrate` first "
            "(or set database.auto_migrate = true)"
        )


async def check_telegram(settings: Settings) -> None:
    """Ask Telegram who we are, so a wrong token is one clear line, not a traceback."""
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError

    bot = Bot(
        settings.telegram.token.get_secret_value(),
        base_url=settings.telegram.api_base_url,
        base_file_url=settings.telegram.file_base_url,
    )
    try:
        async with bot:
            pass  # entering calls getMe
    except InvalidToken:
        raise StartupError(
            "Telegram refused the token (telegram.token): copy it again from BotFather"
        ) from None
    except NetworkError as exc:
        raise StartupError(
            f"cannot reach Telegram at {settings.telegram.api_base_url} ({exc})"
        ) from None


def run(settings: Settings) -> None:
    asyncio.run(prepare_database(settings, migrate=settings.database.migrate_on_start))
    asyncio.run(check_telegram(settings))
    asyncio.run(serve(settings))


async def serve(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT, then stop in order: no more updates, live sessions
    told, unsent messages handed back to the database, the database closed."""
    from bot.app import build_application, running  # telegram's import cost only when running

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with running(build_application(settings)):
        await stop.wait()
        log.info("stopping")
    log.info("stopped")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "playground":
        from bot.devtools.playground import main as playground

        configure_logging("WARNING", "text", secrets=())
        return playground(args.files)
    try:
        if args.command == "ask":
            from bot.faq.cli import ask

            return ask(args.question, as_json=args.json, config=args.config)
        settings = load_settings(args.config, need_token=args.command == "run")
        configure_logging(
            settings.logging.level,
            settings.logging.format,
            secrets=tuple(
                secret.get_secret_value()
                for secret in (settings.telegram.token, settings.webhook.secret_token)
                if secret is not None
            ),
        )
        if args.command == "migrate":
            asyncio.run(prepare_database(settings, migrate=True))
            print(f"database {settings.database.display_url} is up to date")
        elif args.command == "run":
            run(settings)
        elif args.command == "faq-misses":
            from bot.faq.cli import print_misses

            asyncio.run(prepare_database(settings, migrate=False))
            asyncio.run(print_misses(settings, days=args.days, limit=args.limit))
    except (ConfigError, StartupError) as exc:
        print(f"winddown: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0


if __name__ == "__main__":
    sys.exit(main())

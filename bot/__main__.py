"""Command line: `python -m bot run | migrate`. Arguments → settings → app; no logic here."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError

from bot import __version__
from bot.config import ConfigError, Settings, load_settings
from bot.db import DatabaseUnreachable, check_reachable
from bot.logging_setup import configure_logging
from bot.migrate import is_current, upgrade

EXIT_USAGE = 2
log = logging.getLogger("bot")


class StartupError(Exception):
    """A problem the operator must fix before the bot can start; one line, exit 2."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="winddown", description=__doc__)
    parser.add_argument("--version", action="version", version=f"winddown {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, about in [
        ("run", "start the bot (long polling)"),
        ("migrate", "upgrade the database schema to the newest version"),
    ]:
        command = commands.add_parser(name, help=about)
        command.add_argument(
            "--config",
            type=Path,
            help="TOML settings file (default: ./config.toml when it exists)",
        )
    return parser.parse_args(argv)


async def prepare_database(settings: Settings, *, migrate: bool) -> None:
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
    from bot.app import build_application  # telegram's import cost only when running

    asyncio.run(prepare_database(settings, migrate=settings.database.migrate_on_start))
    asyncio.run(check_telegram(settings))
    log.info(
        "winddown %s starting: long polling, %s database",
        __version__,
        settings.database.sqlalchemy_url.get_backend_name(),
    )
    build_application(settings).run_polling(allowed_updates=Update.ALL_TYPES)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        settings = load_settings(args.config)
        configure_logging(
            settings.logging.level,
            settings.logging.format,
            secrets=(settings.telegram.token.get_secret_value(),),
        )
        if args.command == "migrate":
            asyncio.run(prepare_database(settings, migrate=True))
            print(f"database {settings.database.display_url} is up to date")
        elif args.command == "run":
            run(settings)
    except (ConfigError, StartupError) as exc:
        print(f"winddown: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Alembic, driven from the bot: upgrade to head, downgrade, and ask whether a database is
current. Works from inside a running event loop because it reuses our own async engine."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.pool import NullPool

from bot.db import make_engine

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


async def _with_connection(url: str, action: str, revision: str = "head") -> None:
    config = alembic_config()

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        before = _revision(connection)
        if action == "upgrade":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)
        after = _revision(connection)
        # Alembic's own lines are kept below INFO (logging_setup): this is the one line.
        if after != before:
            log.info("database schema %sd from %s to %s", action, before, after)

    engine = make_engine(url, foreign_keys=False, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()


def _revision(connection: Connection) -> str:
    heads = MigrationContext.configure(connection).get_current_heads()
    return ", ".join(sorted(heads)) or "empty"


async def upgrade(url: str, revision: str = "head") -> None:
    await _with_connection(url, "upgrade", revision)


async def downgrade(url: str, revision: str = "base") -> None:
    await _with_connection(url, "downgrade", revision)


async def is_current(url: str) -> bool:
    """True when the database is at the newest revision."""
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    engine = make_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            current = await connection.run_sync(
                lambda sync: set(MigrationContext.configure(sync).get_current_heads())
            )
    finally:
        await engine.dispose()
    return current == heads

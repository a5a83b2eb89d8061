"""Alembic environment: async engines, batch mode for SQLite, metadata from bot.models.

The bot runs migrations through `bot.migrate`, which hands over an open connection in
`config.attributes["connection"]`. The plain `alembic` command line has none, so it
connects with the URL from the bot's settings (or `-x url=...`).
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.pool import NullPool

from bot.db import make_engine
from bot.models import Base, UTCDateTime

target_metadata = Base.metadata


def _render_item(kind: str, obj: object, autogen_context: object) -> str | bool:
    # Migrations stay independent of our Python types: UTCDateTime is a timestamp with
    # time zone as far as the schema is concerned.
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=_render_item,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if url:
        return url
    from bot.config import load_settings  # only the command line needs the settings

    # Migrating never talks to Telegram: the database settings are enough.
    return load_settings(need_token=False).database.url


async def _run_with_new_engine() -> None:
    engine = make_engine(_url(), foreign_keys=False, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_configure)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif (connection := context.config.attributes.get("connection")) is not None:
    _configure(connection)
else:
    asyncio.run(_run_with_new_engine())

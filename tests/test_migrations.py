"""Alembic owns the schema: the migrations must build exactly what the models describe,
on SQLite and on PostgreSQL, and come back down cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect
from sqlalchemy.pool import NullPool

from bot.db import make_engine
from bot.migrate import downgrade, is_current, upgrade
from bot.models import Base


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_upgrade_matches_the_models_and_downgrade_removes_everything(
    empty_database_url: str,
) -> None:
    assert not await is_current(empty_database_url)

    await upgrade(empty_database_url)

    assert await is_current(empty_database_url)
    engine = make_engine(empty_database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
            assert await connection.run_sync(_tables) == {
                *Base.metadata.tables,
                "alembic_version",
            }

        await downgrade(empty_database_url)

        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == {"alembic_version"}
    finally:
        await engine.dispose()
    assert not await is_current(empty_database_url)


async def test_upgrade_twice_is_harmless(empty_database_url: str) -> None:
    await upgrade(empty_database_url)
    await upgrade(empty_database_url)
    assert await is_current(empty_database_url)

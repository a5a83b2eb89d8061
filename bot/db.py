"""Engines and sessions. Created by the application at start, never at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool


class DatabaseUnreachable(Exception):
    """The database did not answer; the message is safe to show (no password)."""


def make_engine(url: str, *, foreign_keys: bool = True, **kwargs: Any) -> AsyncEngine:
    """`foreign_keys=False` is for migrations only: on SQLite, Alembic's batch mode
    rebuilds a table by dropping it, and with foreign keys enforced that drop would
    cascade to every row that refers to it (a user's schedules, sessions, ratings)."""
    # Errors never carry the statement's values into the logs: they can be what people
    # wrote (an unanswered question) or their health answers.
    kwargs.setdefault("hide_parameters", True)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        pragmas = _sqlite_pragmas if foreign_keys else _sqlite_pragmas_for_migrations
        event.listen(engine.sync_engine, "connect", pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_begin_immediate(connection: Any) -> None:
    # A deferred transaction that reads and then writes fails at once with "database is
    # locked" when another writer got there first (the busy timeout cannot help with a
    # lock upgrade). Taking the write lock up front makes writers queue instead.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (see above).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets readers work during a write;
    # the busy timeout makes a second writer wait instead of failing at once.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_pragmas_for_migrations(dbapi_connection: Any, record: Any) -> None:
    _sqlite_pragmas(dbapi_connection, record)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def check_reachable(url: str, display_url: str) -> None:
    """Connect once, or raise DatabaseUnreachable with a message fit for one line."""
    _check_sqlite_folder(url, display_url)
    engine = make_engine(url, poolclass=NullPool, connect_args=_connect_timeout(url))
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means the same thing to the operator
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseUnreachable(f"cannot reach the database {display_url}: {reason}") from None
    finally:
        await engine.dispose()


def _check_sqlite_folder(url: str, display_url: str) -> None:
    # SQLite creates the file but not its folder; say so plainly (a failed aiosqlite
    # connect would also leave its worker thread behind).
    database = make_url(url).database
    if url.startswith("sqlite") and database and database != ":memory:":
        folder = Path(database).resolve().parent
        if not folder.is_dir():
            raise DatabaseUnreachable(
                f"cannot reach the database {display_url}: folder {folder} does not exist"
            )


def _connect_timeout(url: str) -> dict[str, Any]:
    return {"timeout": 5} if url.startswith("postgresql") else {}

"""The weekly summary's cost, on SQLite and on PostgreSQL.

With 1,000,000 sleep ratings in the table (2,740 users with a year of nights each, and
a session on about 5 nights in 7):
- queries: the summary's three queries for one user (`load_summary`), for random users,
  each in a fresh database session;
- summary with chart: the queries, the words and the PNG chart (drawn in a worker thread,
  as the bot does) for a user with a full year of history.

    python3 dev.py bench summary [--postgres URL] [--users 2740] [--runs 200]

PostgreSQL is used when --postgres or TEST_DATABASE_URL names a server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, text

from bench.harness import ms, percentile, scratch_database
from bot.db import make_engine, make_sessionmaker
from bot.migrate import upgrade
from bot.models import PracticeSession, SleepRating, User
from bot.summary.weekly import compose, load_summary

NIGHTS = 365
ZONE = "Europe/Berlin"
# 10:00 in Berlin the morning after the last night of the year of history.
NOW = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
LAST_NIGHT = date(2026, 6, 30)


def _rows(first_user: int, last_user: int) -> tuple[list[dict], list[dict], list[dict]]:  # type: ignore[type-arg]
    rng = random.Random(first_user)
    created = NOW - timedelta(days=NIGHTS + 1)
    users, ratings, sessions = [], [], []
    for user_id in range(first_user, last_user + 1):
        users.append(
            {
                "id": user_id,
                "chat_id": user_id,
                "timezone": ZONE,
                "status": "active",
                "created_at": created,
                "last_seen_at": NOW,
            }
        )
        for back in range(NIGHTS):
            night = LAST_NIGHT - timedelta(days=back)
            rated_at = datetime(night.year, night.month, night.day, 6, 0, tzinfo=UTC)
            ratings.append(
                {
                    "user_id": user_id,
                    "night": night,
                    "rating": rng.randint(1, 5),
                    "rated_at": rated_at,
                }
            )
            if rng.random() < 5 / 7:
                start = rated_at + timedelta(hours=13, minutes=rng.randint(0, 90))
                sessions.append(
                    {
                        "user_id": user_id,
                        "night": night,
                        "started_at": start,
                        "ended_at": start + timedelta(minutes=10),
                        "planned_seconds": 600,
                        "actual_seconds": 600,
                        "breath_pattern": "exhale-4-6",
                        "variant": "inversion",
                        "outcome": "completed",
                        "checkout_rating": rng.randint(3, 5),
                    }
                )
    return users, ratings, sessions


async def fill(url: str, users: int) -> None:
    engine = make_engine(url)
    try:
        for first in range(1, users + 1, 100):
            user_rows, rating_rows, session_rows = _rows(first, min(first + 99, users))
            async with engine.begin() as connection:
                await connection.execute(insert(User), user_rows)
                await connection.execute(insert(SleepRating), rating_rows)
                await connection.execute(insert(PracticeSession), session_rows)
        async with engine.connect() as connection:
            # A database that has lived a while has planner statistics.
            await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()


async def measure(kind: str, postgres: str | None, users: int, runs: int) -> None:
    async with scratch_database(kind, postgres) as url:
        await upgrade(url)
        started = time.perf_counter()
        await fill(url, users)
        filled = time.perf_counter() - started
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        try:
            async with sessions() as session:
                count = await session.scalar(text("SELECT count(*) FROM sleep_ratings"))
            rng = random.Random(7)
            queries: list[float] = []
            for n in range(runs + 20):
                user_id = rng.randint(1, users)
                began = time.perf_counter()
                async with sessions() as session:
                    await load_summary(session, user_id, ZONE, NOW)
                if n >= 20:  # the first few warm the caches and the connection pool
                    queries.append(time.perf_counter() - began)
            whole: list[float] = []
            charts = 0
            for n in range(max(runs // 4, 20) + 5):
                began = time.perf_counter()
                async with sessions() as session:
                    summary = await load_summary(session, 1, ZONE, NOW)
                composed = await compose(summary)
                if n >= 5:
                    whole.append(time.perf_counter() - began)
                charts += composed.chart is not None
        finally:
            await engine.dispose()
    print(f"\n== {kind}: {count:,} sleep ratings, {users:,} users with a year of nights")
    print(f"   (filling the database took {filled:.1f} s; not part of the figures)")
    print(f"   summary queries, {len(queries)} random users: {spread(queries)}   target <= 20 ms")
    print(
        f"   summary with chart, one year of history, {len(whole)} runs: {spread(whole)}"
        "   target p95 <= 300 ms"
    )
    assert charts == len(whole) + 5, "every run drew a chart"


def spread(values: list[float]) -> str:
    def at(p: float) -> str:
        return ms(percentile(values, p)).strip()

    return f"p50 {at(50)} p95 {at(95)} max {ms(max(values)).strip()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--users", type=int, default=2740)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    for kind in ["sqlite"] + (["postgresql"] if args.postgres else []):
        asyncio.run(measure(kind, args.postgres, args.users, args.runs))
    if not args.postgres:
        print("\n(PostgreSQL skipped: pass --postgres URL or set TEST_DATABASE_URL)")


if __name__ == "__main__":
    main()

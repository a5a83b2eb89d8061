"""Evening reminders at scale, on SQLite and on PostgreSQL.

With 100,000 users who all have an evening schedule:
- cold start: `python -m bot run` as a separate process, from launch until its first
  long poll reaches the (fake) Bot API, and its peak memory (VmHWM) by then;
- claim: the due-reminder job claiming and handing over 10,000 reminders due in the same
  minute (the job itself, called directly, so nothing else is timed);
- delivery: those 10,000 through the fake Bot API enforcing 1/s per chat and 300/s
  overall (Telegram's 30/s scaled up so the run stays short; the ratio is what counts):
  the rate as a share of that budget, and how many were lost or doubled.

    python3 dev.py bench reminders [--postgres URL] [--users 100000] [--due 10000]

PostgreSQL is used when --postgres or TEST_DATABASE_URL names a server (a scratch
database is created and dropped there).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import insert, text

from bench.harness import FakeServer, running_bot, scratch_database, settings_for
from bot.clock import ManualClock
from bot.config import DeliverySettings, RemindersSettings
from bot.context import BotContext
from bot.db import make_engine
from bot.migrate import upgrade
from bot.models import Schedule, User
from bot.reminders.jobs import send_due_reminders

BUDGET = 300.0
# The evening of the run: 21:30 in Berlin on a summer Wednesday.
DUE = datetime(2026, 7, 1, 19, 30, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent


async def fill(url: str, users: int, due: int) -> None:
    """`users` users in Berlin with a 21:30 reminder; `due` of them due at DUE, the rest
    at 21:31-21:59 (due soon, but not in the minute claimed)."""
    engine = make_engine(url)
    created = DUE - timedelta(days=30)
    try:
        for start in range(0, users, 10_000):
            ids = range(start + 1, min(start + 10_000, users) + 1)
            async with engine.begin() as connection:
                await connection.execute(
                    insert(User),
                    [
                        {
                            "id": i,
                            "chat_id": i,
                            "timezone": "Europe/Berlin",
                            "status": "active",
                            "created_at": created,
                            "last_seen_at": created,
                        }
                        for i in ids
                    ],
                )
                await connection.execute(
                    insert(Schedule),
                    [
                        {
                            "user_id": i,
                            "kind": "evening",
                            "local_time": clock_time(21, 30) if i <= due else clock_time(22, 0),
                            "weekdays": 0b1111111,
                            "enabled": True,
                            "next_fire_at": DUE if i <= due else DUE + timedelta(minutes=30),
                        }
                        for i in ids
                    ],
                )
        if engine.dialect.name == "postgresql":
            # A database that has lived a while has planner statistics; a freshly
            # filled one gets them here (autovacuum would, a little later).
            async with engine.connect() as connection:
                await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()


async def cold_start(server: FakeServer, url: str) -> tuple[float, float]:
    """Seconds until the first long poll, and peak memory in MB by then."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": "123456789:BENCH-token-for-the-fake-bot-api-only",
        "WINDDOWN_TELEGRAM__API_BASE_URL": server.base_url,
        "WINDDOWN_TELEGRAM__FILE_BASE_URL": server.file_base_url,
        "WINDDOWN_DATABASE__URL": url,
        "WINDDOWN_DATABASE__AUTO_MIGRATE": "false",
        "WINDDOWN_LOGGING__LEVEL": "WARNING",
    }
    seen = await server.mark()
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=tempfile.gettempdir()
    )
    try:
        while True:
            calls = await server.calls(polls=True, since=seen)
            polls = [c for c in calls if c.method == "getUpdates"]
            if polls:
                ready = polls[0].at - started
                break
            if process.returncode is not None:
                raise RuntimeError("the bot exited during start")
            await asyncio.sleep(0.02)
        await asyncio.sleep(1.0)  # let the first reminder tick run too
        status = await asyncio.to_thread(Path(f"/proc/{process.pid}/status").read_text)
        peak_kb = next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")
        )
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()
    return ready, peak_kb / 1024


async def claim_and_deliver(server: FakeServer, url: str, due: int) -> dict[str, float]:
    clock = ManualClock(DUE - timedelta(minutes=5))
    delivery = DeliverySettings(overall_per_second=BUDGET, per_chat_per_second=1.0)
    settings = settings_for(server, url, delivery).model_copy(
        update={"reminders": RemindersSettings(tick_seconds=300)}
    )
    seen = await server.mark()
    async with running_bot(settings, clock=clock) as app:
        clock.set(DUE + timedelta(seconds=5))
        started = time.perf_counter()
        await send_due_reminders(BotContext(app))
        claim_seconds = time.perf_counter() - started
        deadline = time.monotonic() + 4 * due / BUDGET + 60
        read, delivered_so_far = seen, 0
        while time.monotonic() < deadline and delivered_so_far < due:
            await asyncio.sleep(1.0)
            fresh = await server.calls(since=read)
            read = server.last_mark
            delivered_so_far += sum(
                1 for c in fresh if c.method == "sendMessage" and c.status == 200
            )
        await asyncio.sleep(1.0)
    calls = [c for c in await server.calls(since=seen) if c.method == "sendMessage"]
    delivered = [c for c in calls if c.status == 200]
    per_chat = Counter(c.chat_id for c in delivered)
    span = max(c.at for c in delivered) - min(c.at for c in delivered) if delivered else 0
    return {
        "claim": claim_seconds,
        "delivered": len(per_chat),
        "lost": due - len(per_chat),
        "doubled": sum(n - 1 for n in per_chat.values()),
        "rate": (len(delivered) - 1) / span if span else 0.0,
        "429s": sum(1 for c in calls if c.status == 429),
    }


async def measure(kind: str, postgres: str | None, users: int, due: int) -> None:
    async with scratch_database(kind, postgres) as url, FakeServer(1.0, BUDGET) as server:
        await upgrade(url)
        started = time.perf_counter()
        await fill(url, users, due)
        filled = time.perf_counter() - started
        ready, peak_mb = await cold_start(server, url)
        figures = await claim_and_deliver(server, url, due)
    print(f"\n== {kind}: {users:,} users with schedules, {due:,} due in the same minute")
    print(f"   (filling the database took {filled:.1f} s; not part of the figures)")
    print(f"   cold start to first long poll   {ready:6.2f} s      target <= 3 s")
    print(f"   peak memory of the bot process  {peak_mb:6.0f} MB     target <= 250 MB")
    print(f"   claim and hand over {due:,}     {figures['claim']:6.2f} s      target <= 1 s")
    print(
        f"   delivery rate                   {figures['rate']:6.1f}/s = "
        f"{100 * figures['rate'] / BUDGET:.1f}% of {BUDGET:.0f}/s   target >= 95%"
    )
    print(
        f"   delivered {figures['delivered']:,.0f}, lost {figures['lost']:.0f}, "
        f"doubled {figures['doubled']:.0f}, 429s {figures['429s']:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
    for kind in kinds:
        asyncio.run(measure(kind, args.postgres, args.users, args.due))
    if not args.postgres:
        print("\n(PostgreSQL skipped: pass --postgres URL or set TEST_DATABASE_URL)")


if __name__ == "__main__":
    main()

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
    python3 dev.py bench reminders --kill-at 0.3 0.7 [--workers 2] [--due 10000]

With --kill-at, instead: `python -m bot run` in its own process, the burst due at once,
the bot killed with SIGKILL once that share of it has arrived, and started again (or,
with --workers 2, a second send-only process carries on), beside the same run without
the kill: lost, doubled, in flight at the kill (outbox rows `attempting`), uncertain,
the time from the restart to the last reminder, and the delivery rate after it.

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
# The instant of the burst: two days ahead, so the bot started for the cold start
# (which ticks at once, on the real clock) finds nothing due yet; the claim's clock is
# then moved to it.
DUE = (datetime.now(UTC) + timedelta(days=2)).replace(second=0, microsecond=0)
ROOT = Path(__file__).resolve().parent.parent


async def fill(url: str, users: int, due: int, at: datetime = DUE) -> None:
    """`users` users in Berlin with a 21:30 reminder; `due` of them due at `at`, the rest
    30 minutes later (due soon, but not in the minute claimed)."""
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
                            "next_fire_at": at if i <= due else at + timedelta(minutes=30),
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
    parser.add_argument(
        "--kill-at",
        type=float,
        nargs="+",
        metavar="FRACTION",
        help="instead: kill the bot with SIGKILL once this share of the burst arrived "
        "(one or more), beside a run without the kill",
    )
    parser.add_argument(
        "--workers", type=int, choices=(1, 2), default=1, help="with --kill-at (2: PostgreSQL)"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
    if args.kill_at:
        if args.workers == 2:
            kinds = ["postgresql"] if args.postgres else []
        for kind in kinds:
            asyncio.run(measure_crashes(kind, args.postgres, args.due, args.kill_at, args.workers))
        if not args.postgres:
            print("\n(PostgreSQL skipped: pass --postgres URL or set TEST_DATABASE_URL)")
        return
    for kind in kinds:
        asyncio.run(measure(kind, args.postgres, args.users, args.due))
    if not args.postgres:
        print("\n(PostgreSQL skipped: pass --postgres URL or set TEST_DATABASE_URL)")


# -- a crash in the middle of the burst -----------------------------------------------------


def bot_env(server: FakeServer, url: str, budget: float, **settings: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": "123456789:BENCH-token-for-the-fake-bot-api-only",
        "WINDDOWN_TELEGRAM__API_BASE_URL": server.base_url,
        "WINDDOWN_TELEGRAM__FILE_BASE_URL": server.file_base_url,
        "WINDDOWN_DATABASE__URL": url,
        "WINDDOWN_DATABASE__AUTO_MIGRATE": "false",
        "WINDDOWN_LOGGING__LEVEL": "WARNING",
        "WINDDOWN_DELIVERY__OVERALL_PER_SECOND": str(budget),
        "WINDDOWN_REMINDERS__TICK_SECONDS": "1",
        "WINDDOWN_REMINDERS__LEASE_SECONDS": str(LEASE_SECONDS),
        **{f"WINDDOWN_{key.upper()}": value for key, value in settings.items()},
    }


LEASE_SECONDS = 10


async def start_process(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=tempfile.gettempdir()
    )


async def outbox_counts(url: str) -> Counter[str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT state, count(*) FROM outbox GROUP BY state")
            )
            return Counter({state: count for state, count in rows.all()})
    finally:
        await engine.dispose()


class Tally:
    """The reminders the fake server delivered, read as they come."""

    def __init__(self, server: FakeServer, mark: int) -> None:
        self.server, self.mark = server, mark
        self.per_chat: Counter[int] = Counter()
        self.times: list[float] = []

    async def read(self) -> int:
        fresh = await self.server.calls(since=self.mark)
        self.mark = self.server.last_mark
        for c in fresh:
            if c.method == "sendMessage" and c.status == 200 and c.chat_id is not None:
                self.per_chat[c.chat_id] += 1
                self.times.append(c.at)
        return len(self.per_chat)

    async def until(self, count: float, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if await self.read() >= count or time.monotonic() > deadline:
                return
            await asyncio.sleep(0.05)

    def rate_since(self, start: float) -> float:
        later = sorted(t for t in self.times if t >= start)
        return (len(later) - 1) / (later[-1] - later[0]) if len(later) > 1 else 0.0


async def crash_run(
    kind: str, postgres: str | None, due: int, kill_at: float | None, workers: int
) -> dict[str, float]:
    """`due` users due now; `workers` processes (the others send only); the first killed
    with SIGKILL once `kill_at` of the burst has arrived, then (with one worker)
    started again."""
    budget = BUDGET / workers  # one bot's budget with Telegram, shared
    async with scratch_database(kind, postgres) as url, FakeServer(1.0, BUDGET) as server:
        await upgrade(url)
        await fill(url, due, due, at=datetime.now(UTC) - timedelta(seconds=30))
        tally = Tally(server, await server.mark())
        processes = [await start_process(bot_env(server, url, budget))]
        for _ in range(workers - 1):
            processes.append(
                await start_process(bot_env(server, url, budget, telegram__mode="send-only"))
            )
        figures: dict[str, float] = {"in_flight": 0, "after_restart": 0.0}
        try:
            started = time.monotonic()
            if kill_at is not None:
                await tally.until(due * kill_at, 4 * due / budget + 120)
                processes[0].send_signal(signal.SIGKILL)
                await processes[0].wait()
                killed = time.monotonic()
                figures["in_flight"] = (await outbox_counts(url))["attempting"]
                figures["at_kill"] = await tally.read()
                if workers == 1:
                    processes[0] = await start_process(bot_env(server, url, budget))
                else:
                    processes.pop(0)
                restarted = time.monotonic()
            await tally.until(due, 4 * due / budget + 180)
            finished = time.monotonic()
            await asyncio.sleep(2.0)  # any late double shows now
            await tally.read()
            if kill_at is not None:
                figures["after_restart"] = finished - restarted
                figures["downtime"] = restarted - killed
                figures["rate"] = tally.rate_since(restarted)
            else:
                figures["rate"] = tally.rate_since(0)
            figures["total"] = finished - started
        finally:
            for process in processes:
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
                    await process.wait()
        states = await outbox_counts(url)
    figures["lost"] = due - len(tally.per_chat)
    figures["doubled"] = sum(n - 1 for n in tally.per_chat.values())
    figures["uncertain"] = states["uncertain"]
    figures["budget"] = BUDGET
    return figures


async def measure_crashes(
    kind: str, postgres: str | None, due: int, kills: list[float], workers: int
) -> None:
    print(
        f"\n== {kind}: {due:,} reminders due in the same minute, {workers} worker(s), "
        f"fake Bot API at 1/s per chat and {BUDGET:.0f}/s overall, lease {LEASE_SECONDS} s"
    )
    print(
        "   run            lost  doubled  in flight  uncertain  restart→done   rate (share of"
        " budget)"
    )
    for kill_at in [None, *kills]:
        f = await crash_run(kind, postgres, due, kill_at, workers)
        name = "no kill" if kill_at is None else f"killed at {kill_at:.0%}"
        after = "-" if kill_at is None else f"{f['after_restart']:.1f} s"
        print(
            f"   {name:<14} {f['lost']:>4.0f}  {f['doubled']:>7.0f}  {f['in_flight']:>9.0f}"
            f"  {f['uncertain']:>9.0f}  {after:>12}   {f['rate']:.1f}/s "
            f"({100 * f['rate'] / BUDGET:.1f}%)"
        )


if __name__ == "__main__":
    main()

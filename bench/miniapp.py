"""The pacer Mini App under load: how many pages one bot process serves.

A page costs the server two requests a session: the timeline when it opens (GET
/miniapp/api/session) and the finished session (POST /miniapp/api/finish: the init-data
check, one transaction, one chat line). Clients run in a process of their own (so their
work does not steal the bot's event loop), each as its own user with its own signed init
data, one request after another, for 1, 20 and 100 pages at once. Beside them, in the
same run: GET /healthz (the web server's floor: one query, no init data), and a chat-only
run of live breath prompts, alone and then with 100 pages loading the same process.

    python3 dev.py bench miniapp [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import socket
import sys
import time
from datetime import UTC, datetime
from typing import Any

import aiohttp

from bench.harness import TOKEN, FakeServer, percentile, running_bot, scratch_sqlite
from bot.config import (
    DatabaseSettings,
    DeliverySettings,
    HttpSettings,
    MiniappSettings,
    Settings,
    TelegramSettings,
)
from bot.db import make_engine, make_sessionmaker
from bot.miniapp.initdata import sign
from bot.models import User
from bot.winddown.breathing import PATTERNS, choose_detail, progress, timeline
from bot.winddown.runner import LiveSession, Runner

FIRST_USER = 7_000_000
FINISH = {"pattern": "exhale-4-6", "seconds": 600, "elapsed": 600.5, "outcome": "completed"}
CHAT_SESSIONS, CHAT_CHAT = 50, 8_000_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- the clients' process -------------------------------------------------------------------


async def clients(
    port: int, route: str, pages: int, seconds: float, rate: float | None
) -> dict[str, Any]:
    """`pages` clients, one request after another each (flat out, or `rate` a second in
    all, evenly spread)."""
    now = datetime.now(UTC)
    latencies: list[float] = []
    errors: dict[int, int] = {}
    gap = pages / rate if rate else 0.0
    connector = aiohttp.TCPConnector(limit=pages)
    async with aiohttp.ClientSession(
        base_url=f"http://127.0.0.1:{port}", connector=connector
    ) as client:
        deadline = time.monotonic() + seconds

        async def page(n: int) -> None:
            headers = {"Authorization": "tma " + sign(TOKEN, FIRST_USER + n, "Bench", now)}
            due = time.monotonic() + gap * n / pages
            while time.monotonic() < deadline:
                if gap:
                    await asyncio.sleep(max(0.0, due - time.monotonic()))
                    due += gap
                started = time.monotonic()
                if route == "finish":
                    request = client.post("/miniapp/api/finish", headers=headers, json=FINISH)
                elif route == "session":
                    request = client.get("/miniapp/api/session", headers=headers)
                else:
                    request = client.get("/healthz")
                async with request as response:
                    await response.read()
                    if response.status != 200:
                        errors[response.status] = errors.get(response.status, 0) + 1
                        continue
                latencies.append(time.monotonic() - started)

        started = time.monotonic()
        await asyncio.gather(*(page(n) for n in range(pages)))
        wall = time.monotonic() - started
    return {
        "rate": len(latencies) / wall,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "errors": errors,
    }


async def load(
    port: int, route: str, pages: int, seconds: float, rate: float | None = None
) -> dict[str, Any]:
    """The clients, in a child process; their figures."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.miniapp",
        "--clients",
        json.dumps([port, route, pages, seconds, rate]),
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await child.communicate()
    return dict(json.loads(out))


# -- the bot's process ----------------------------------------------------------------------


def settings(server: FakeServer, url: str, port: int, overall: float, per_chat: float) -> Settings:
    return Settings(
        telegram=TelegramSettings(
            token=TOKEN, api_base_url=server.base_url, file_base_url=server.file_base_url
        ),
        database=DatabaseSettings(url=url, auto_migrate=False),
        delivery=DeliverySettings(overall_per_second=overall, per_chat_per_second=per_chat),
        http=HttpSettings(port=port),
        miniapp=MiniappSettings(url="https://pacer.example.org/miniapp/"),
    )


async def seed(url: str, users: int) -> None:
    engine = make_engine(url)
    now = datetime.now(UTC)
    async with make_sessionmaker(engine).begin() as session:
        for n in range(users):
            session.add(
                User(
                    id=FIRST_USER + n,
                    chat_id=FIRST_USER + n,
                    timezone="Europe/Berlin",
                    status="active",
                    consented_at=now,
                    screening=[],
                    screened_at=now,
                    session_seconds=600,
                    breath_pattern="exhale-4-6",
                    created_at=now,
                    last_seen_at=now,
                )
            )
    await engine.dispose()


async def pages_case(seconds: float) -> list[tuple[str, int, dict[str, Any]]]:
    """Each route at 1, 20 and 100 pages at once. The fake Bot API has no limits here,
    and the bot neither, so the chat lines (one per finish, hundreds per person here)
    drain at once; Telegram's own 30 a second caps them in production (see the summary
    line)."""
    rows = []
    async with FakeServer(None, None) as server, scratch_sqlite() as url:
        await seed(url, 100)
        port = free_port()
        async with running_bot(settings(server, url, port, overall=1000.0, per_chat=0)):
            for route in ("healthz", "session", "finish"):
                for pages in (1, 20, 100):
                    rows.append((route, pages, await load(port, route, pages, seconds)))
    return rows


async def chat_case(seconds: float, pages: int, rate: float | None) -> dict[str, float]:
    """Live breath prompts of CHAT_SESSIONS chat sessions against Telegram's real limits,
    with `pages` pacer pages loading the same process (0: chat only), `rate` requests a
    second in all or flat out."""
    pattern = PATTERNS["exhale-4-6"]
    async with FakeServer(1.0, 30.0) as server, scratch_sqlite() as url:
        await seed(url, max(pages, 1))
        port = free_port()
        async with running_bot(settings(server, url, port, overall=30.0, per_chat=1.0)) as app:
            runner = Runner(app.bot)
            detail = choose_detail(pattern, CHAT_SESSIONS, 30.0 * 0.6)
            seen = await server.mark()
            background = (
                asyncio.create_task(load(port, "session", pages, seconds, rate)) if pages else None
            )
            lives = []
            for n in range(CHAT_SESSIONS):
                prompts = timeline(pattern, seconds, 2.0, detail)
                live = LiveSession(n, n, CHAT_CHAT + n, pattern, seconds, prompts)
                runner.start(live)
                lives.append(live)
                await asyncio.sleep(2.0 / CHAT_SESSIONS)
            await asyncio.sleep(seconds + 1)
            await runner.stop_all()
            pacer = await background if background else None
        calls = await server.calls(since=seen)
    due = {
        (live.chat_id, f"{p.text}\n\n{progress(p.at, live.total)}"): live.start_at + p.at
        for live in lives
        for p in live.prompts
    }
    lateness = [
        call.at - due[(call.chat_id, call.text)]
        for call in calls
        if call.status == 200 and (call.chat_id, call.text) in due
    ]
    return {
        "p50": percentile(lateness, 50),
        "p99": percentile(lateness, 99),
        "shown": len(lateness) / len(due),
        "pacer_rate": pacer["rate"] if pacer else float("nan"),
    }


def _errors(by_status: dict[str, int]) -> str:
    return " ".join(f"{n}×{status}" for status, n in sorted(by_status.items())) or "0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.clients:
        port, route, pages, seconds, rate = json.loads(args.clients)
        print(json.dumps(asyncio.run(clients(port, route, pages, seconds, rate))))
        return
    logging.basicConfig(level=logging.CRITICAL)
    print(f"one bot process on SQLite; {args.seconds:.0f} s a case; clients in another process")
    print(f"{'route':>22} {'pages':>6} {'req/s':>8} {'p50':>9} {'p99':>9} {'errors':>7}")
    names = {
        "healthz": "GET /healthz (floor)",
        "session": "GET timeline",
        "finish": "POST finish",
    }
    rows = asyncio.run(pages_case(args.seconds))
    for route, pages, r in rows:
        print(
            f"{names[route]:>22} {pages:>6} {r['rate']:8.0f} {r['p50'] * 1000:7.1f}ms "
            f"{r['p99'] * 1000:7.1f}ms {_errors(r['errors']):>7}",
            flush=True,
        )
    at_most = {route: r["rate"] for route, pages, r in rows if pages == 100}
    per_session = 1 / at_most["session"] + 1 / at_most["finish"]  # seconds of server time
    print(
        f"A session costs one timeline GET and one finish POST: {1 / per_session:.0f} "
        f"sessions a second, so about {600 / per_session:,.0f} 10-minute sessions at once "
        "for the web server. The chat line after each is capped by Telegram's 30 messages "
        "a second overall: 18,000 10-minute sessions at once."
    )
    print(f"\nchat-only beside it: {CHAT_SESSIONS} live chat sessions, Telegram's limits")
    print(f"{'pages loading':>22} {'p50':>9} {'p99':>9} {'shown':>7} {'pacer GETs/s':>13}")
    # 20 requests a second: the timeline and finish of 6,000 10-minute sessions at once.
    for pages, rate, name in (
        (0, None, "none (chat only)"),
        (100, 20.0, "100 at 20 req/s"),
        (100, None, "100 flat out"),
    ):
        r = asyncio.run(chat_case(args.seconds * 3, pages, rate))
        print(
            f"{name:>22} {r['p50'] * 1000:7.1f}ms {r['p99'] * 1000:7.1f}ms "
            f"{r['shown']:7.1%} {r['pacer_rate']:13.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Live breath prompts under load: 1, 50 and 200 guided sessions at once, against the fake
Bot API with Telegram's real limits (1/s per chat, 30/s overall, so 200 sessions cannot
all get every phase), with and without 10,000 reminders draining at the same time.

Printed for each case: the lateness of the prompts that were shown (p50, p99, max, from
the prompt's due instant to its arrival at the server), the share of prompts shown, the
detail the sessions chose, and any prompt that arrived after its phase had ended.

    python3 dev.py bench session [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time

from bench.harness import FakeServer, percentile, running_bot, scratch_sqlite, settings_for
from bot.config import DeliverySettings
from bot.winddown.breathing import PATTERNS, choose_detail, progress, timeline
from bot.winddown.runner import LiveSession, Runner

BUDGET = 30.0  # Telegram's own overall limit, unscaled
LIVE_SHARE = 0.6
SETTLE = 10.0
SESSION_CHAT, BULK_CHAT = 5_000_000, 6_000_000


async def run_case(sessions: int, burst: bool, seconds: float) -> dict[str, float | str]:
    delivery = DeliverySettings(overall_per_second=BUDGET, per_chat_per_second=1.0)
    pattern = PATTERNS["exhale-4-6"]
    async with FakeServer(1.0, BUDGET) as server, scratch_sqlite() as db:
        async with running_bot(settings_for(server, db, delivery)) as app:
            runner = Runner(app.bot)
            detail = choose_detail(pattern, sessions, BUDGET * LIVE_SHARE)
            seen = await server.mark()
            if burst:
                for n in range(10_000):
                    app.bot_data.delivery.send_message(BULK_CHAT + n, f"bulk {n}")
            lives = []
            for n in range(sessions):
                prompts = timeline(pattern, seconds, SETTLE, detail)
                live = LiveSession(n, n, SESSION_CHAT + n, pattern, seconds, prompts)
                runner.start(live)
                lives.append(live)
                # Sessions begin over the settling time, as people tap Ready at different
                # moments (all within ten seconds: a crowded evening).
                await asyncio.sleep(SETTLE / max(sessions, 1))
            await asyncio.sleep(seconds + 1)
            await runner.stop_all()
        calls = await server.calls(since=seen)

    expected: dict[tuple[int, str], tuple[float, float]] = {}
    for live in lives:
        for prompt in live.prompts:
            text = f"{prompt.text}\n\n{progress(prompt.at, live.total)}"
            expected[(live.chat_id, text)] = (
                live.start_at + prompt.at,
                live.start_at + prompt.until,
            )
    lateness, after_end = [], 0
    for call in calls:
        key = (call.chat_id, call.text)
        if call.status == 200 and key in expected:
            due, until = expected[key]
            lateness.append(call.at - due)
            after_end += call.at > until
    return {
        "detail": detail.name.lower(),
        "p50": percentile(lateness, 50),
        "p99": percentile(lateness, 99),
        "max": max(lateness, default=float("nan")),
        "shown": len(lateness) / len(expected),
        "after_end": after_end,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    print(
        f"fake Bot API: 1/s per chat, {BUDGET:.0f}/s overall; sessions of {args.seconds:.0f} s "
        f"(exhale 4-6, settle {SETTLE:.0f} s); live prompts may use {LIVE_SHARE:.0%} of the budget"
    )
    print(
        f"{'sessions':>9} {'10k reminders':>14} {'detail':>11} {'p50':>9} {'p99':>9} "
        f"{'max':>9} {'shown':>7} {'after end':>10}"
    )
    for sessions in (1, 50, 200):
        for burst in (False, True):
            started = time.monotonic()
            r = asyncio.run(run_case(sessions, burst, args.seconds))
            print(
                f"{sessions:>9} {'draining' if burst else '-':>14} {r['detail']:>11} "
                f"{r['p50'] * 1000:7.1f}ms {r['p99'] * 1000:7.1f}ms {r['max'] * 1000:7.1f}ms "
                f"{r['shown']:7.1%} {r['after_end']:>10}   ({time.monotonic() - started:.0f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main()

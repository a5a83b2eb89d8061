"""Live sessions under load, text guide against audio guide in one run: N guided sessions
at once (200 by default) while 10,000 reminders drain, against the fake Bot API with
Telegram's real limits (1/s per chat, 30/s overall).

Printed for each guide: the lateness of the prompts shown (p50, p99, max, from the
prompt's due instant to its arrival at the server), the first prompts' p99 on its own,
the share of prompts shown, any shown after their phase ended, the voice messages (and
how many were uploads), and the share of the overall budget the sessions used while
they ran (what was left went to the reminders).

    python3 dev.py bench session [--sessions 200] [--seconds 60] [--reminders 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time

from bench.harness import FakeServer, percentile, running_bot, scratch_sqlite, settings_for
from bot.clock import SystemClock
from bot.config import DeliverySettings
from bot.vocab import Guide
from bot.winddown.breathing import PATTERNS, Detail, choose_detail, progress, timeline
from bot.winddown.media import MediaCache
from bot.winddown.runner import LiveSession, Runner

BUDGET = 30.0  # Telegram's own overall limit, unscaled
LIVE_SHARE = 0.6
SETTLE = 10.0
SESSION_CHAT, BULK_CHAT = 5_000_000, 6_000_000


async def run_case(
    guide: Guide, sessions: int, seconds: float, reminders: int
) -> dict[str, float | str]:
    delivery = DeliverySettings(overall_per_second=BUDGET, per_chat_per_second=1.0)
    pattern = PATTERNS["exhale-4-6"]
    async with FakeServer(1.0, BUDGET) as server, scratch_sqlite() as db:
        async with running_bot(settings_for(server, db, delivery)) as app:
            media = MediaCache(lambda: app.bot_data.sessions, SystemClock())
            runner = Runner(app.bot, media=media)
            if guide == Guide.AUDIO:
                detail = Detail.PROGRESS
            else:
                detail = choose_detail(pattern, sessions, BUDGET * LIVE_SHARE)
            seen = await server.mark()
            for n in range(reminders):
                app.bot_data.delivery.send_message(BULK_CHAT + n, f"bulk {n}")
            lives = []
            began = time.monotonic()
            for n in range(sessions):
                prompts = timeline(pattern, seconds, SETTLE, detail)
                live = LiveSession(
                    n, n, SESSION_CHAT + n, pattern, seconds, prompts, guide=guide, settle=SETTLE
                )
                runner.start(live)
                lives.append(live)
                # People tap Ready at different moments (all within ten seconds).
                await asyncio.sleep(SETTLE / max(sessions, 1))
            await asyncio.sleep(seconds + 1)
            ended = time.monotonic()
            await runner.stop_all()
        calls = await server.calls(since=seen)

    expected: dict[tuple[int, str], tuple[float, float, bool]] = {}
    for live in lives:
        for n, prompt in enumerate(live.prompts):
            text = f"{prompt.text}\n\n{progress(prompt.at, live.total)}"
            expected[(live.chat_id, text)] = (
                live.start_at + prompt.at,
                live.start_at + prompt.until,
                n == 0,
            )
    lateness, first, after_end = [], [], 0
    for call in calls:
        key = (call.chat_id, call.text)
        if call.status == 200 and key in expected:
            due, until, is_first = expected[key]
            (first if is_first else lateness).append(call.at - due)
            after_end += call.at > until
    in_window = [c for c in calls if c.status == 200 and began <= c.at <= ended]
    session_calls = [c for c in in_window if SESSION_CHAT <= (c.chat_id or 0) < BULK_CHAT]
    voices = [c for c in calls if c.method == "sendVoice" and c.status == 200]
    return {
        "detail": detail.name.lower(),
        "p50": percentile(lateness, 50),
        "p99": percentile(lateness, 99),
        "max": max(lateness, default=float("nan")),
        "first_p99": percentile(first, 99),
        "shown": (len(lateness) + len(first)) / len(expected),
        "after_end": after_end,
        "voices": len(voices),
        "uploads": media.uploads,
        "share": len(session_calls) / (BUDGET * (ended - began)),
        "reminders": sum(1 for c in in_window if (c.chat_id or 0) >= BULK_CHAT),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--reminders", type=int, default=10_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    print(
        f"fake Bot API: 1/s per chat, {BUDGET:.0f}/s overall; {args.sessions} sessions of "
        f"{args.seconds:.0f} s (exhale 4-6, settle {SETTLE:.0f} s) while {args.reminders} "
        f"reminders drain; text prompts may use {LIVE_SHARE:.0%} of the budget"
    )
    print(
        f"{'guide':>6} {'detail':>10} {'p50':>9} {'p99':>9} {'max':>9} {'first p99':>10} "
        f"{'shown':>7} {'late':>5} {'voice':>6} {'uploads':>8} {'budget':>7} {'reminders':>10}"
    )
    for guide in (Guide.TEXT, Guide.AUDIO):
        started = time.monotonic()
        r = asyncio.run(run_case(guide, args.sessions, args.seconds, args.reminders))
        print(
            f"{guide.value:>6} {r['detail']:>10} {r['p50'] * 1000:7.1f}ms "
            f"{r['p99'] * 1000:7.1f}ms {r['max'] * 1000:7.1f}ms {r['first_p99'] * 1000:8.1f}ms "
            f"{r['shown']:7.1%} {r['after_end']:>5} {r['voices']:>6} {r['uploads']:>8} "
            f"{r['share']:7.1%} {r['reminders']:>10}   ({time.monotonic() - started:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Three kinds of traffic at once through the delivery path.

Against the fake Bot API enforcing 1 message/s per chat and 300/s overall (Telegram's 30/s
scaled up so the run stays short; the ratios are what count), for SECONDS seconds:
- 10,000 bulk messages to 10,000 chats, handed to the bulk sender at once;
- 500 live sessions, each editing its breath message every 5 seconds;
- 100 people, each sending a message every 2 seconds that needs a reply (/help).

Printed for each class: delivered, lost, duplicated, 429s received, lateness p50 / p99
(interactive: from the update reaching the server to the reply reaching it; live: from
the prompt's due instant to the edit reaching the server), and the bulk rate against the
budget the other classes leave. Then the same run with python-telegram-bot's stock
AIORateLimiter.

    python3 dev.py bench delivery [--seconds 60] [--limiter ours|stock|both]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from telegram.error import TelegramError
from telegram.ext import AIORateLimiter

from bench.harness import FakeServer, ms, percentile, running_bot, scratch_sqlite, settings_for
from bot import texts
from bot.config import DeliverySettings
from bot.delivery import Outcome, Priority

BUDGET = 300.0
BULK, LIVE_SESSIONS, USERS = 10_000, 500, 100
LIVE_EVERY, USER_EVERY = 5.0, 2.0
BULK_CHAT, LIVE_CHAT, USER_CHAT = 2_000_000, 1_000_000, 3_000_000


class StockLimiter(AIORateLimiter):
    """python-telegram-bot's AIORateLimiter with the overall budget scaled like the fake
    server's, and 3 retries (its default is none) so that lost counts compare fairly.
    It knows nothing of our priorities, so it is not handed them."""

    def __init__(self) -> None:
        super().__init__(overall_max_rate=BUDGET, overall_time_period=1, max_retries=3)

    async def process_request(  # type: ignore[override]
        self,
        callback: Any,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Any,
    ) -> Any:
        return await super().process_request(callback, args, kwargs, endpoint, data, None)


@dataclass
class Run:
    t0: float = 0.0
    pushes: dict[int, list[float]] = field(default_factory=dict)  # user chat → push times
    live_due: dict[tuple[int, int], float] = field(default_factory=dict)  # (chat, phase)
    live_errors: Counter[str] = field(default_factory=Counter)
    bulk_outcomes: Counter[str] = field(default_factory=Counter)


def message_update(chat_id: int, text: str) -> dict[str, Any]:
    return {
        "message_id": int(time.monotonic() * 1000) % 1_000_000_000,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Bench"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Bench"},
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }


async def drive(app: Any, server: FakeServer, seconds: float, run: Run) -> None:
    bot = app.bot
    loop = asyncio.get_running_loop()
    first = await asyncio.gather(
        *(
            bot.send_message(LIVE_CHAT + i, "phase 0", rate_limit_args=Priority.LIVE)
            for i in range(LIVE_SESSIONS)
        )
    )
    live_messages = {m.chat_id: m.message_id for m in first}
    await asyncio.sleep(1.5)  # let every chat's one-second window pass
    run.t0 = t0 = loop.time()
    end = t0 + seconds

    bulk = [app.bot_data.delivery.send_message(BULK_CHAT + i, f"bulk {i}") for i in range(BULK)]

    async def live_prompt(chat_id: int, phase: int, due: float) -> None:
        await asyncio.sleep(max(0.0, due - loop.time()))
        try:
            await bot.edit_message_text(
                f"phase {phase}", chat_id, live_messages[chat_id], rate_limit_args=Priority.LIVE
            )
        except TelegramError as error:
            run.live_errors[type(error).__name__] += 1

    async def person(chat_id: int, offset: float) -> None:
        times = run.pushes.setdefault(chat_id, [])
        due = t0 + offset
        while due < end:
            await asyncio.sleep(max(0.0, due - loop.time()))
            times.append(await server.push("message", message_update(chat_id, "/help")))
            due += USER_EVERY

    tasks = []
    for i in range(LIVE_SESSIONS):
        chat_id = LIVE_CHAT + i
        due, phase = t0 + i * LIVE_EVERY / LIVE_SESSIONS + LIVE_EVERY, 1
        while due < end:
            run.live_due[(chat_id, phase)] = due
            tasks.append(asyncio.create_task(live_prompt(chat_id, phase, due)))
            due, phase = due + LIVE_EVERY, phase + 1
    tasks += [
        asyncio.create_task(person(USER_CHAT + u, u * USER_EVERY / USERS)) for u in range(USERS)
    ]
    await asyncio.gather(*tasks)
    for delivery in await asyncio.wait_for(asyncio.gather(*bulk), timeout=600):
        run.bulk_outcomes[delivery.outcome] += 1
    await asyncio.sleep(2)  # the last replies


async def measure(name: str, seconds: float) -> None:
    delivery = DeliverySettings(overall_per_second=BUDGET, per_chat_per_second=1.0)
    run = Run()
    async with FakeServer(per_chat=1, overall=BUDGET) as server, scratch_sqlite() as db:
        extra = {"rate_limiter": StockLimiter()} if name == "stock" else {}
        async with running_bot(settings_for(server, db, delivery), **extra) as app:
            started = time.monotonic()
            await drive(app, server, seconds, run)
            wall = time.monotonic() - started
        calls = await server.calls()
    report(name, seconds, wall, run, calls)


def report(name: str, seconds: float, wall: float, run: Run, calls: list[Any]) -> None:
    help_text = texts.help_text()
    end = run.t0 + seconds

    def kind(call: Any) -> str | None:
        if call.text == help_text:
            return "interactive"
        if call.text and call.text.startswith("phase") and call.method == "editMessageText":
            return "live"
        if call.text and call.text.startswith("bulk"):
            return "bulk"
        return None

    ok = [c for c in calls if c.status == 200]
    too_many = Counter(kind(c) for c in calls if c.status == 429)

    # Interactive: the n-th reply to a person answers their n-th message.
    replies: dict[int, list[float]] = {}
    for call in ok:
        if kind(call) == "interactive":
            replies.setdefault(call.chat_id, []).append(call.at)
    pushed = sum(len(times) for times in run.pushes.values())
    answered = sum(min(len(replies.get(c, [])), len(t)) for c, t in run.pushes.items())
    extra_replies = sum(max(0, len(replies.get(c, [])) - len(t)) for c, t in run.pushes.items())
    reply_lateness = [
        reply - push
        for chat_id, times in run.pushes.items()
        for push, reply in zip(times, replies.get(chat_id, []), strict=False)
    ]

    # Live: lateness of each prompt's edit against its due instant.
    live_seen = Counter((c.chat_id, int(c.text.split()[1])) for c in ok if kind(c) == "live")
    live_lateness = [
        at - run.live_due[(c.chat_id, int(c.text.split()[1]))]
        for c in ok
        if kind(c) == "live"
        for at in [c.at]
        if (c.chat_id, int(c.text.split()[1])) in run.live_due
    ]

    bulk_seen = Counter((c.chat_id, c.text) for c in ok if kind(c) == "bulk")
    bulk_in_window = sum(1 for c in ok if kind(c) == "bulk" and run.t0 <= c.at < end)
    others_in_window = sum(
        1 for c in ok if kind(c) in ("interactive", "live") and run.t0 <= c.at < end
    )
    left_for_bulk = BUDGET - others_in_window / seconds
    bulk_rate = bulk_in_window / seconds
    bulk_done = max((c.at for c in ok if kind(c) == "bulk"), default=run.t0) - run.t0

    title = {
        "ours": "PriorityRateLimiter (ours)",
        "stock": "AIORateLimiter (python-telegram-bot's stock limiter, max_retries=3)",
    }[name]
    print(f"\n== {title}")
    print(
        f"   fake Bot API: 1/s per chat, {BUDGET:.0f}/s overall; {seconds:.0f} s of load; "
        f"run took {wall:.0f} s"
    )
    print(
        f"   {'class':<12}{'delivered':>14}{'lost':>7}{'dup':>6}{'429s':>7}"
        f"{'lateness p50':>16}{'p99':>13}"
    )
    rows = [
        (
            "interactive",
            f"{answered}/{pushed}",
            pushed - answered,
            extra_replies,
            too_many["interactive"],
            reply_lateness,
        ),
        (
            "live",
            f"{len(live_seen)}/{len(run.live_due)}",
            len(run.live_due) - len(live_seen),
            sum(n - 1 for n in live_seen.values()),
            too_many["live"],
            live_lateness,
        ),
        (
            "bulk",
            f"{len(bulk_seen)}/{BULK}",
            BULK - len(bulk_seen),
            sum(n - 1 for n in bulk_seen.values()),
            too_many["bulk"],
            None,
        ),
    ]
    for label, delivered, lost, dup, limited, lateness in rows:
        late = f"{ms(percentile(lateness, 50)):>16}{ms(percentile(lateness, 99)):>13}"
        print(
            f"   {label:<12}{delivered:>14}{lost:>7}{dup:>6}{limited:>7}"
            + (late if lateness is not None else f"{'(all at once)':>16}")
        )
    print(
        f"   bulk rate while the others ran: {bulk_rate:.1f}/s of the {left_for_bulk:.1f}/s "
        f"they left = {100 * bulk_rate / left_for_bulk:.1f}%; all bulk done after "
        f"{bulk_done:.0f} s; outcomes {dict(run.bulk_outcomes)}"
    )
    if run.live_errors:
        print(f"   live prompt errors: {dict(run.live_errors)}")
    if not run.bulk_outcomes.get(Outcome.SENT):
        print("   (no bulk message was sent)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--limiter", choices=["ours", "stock", "both"], default="both")
    args = parser.parse_args()
    # The stock limiter logs a traceback per failed request; the table counts them.
    logging.basicConfig(level=logging.CRITICAL)
    for name in ["ours", "stock"] if args.limiter == "both" else [args.limiter]:
        asyncio.run(measure(name, args.seconds))


if __name__ == "__main__":
    main()

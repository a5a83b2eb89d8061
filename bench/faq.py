"""The FAQ against its evaluation set (tests/faq/eval_questions.yaml), per split, with the
hybrid ranking (lexical + meaning) beside the lexical ranker alone, in one run.

Rows: in-scope questions answered with the right entry, questions about using the bot
(a part of those), out-of-scope questions abstained on, condition questions that name the
condition and point to a clinician, acute symptoms, crisis recall, and false crisis (the
crisis answer to a message that is not one; gentle questions counted beside it). The
splits that count are the strangers' held-out ones: written by someone who had not read
the knowledge base, and never tuned on. Then, on one core: the latency of answer() with
the model beside without it, and start-up with the vector cache beside without it.

    python3 dev.py bench faq [--rounds 5] [--misses]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.faq.answer import Answer, answer
from bot.understanding.meaning import build_meaning, default_meaning
from bot.understanding.model import load_embedder
from tests.faq.evaluation import (
    HELD_OUT,
    SPLITS,
    STRANGERS_HELD_OUT,
    TUNE_SPLITS,
    Figures,
    evaluate,
    load_questions,
)

TARGETS = {
    "in scope, right entry": ">= 90%",
    "  how-to (using the bot)": ">= 90%",
    "out of scope, abstained": ">= 95%",
    "conditions named": "100%",
    "acute symptoms": "100%",
    "crisis recall": "100%",
    "false crisis": "<= 2%",
}


def rows(f: Figures) -> list[tuple[str, str]]:
    return [
        ("in scope, right entry", f.describe("faq")),
        ("  how-to (using the bot)", f.share(f.howto_right, f.howto_total)),
        ("out of scope, abstained", f.describe("none")),
        ("conditions named", f.describe("safety")),
        ("acute symptoms", f.describe("acute")),
        ("crisis recall", f.describe("crisis")),
        ("  crisis asked gently", f.share(f.crisis_checked, f.total["crisis"])),
        ("  crisis help or asked", f.share(f.crisis_reached, f.total["crisis"])),
        ("false crisis", f.share(f.false_crisis, f.calm_total)),
        ("  gentle questions", f.share(f.false_checks, f.calm_total)),
    ]


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[round(p * 10) - 1]


def timed(ask: Callable[[str], Answer], questions: list[str], rounds: int) -> str:
    timings = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            ask(question)
            timings.append(time.perf_counter() - started)
    p50, p99, worst = (percentile(timings, 50), percentile(timings, 99), max(timings))
    return f"p50 {p50 * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms   max {worst * 1000:6.2f} ms"


def start_up(cache: Path) -> float:
    started = time.perf_counter()
    build_meaning(load_embedder(), cache)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="latency: passes over the set")
    parser.add_argument(
        "--misses", action="store_true", help="list the hybrid's misses on the tune splits"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):  # one core, as a busy server gives one question
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    questions = load_questions()
    meaning = default_meaning()
    rankers: dict[str, Callable[[str], Answer]] = {
        "hybrid": answer,
        "lexical": lambda q: answer(q, meaning=None),
    }
    print(f"meaning model: {'loaded' if meaning else 'MISSING: both columns are lexical'}")
    for split in (*SPLITS, HELD_OUT, STRANGERS_HELD_OUT):
        both = {name: evaluate(questions, split, ask) for name, ask in rankers.items()}
        count = sum(both["hybrid"].total.values())
        print(f"\n== {both['hybrid'].split}: {count} questions")
        print(f"   {'':<26} {'hybrid':>16} {'lexical alone':>16}   target")
        for (label, hybrid), (_, lexical) in zip(*(rows(f) for f in both.values()), strict=True):
            print(f"   {label:<26} {hybrid:>16} {lexical:>16}   {TARGETS.get(label, '')}")
        # Misses are listed for the tune splits only: a held-out miss is never read to tune.
        if args.misses and split in TUNE_SPLITS:
            for question, reply in both["hybrid"].misses:
                got = f"{reply.kind} {reply.entry or ''}".strip()
                print(f"   miss: {question.q!r} wanted {question.expect}, got {got}")

    texts = [q.q for q in questions]
    print(f"\n== latency of answer(), {len(texts)} questions x {args.rounds}, warm, one core")
    for name, ask in rankers.items():
        print(f"   {name:<8} {timed(ask, texts, args.rounds)}   target p99 <= 20 ms")
    with tempfile.TemporaryDirectory() as folder:
        cold = start_up(Path(folder))
        warm = statistics.median(start_up(Path(folder)) for _ in range(3))
    print("\n== start-up of the meaning model (load, check, phrasing vectors)")
    print(f"   with the vector cache {warm:.2f} s   without it {cold:.2f} s   target <= 1 s extra")


if __name__ == "__main__":
    main()

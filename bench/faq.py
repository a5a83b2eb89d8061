"""The FAQ against its evaluation set (tests/faq/eval_questions.yaml), per split.

Printed for the `tune` split (what the ranking was tuned on), for each held-out split
(never tuned on: `held-out`, and `held-out-2`, written before the widening of phrasings
and word maps that it measures) and for all held-out questions together: top-1 accuracy
on in-scope questions, abstention on out-of-scope ones, recall on condition safety
questions, acute symptoms and crisis messages; then the latency of `answer()` over every
question, repeated, warm (p50 / p99 / max).

    python3 dev.py bench faq [--rounds 20] [--misses]
"""

from __future__ import annotations

import argparse
import statistics
import time

from bot.faq.answer import answer
from tests.faq.evaluation import HELD_OUT, SPLITS, evaluate, load_questions

ROWS = [
    ("top-1, in scope", "faq", "target >= 95%"),
    ("abstention, out of scope", "none", "target >= 95%"),
    ("recall, conditions", "safety", "target 100%"),
    ("recall, acute symptoms", "acute", "target 100%"),
    ("recall, crisis", "crisis", "target 100%"),
]


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[round(p * 10) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="latency: passes over the set")
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    args = parser.parse_args()
    questions = load_questions()

    started = time.perf_counter()
    answer("warm up")  # the first call builds the index
    print(f"index built in {(time.perf_counter() - started) * 1000:.0f} ms")
    for split in (*SPLITS, HELD_OUT):
        figures = evaluate(questions, split)
        count = sum(figures.total.values())
        print(f"\n== {figures.split}: {count} questions")
        for label, category, target in ROWS:
            print(f"   {label:<26} {figures.describe(category):>16}   {target}")
            if category == "faq":
                reach = "answered or offered"
                print(f"   {reach:<26} {figures.describe_reach():>16}   (right entry a tap away)")
        if args.misses and isinstance(split, str):
            for question, reply in figures.misses:
                got = f"{reply.kind} {reply.entry or ''}".strip()
                print(f"   miss: {question.q!r} wanted {question.expect}, got {got}")

    timings = []
    for _ in range(args.rounds):
        for question in questions:
            started = time.perf_counter()
            answer(question.q)
            timings.append(time.perf_counter() - started)
    p50, p99, worst = (
        x * 1000 for x in (percentile(timings, 50), percentile(timings, 99), max(timings))
    )
    print(f"\n== latency of answer(), {len(questions)} questions x {args.rounds}, warm")
    print(f"   p50 {p50:.3f} ms   p99 {p99:.3f} ms   max {worst:.3f} ms   target p99 <= 5 ms")


if __name__ == "__main__":
    main()

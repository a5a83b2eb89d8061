"""How the FAQ's meaning thresholds (answer.MEANING_SURE, OUTSIDE, MEANING_FIRST) trade
questions answered for out-of-scope ones abstained on, on writers it has not seen: each
strangers' tune writer is left out in turn (the phrasings and banks hold only the other
tune splits) and its questions are answered at each setting. Held-out splits are never
read.

    .venv/bin/python scripts/answer_report.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.faq import answer as answering
from bot.understanding import meaning as meaning_module
from scripts.leaning_report import WRITERS, each_writer_left_out
from tests.faq.evaluation import evaluate, load_questions

THRESHOLDS = [
    (sure, outside, first)
    for sure in (0.58, 0.62)
    for outside in (0.0, 0.03, 0.06, 0.1)
    for first in (1.01, 0.9, 0.85, 0.8)
]


def main() -> None:
    questions = load_questions()
    meaning_module.RECENT = 10**6  # every message's vectors kept: each is asked many times
    rows: dict[tuple[float, float, float], list] = {t: [] for t in THRESHOLDS}
    for writer, meaning in each_writer_left_out(questions):
        for threshold in THRESHOLDS:
            answering.MEANING_SURE, answering.OUTSIDE, answering.MEANING_FIRST = threshold
            ask = lambda q, m=meaning: answering.answer(q, meaning=m)  # noqa: E731
            rows[threshold].append(evaluate(questions, writer, ask))
    print(f"left out in turn: {', '.join(WRITERS)}")
    print("sure  outside  first | in scope          how-to            abstained")
    for threshold, figures in rows.items():
        right = sum(f.right["faq"] for f in figures)
        total = sum(f.total["faq"] for f in figures)
        howto = sum(f.howto_right for f in figures), sum(f.howto_total for f in figures)
        none = sum(f.right["none"] for f in figures), sum(f.total["none"] for f in figures)
        print(
            "{:4.2f}  {:7.2f}  {:5.2f} | ".format(*threshold),
            f"{right / total:6.1%} ({right}/{total})  "
            f"{howto[0] / howto[1]:6.1%} ({howto[0]}/{howto[1]})  "
            f"{none[0] / none[1]:6.1%} ({none[0]}/{none[1]})",
        )


if __name__ == "__main__":
    main()

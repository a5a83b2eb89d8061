"""How the safety screen's thresholds trade recall for false alarms, on writers it has
not seen: each strangers' tune writer is left out in turn (the banks and the leaning
model hold only the other tune splits), its messages are read, and the pooled readings
are decided at each threshold. Held-out splits are never read.

    .venv/bin/python scripts/leaning_report.py
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.faq.knowledge import load_knowledge
from bot.understanding.meaning import Meaning, load_exemplars, with_asked
from bot.understanding.model import default_embedder
from bot.understanding.screen import Thresholds, decide, read
from scripts.gather_asked import gather
from tests.faq.evaluation import TUNE_SPLITS, Question, load_questions

WRITERS = [split for split in TUNE_SPLITS if split.startswith("strangers-")]


def each_writer_left_out(questions: list[Question]) -> Iterator[tuple[str, Meaning]]:
    """Each strangers' tune writer, with a meaning model whose banks (and leaning model)
    hold only the other tune splits."""
    embedder, knowledge = default_embedder(), load_knowledge()
    if embedder is None:
        sys.exit("the meaning model is not installed")
    bare = load_exemplars(asked=None)
    with tempfile.TemporaryDirectory() as cache:
        for writer in WRITERS:
            others = [split for split in TUNE_SPLITS if split != writer]
            banks = with_asked(bare, gather(questions, others))
            yield writer, Meaning(embedder, knowledge, banks, Path(cache))


def readings() -> list[tuple[str, object]]:
    """(expected category, reading) for every message of every strangers' tune writer,
    each read by a model that never saw that writer."""
    questions = load_questions()
    return [
        (q.category, read(q.q, meaning))
        for writer, meaning in each_writer_left_out(questions)
        for q in questions
        if q.split == writer
    ]


def main() -> None:
    seen = readings()
    crisis = sum(category == "crisis" for category, _ in seen)
    acute = sum(category == "acute" for category, _ in seen)
    print(f"{len(seen)} messages of {', '.join(WRITERS)}: {crisis} crisis, {acute} acute")
    print("sure  ask   acute | crisis  +asked  false crisis  gentle qs | acute  false acute")
    for sure, ask, acute_sure in itertools.product(
        (0.8, 0.85, 0.9, 0.95), (0.3, 0.4, 0.5, 0.6), (0.7, 0.8, 0.9)
    ):
        at = Thresholds(sure, ask, acute_sure)
        got = [(category, decide(reading, at)) for category, reading in seen]
        kind = [(c, s.kind if s else None) for c, s in got]
        calm = len(seen) - crisis
        hit = sum(c == "crisis" and k == "crisis" for c, k in kind)
        asked = sum(c == "crisis" and k == "check" for c, k in kind)
        false = sum(c != "crisis" and k == "crisis" for c, k in kind)
        checks = sum(c != "crisis" and k == "check" for c, k in kind)
        acute_hit = sum(c == "acute" and k == "acute" for c, k in kind)
        acute_false = sum(c != "acute" and k == "acute" for c, k in kind)
        print(
            f"{sure:4.2f}  {ask:4.2f}  {acute_sure:4.2f} | {hit / crisis:6.1%}  "
            f"{(hit + asked) / crisis:6.1%}  {false / calm:12.2%}  {checks / calm:9.2%} | "
            f"{acute_hit / acute:5.1%}  {acute_false}"
        )


if __name__ == "__main__":
    main()

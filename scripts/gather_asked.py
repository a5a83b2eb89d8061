"""Write bot/understanding/asked.yaml: how strangers asked, from the tune splits of
tests/faq/eval_questions.yaml, for the meaning model to compare messages with.

In-scope questions join their entry's phrasings, crisis and acute messages their banks,
near-misses the calm bank, out-of-scope questions the "no entry answers this" bank. Only
tune splits are read: a held-out question never becomes an example.

    .venv/bin/python scripts/gather_asked.py
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.faq.answer import CAUTION_ENTRY
from bot.understanding.meaning import ASKED
from tests.faq.evaluation import TUNE_SPLITS, Question, load_questions

HEADER = """\
# How strangers asked: the tune splits of tests/faq/eval_questions.yaml, grouped for the
# meaning model (written by scripts/gather_asked.py; do not edit by hand). `entries`: more
# phrasings per entry, matched by meaning only; `crisis`, `acute`: more exemplars;
# `calm`: near-misses that are not crisis; `elsewhere`: questions no entry answers.
# Never a held-out question.
"""


def gather(questions: Iterable[Question], splits: Iterable[str] = TUNE_SPLITS) -> dict:
    chosen = set(splits)
    asked: dict = {"entries": {}, "crisis": [], "acute": [], "calm": [], "elsewhere": []}
    for question in questions:
        if question.split not in chosen:
            continue
        text, expect = question.q.strip(), question.expect
        if expect in ("crisis", "acute"):
            asked[expect].append(text)
            continue
        if question.kind == "near-miss":
            asked["calm"].append(text)
        if expect == "none":
            asked["elsewhere"].append(text)
            continue
        entry = CAUTION_ENTRY[expect.split(":", 1)[1]] if expect.startswith("safety:") else expect
        asked["entries"].setdefault(entry, []).append(text)
    for key in ("crisis", "acute", "calm", "elsewhere"):
        asked[key] = list(dict.fromkeys(asked[key]))
    asked["entries"] = {k: list(dict.fromkeys(v)) for k, v in sorted(asked["entries"].items())}
    return asked


def main() -> None:
    asked = gather(load_questions())
    body = yaml.safe_dump(asked, allow_unicode=True, sort_keys=False, width=200)
    ASKED.write_text(HEADER + body, encoding="utf-8")
    counts = {k: len(v) for k, v in asked.items() if k != "entries"}
    phrasings = sum(len(v) for v in asked["entries"].values())
    print(f"{ASKED}: {phrasings} phrasings for {len(asked['entries'])} entries, {counts}")


if __name__ == "__main__":
    main()

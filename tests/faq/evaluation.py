"""The FAQ's evaluation set and how an answer is scored against it (shared by
tests/unit/test_faq_eval.py and bench/faq.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.faq.answer import Answer, answer

EVAL_FILE = Path(__file__).with_name("eval_questions.yaml")
SPLITS = (
    "tune",
    "held-out",
    "held-out-2",
    "strangers-tune",
    "strangers-held-out",
    "strangers-held-out-2",
    "strangers-tune-3",
    "strangers-held-out-3",
    "strangers-tune-5",
    "strangers-held-out-4",
    "strangers-held-out-5",
    "strangers-tune-6",
    "strangers-held-out-6",
    "strangers-held-out-7",
)
# The splits that may be tuned on.
TUNE_SPLITS = (
    "tune",
    "strangers-tune",
    "strangers-tune-3",
    "strangers-tune-5",
    "strangers-tune-6",
)
# Every split never tuned on, reported together as well as one by one.
HELD_OUT = ("held-out", "held-out-2")
# Written by people who had not read the knowledge base: the figures that count.
STRANGERS_HELD_OUT = (
    "strangers-held-out",
    "strangers-held-out-2",
    "strangers-held-out-3",
    "strangers-held-out-4",
    "strangers-held-out-5",
    "strangers-held-out-6",
    "strangers-held-out-7",
)
CATEGORIES = ("faq", "none", "safety", "acute", "crisis")


@dataclass(frozen=True)
class Question:
    q: str
    expect: str  # an entry id, "none", "crisis", "acute" or "safety:<condition>"
    split: str
    kind: str | None = None  # strangers' batches: faq, howto, near-miss, clinician, …

    @property
    def category(self) -> str:
        if self.expect in ("none", "crisis", "acute"):
            return self.expect
        return "safety" if self.expect.startswith("safety:") else "faq"

    def is_right(self, reply: Answer) -> bool:
        match self.category:
            case "faq":
                return reply.kind == "faq" and reply.entry == self.expect
            case "safety":
                return reply.kind == "safety" and self.expect.split(":", 1)[1] in reply.conditions
            case category:
                return reply.kind == category


def load_questions(path: Path = EVAL_FILE) -> list[Question]:
    return [Question(**item) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


@dataclass
class Figures:
    """How one split did: per category, how many were right out of how many."""

    split: str
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    misses: list[tuple[Question, Answer]] = field(default_factory=list)
    # In-scope questions not answered right whose entry was among the "did you mean"
    # buttons: one tap from the answer.
    offered: int = 0
    # Questions about using the bot (entries cmd-*), a part of "faq".
    howto_right: int = 0
    howto_total: int = 0
    # Messages that are not crisis, and how many got the crisis answer or the gentle
    # question all the same; crisis messages that got the gentle question.
    calm_total: int = 0
    false_crisis: int = 0
    false_checks: int = 0
    crisis_checked: int = 0

    @property
    def crisis_reached(self) -> int:
        """Crisis messages that got crisis help, or the gentle question first."""
        return self.right["crisis"] + self.crisis_checked

    def rate(self, category: str) -> float:
        return self.right[category] / self.total[category] if self.total[category] else 1.0

    def describe_reach(self) -> str:
        """In-scope questions answered right, or with the right one a tap away."""
        reached, total = self.right["faq"] + self.offered, self.total["faq"]
        return f"{reached / total if total else 1.0:.1%} ({reached}/{total})"

    def describe(self, category: str) -> str:
        return f"{self.rate(category):.1%} ({self.right[category]}/{self.total[category]})"

    @staticmethod
    def share(part: int, whole: int) -> str:
        return f"{part / whole if whole else 1.0:.1%} ({part}/{whole})"


def evaluate(
    questions: Iterable[Question],
    split: str | tuple[str, ...],
    ask: Callable[[str], Answer] = answer,
) -> Figures:
    """How the questions of `split` (one split, or several together) do with `ask`."""
    splits = (split,) if isinstance(split, str) else split
    figures = Figures(split if isinstance(split, str) else " + ".join(split))
    for question in questions:
        if question.split not in splits:
            continue
        reply = ask(question.q)
        figures.total[question.category] += 1
        right = question.is_right(reply)
        if question.expect.startswith("cmd-"):
            figures.howto_total += 1
            figures.howto_right += right
        if question.category == "crisis":
            figures.crisis_checked += reply.kind == "check"
        else:
            figures.calm_total += 1
            figures.false_crisis += reply.kind == "crisis"
            figures.false_checks += reply.kind == "check"
        if right:
            figures.right[question.category] += 1
        else:
            figures.misses.append((question, reply))
            if question.category == "faq" and question.expect in reply.suggestions:
                figures.offered += 1
    return figures

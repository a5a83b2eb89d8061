"""The knowledge base: `knowledge.yaml` read into frozen dataclasses and checked.

`validate` lists every problem at once (so whoever edits the file fixes them in one go);
`load_knowledge` refuses a file with any problem, and reads it only once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE_FILE = Path(__file__).with_name("knowledge.yaml")

# The one vocabulary of labels. The graded ones mirror the source's own grading, from
# strongest to weakest; the knowledge file's `grading` lists, for each, the source's own
# words that set it. "by-claim" answers grade each claim in their text; "advised" is the
# source's advice to seek a clinician first; "described" is what the source describes
# without grading it; "general" is guidance not from the source; "bot" is how the bot works.
GRADED = ("well-established", "clinical-settings", "mixed", "limited", "emerging")
LABELS = (*GRADED, "by-claim", "advised", "described", "general", "bot")
# Labels the source's own words set (the file's `grading`), and those whose basis quotes
# such words: a by-claim answer quotes the words of each claim's grade.
WORDED = (*GRADED, "advised")
NEEDS_GRADING = (*WORDED, "by-claim")
GENERAL = "general"
BOT = "bot"
MAX_ANSWER = 600  # one short Telegram message, read in a few seconds
MAX_TITLE = 64  # the first question is a button label
MIN_QUESTIONS = 3
RELATED = (1, 3)
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Answers are shown as plain text inside HTML messages: no markup of either kind.
_MARKUP = re.compile(r"[<>&*_`]")
_FIELDS = ("id", "topic", "questions", "answer", "basis", "label", "related")
_BASIS_FIELDS = ("sections", "terms", "graded")


class KnowledgeError(Exception):
    """The knowledge file has problems; the message lists all of them, one a line."""


@dataclass(frozen=True)
class Basis:
    """What an answer rests on: source sections, key terms that occur in them, and the
    source's own words that grade it. Empty for general guidance and for the bot."""

    sections: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    graded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    questions: tuple[str, ...]
    answer: str
    basis: Basis
    label: str
    related: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.questions[0]


@dataclass(frozen=True)
class Knowledge:
    topics: dict[str, str]  # id → display name, in the file's order
    sources: dict[str, str]  # section id → its heading in the source
    grading: dict[str, tuple[str, ...]]  # label → the source's words that set it
    entries: tuple[Entry, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)  # type: ignore[attr-defined]

    def __getitem__(self, entry_id: str) -> Entry:
        return self._by_id[entry_id]  # type: ignore[attr-defined]

    def grade_of(self, words: str) -> str | None:
        """The label the source's grading words set (None for words it does not list)."""
        found = (label for label, known in self.grading.items() if words in known)
        return next(found, None)

    def in_topic(self, topic: str) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.topic == topic)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _mapping_problems(raw: dict[str, Any], key: str) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, dict) or not value:
        return [f"{key}: must be a non-empty mapping of id to display name"]
    return [
        f"{key}.{name}: needs a kebab-case id and a display name"
        for name, shown in value.items()
        if not (isinstance(name, str) and _ID.match(name) and _text(shown))
    ]


def _entry_problems(
    entry: dict[str, Any], where: str, topics: dict[str, Any], sources: dict[str, Any]
) -> list[str]:
    problems = [f"{where}: {field} is missing" for field in _FIELDS if field not in entry]
    problems += [f"{where}: unknown field {field!r}" for field in entry if field not in _FIELDS]
    if "topic" in entry and entry["topic"] not in topics:
        problems.append(f"{where}: topic {entry['topic']!r} is not one of {sorted(topics)}")
    questions = entry.get("questions")
    if "questions" in entry:
        if not isinstance(questions, list) or not all(_text(q) for q in questions):
            problems.append(f"{where}: questions must be a list of non-empty strings")
        elif len(questions) < MIN_QUESTIONS:
            problems.append(f"{where}: needs at least {MIN_QUESTIONS} questions")
        elif len(questions[0]) > MAX_TITLE:
            problems.append(f"{where}: the first question is over {MAX_TITLE} characters")
        elif len({q.strip().lower() for q in questions}) < len(questions):
            problems.append(f"{where}: a question is repeated")
    answer = entry.get("answer")
    if "answer" in entry:
        if not _text(answer):
            problems.append(f"{where}: answer must be non-empty text")
        elif len(answer) > MAX_ANSWER:
            problems.append(f"{where}: answer has {len(answer)} characters (at most {MAX_ANSWER})")
        elif _MARKUP.search(answer):
            problems.append(f"{where}: answer must be plain text (no HTML or Markdown)")
    if "label" in entry and entry["label"] not in LABELS:
        problems.append(f"{where}: label {entry['label']!r} is not one of {list(LABELS)}")
    if "basis" in entry:
        problems += _basis_problems(entry["basis"], entry.get("label"), where, sources)
    if entry.get("topic") == "using-the-bot" and entry.get("label") != BOT:
        problems.append(f"{where}: an answer about the bot makes no health claim (label bot)")
    return problems


def _basis_problems(basis: Any, label: Any, where: str, sources: dict[str, Any]) -> list[str]:
    """`basis` is "general" or "bot" for those labels, else sections, terms (and, for a
    graded or advised label, the source's grading words)."""
    if label in (GENERAL, BOT):
        return [] if basis == label else [f"{where}: a {label} answer has basis {label!r}"]
    if not isinstance(basis, dict) or set(basis) - set(_BASIS_FIELDS):
        return [f"{where}: basis must be a mapping of {', '.join(_BASIS_FIELDS)}"]
    problems = []
    for field in _BASIS_FIELDS:
        value = basis.get(field, [])
        if not isinstance(value, list) or not all(_text(v) for v in value):
            problems.append(f"{where}: basis {field} must be a list of non-empty strings")
    sections, terms = basis.get("sections") or [], basis.get("terms") or []
    if not sections or not terms:
        problems.append(f"{where}: a basis in the source names its sections and key terms")
    problems += [
        f"{where}: basis section {s!r} is not one of {sorted(sources)}"
        for s in sections
        if s not in sources
    ]
    if label in NEEDS_GRADING and not basis.get("graded"):
        problems.append(f"{where}: a {label} label quotes the source's grading words (graded)")
    if label not in NEEDS_GRADING and basis.get("graded"):
        problems.append(f"{where}: a {label} answer has no grading words")
    return problems


def _grading_problems(raw: dict[str, Any]) -> list[str]:
    grading = raw.get("grading")
    if not isinstance(grading, dict) or set(grading) != set(WORDED):
        return [f"grading: must give the source's words for each of {list(WORDED)}"]
    return [
        f"grading.{label}: must be a non-empty list of the source's words"
        for label, words in grading.items()
        if not (isinstance(words, list) and words and all(_text(w) for w in words))
    ]


def validate(raw: Any) -> list[str]:
    """Every problem with a parsed knowledge file; an empty list means it is sound."""
    if not isinstance(raw, dict):
        return ["the file must be a mapping with topics, sources and entries"]
    problems = _mapping_problems(raw, "topics") + _mapping_problems(raw, "sources")
    problems += _grading_problems(raw)
    topics = raw.get("topics") if isinstance(raw.get("topics"), dict) else {}
    sources = raw.get("sources") if isinstance(raw.get("sources"), dict) else {}
    entries = raw.get("entries")
    if not isinstance(entries, list) or not entries:
        return [*problems, "entries: must be a non-empty list"]

    ids: list[str] = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            problems.append(f"entry {number}: must be a mapping")
            continue
        entry_id = entry.get("id")
        if not (isinstance(entry_id, str) and _ID.match(entry_id)):
            problems.append(f"entry {number}: id {entry_id!r} is not kebab-case")
        else:
            ids.append(entry_id)
        problems += _entry_problems(entry, f"entry {entry_id or number}", topics, sources)
    problems += [f"id {i!r} is used more than once" for i in sorted(set(ids)) if ids.count(i) > 1]

    known = set(ids)
    for entry in entries:
        if not isinstance(entry, dict) or "related" not in entry:
            continue
        where, related = f"entry {entry.get('id')}", entry["related"]
        if not isinstance(related, list) or not RELATED[0] <= len(related) <= RELATED[1]:
            problems.append(f"{where}: related must list {RELATED[0]} to {RELATED[1]} ids")
            continue
        problems += [f"{where}: related id {r!r} does not exist" for r in related if r not in known]
        if entry.get("id") in related:
            problems.append(f"{where}: an entry is not related to itself")
        if len(set(map(str, related))) < len(related):
            problems.append(f"{where}: a related id is repeated")
    return problems


def parse(raw: Any) -> Knowledge:
    problems = validate(raw)
    if problems:
        raise KnowledgeError("\n".join(problems))
    entries = tuple(
        Entry(
            id=item["id"],
            topic=item["topic"],
            questions=tuple(q.strip() for q in item["questions"]),
            answer=item["answer"].strip(),
            basis=_basis(item["basis"]),
            label=item["label"],
            related=tuple(item["related"]),
        )
        for item in raw["entries"]
    )
    grading = {label: tuple(words) for label, words in raw["grading"].items()}
    return Knowledge(
        topics=dict(raw["topics"]), sources=dict(raw["sources"]), grading=grading, entries=entries
    )


def _basis(raw: Any) -> Basis:
    if not isinstance(raw, dict):
        return Basis()
    return Basis(*(tuple(raw.get(field) or ()) for field in _BASIS_FIELDS))


def read(path: Path = KNOWLEDGE_FILE) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def load_knowledge(path: Path = KNOWLEDGE_FILE) -> Knowledge:
    """The validated knowledge base (read once per path)."""
    return parse(read(path))

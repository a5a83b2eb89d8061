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

EVIDENCE = ("well-established", "limited", "emerging", "not-applicable")
BOT_SOURCE = "bot"
MAX_ANSWER = 600  # one short Telegram message, read in a few seconds
MAX_TITLE = 64  # the first question is a button label
MIN_QUESTIONS = 3
RELATED = (1, 3)
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Answers are shown as plain text inside HTML messages: no markup of either kind.
_MARKUP = re.compile(r"[<>&*_`]")
_FIELDS = ("id", "topic", "questions", "answer", "evidence", "source", "related")


class KnowledgeError(Exception):
    """The knowledge file has problems; the message lists all of them, one a line."""


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    questions: tuple[str, ...]
    answer: str
    evidence: str
    source: str
    related: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.questions[0]


@dataclass(frozen=True)
class Knowledge:
    topics: dict[str, str]  # id → display name, in the file's order
    sources: dict[str, str]
    entries: tuple[Entry, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)  # type: ignore[attr-defined]

    def __getitem__(self, entry_id: str) -> Entry:
        return self._by_id[entry_id]  # type: ignore[attr-defined]

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
    evidence, source = entry.get("evidence"), entry.get("source")
    if "evidence" in entry and evidence not in EVIDENCE:
        problems.append(f"{where}: evidence {evidence!r} is not one of {list(EVIDENCE)}")
    if "source" in entry and source not in sources:
        problems.append(f"{where}: source {source!r} is not one of {sorted(sources)}")
    if source == BOT_SOURCE and evidence not in (None, "not-applicable"):
        problems.append(f"{where}: an answer about the bot makes no health claim")
    return problems


def validate(raw: Any) -> list[str]:
    """Every problem with a parsed knowledge file; an empty list means it is sound."""
    if not isinstance(raw, dict):
        return ["the file must be a mapping with topics, sources and entries"]
    problems = _mapping_problems(raw, "topics") + _mapping_problems(raw, "sources")
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
            evidence=item["evidence"],
            source=item["source"],
            related=tuple(item["related"]),
        )
        for item in raw["entries"]
    )
    return Knowledge(topics=dict(raw["topics"]), sources=dict(raw["sources"]), entries=entries)


def read(path: Path = KNOWLEDGE_FILE) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def load_knowledge(path: Path = KNOWLEDGE_FILE) -> Knowledge:
    """The validated knowledge base (read once per path)."""
    return parse(read(path))

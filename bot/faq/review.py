"""The knowledge base as a clinician reviews it: one row per entry with its label, the
source sections and key terms it rests on, the source's grading words, and the answer.
Pure; scripts/knowledge_review.py writes it to docs/knowledge-review.md, and a test keeps
that file the same as what this renders."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.faq.knowledge import BOT, LABELS, Entry, Knowledge

HEADER = """\
# Knowledge base review

Generated from `bot/faq/knowledge.yaml` by `scripts/knowledge_review.py`; do not edit by
hand (a test fails when this file and the knowledge base differ). The source is
`legs-up-the-wall-benefits.txt`. Each row is one answer: the label it shows, the source
sections it rests on, key terms that occur in those sections' text, the source's own
words that set its grade, and the answer as the bot sends it. Answers about the bot
itself are listed last, without a basis.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _label(entry: Entry) -> str:
    line = texts.BASIS_LINES.get(entry.label)
    return f"**{entry.label}**" + (f"<br>“{line}”" if line else "")


def _row(number: int, entry: Entry, knowledge: Knowledge) -> str:
    basis = entry.basis
    sections = "<br>".join(f"{s}: {knowledge.sources[s]}" for s in basis.sections) or "—"
    cells = [
        str(number),
        f"`{entry.id}`<br>{entry.title}",
        _label(entry),
        sections,
        "; ".join(basis.terms) or "—",
        "; ".join(f"“{words}”" for words in basis.graded) or "—",
        entry.answer,
    ]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def render(knowledge: Knowledge) -> str:
    labels = "\n".join(
        f"| **{label}** | {words} | {texts.BASIS_LINES[label]} |"
        for label, words in _label_words(knowledge).items()
    )
    sections = "\n".join(f"| `{i}` | {heading} |" for i, heading in knowledge.sources.items())
    health = [e for e in knowledge.entries if e.label != BOT]
    bot = [e for e in knowledge.entries if e.label == BOT]
    rows = "\n".join(
        _row(number, entry, knowledge) for number, entry in enumerate([*health, *bot], 1)
    )
    counts = {label: sum(e.label == label for e in knowledge.entries) for label in LABELS}
    tally = ", ".join(f"{label} {count}" for label, count in counts.items() if count)
    return (
        f"{HEADER}\n## Labels\n\n| label | the source's words that set it | shown as |\n"
        f"| --- | --- | --- |\n{labels}\n\n## Source sections\n\n| id | heading |\n"
        f"| --- | --- |\n{sections}\n\n## Entries\n\n{len(knowledge.entries)} entries: "
        f"{tally}.\n\n"
        "| # | entry | label | source sections | key terms | grading words | answer |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
        f"{rows}\n"
    )


def _label_words(knowledge: Knowledge) -> dict[str, str]:
    described = {
        "by-claim": "the words of each claim's own grade",
        "described": "(the source describes it without grading it)",
        "general": "(not from the source)",
    }
    return {
        label: "; ".join(f"“{w}”" for w in knowledge.grading.get(label, ()))
        or described.get(label, "")
        for label in texts.BASIS_LINES
    }


def basis_of(raw_entry: dict[str, Any]) -> str:
    """One entry's basis in a line, as the file holds it now or held it before (evidence
    and source), for the list of changes."""
    if "label" in raw_entry:
        basis = raw_entry.get("basis")
        if isinstance(basis, dict):
            return f"{raw_entry['label']} · {', '.join(basis.get('sections') or [])}"
        return str(raw_entry["label"])
    if raw_entry.get("source") == BOT:
        return BOT
    return f"{raw_entry.get('evidence')} · {raw_entry.get('source')}"


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """A markdown line per entry whose basis, label or answer changed between two parsed
    knowledge files."""
    old = {e["id"]: e for e in before.get("entries", [])}
    lines = []
    for entry in after.get("entries", []):
        previous = old.get(entry["id"])
        if previous is None:
            lines.append(f"- `{entry['id']}` (new): {basis_of(entry)}")
            continue
        rewritten = " (answer rewritten)" if previous["answer"] != entry["answer"] else ""
        was, now = basis_of(previous), basis_of(entry)
        if was != now or rewritten:
            lines.append(f"- `{entry['id']}`: {was} → {now}{rewritten}")
    return lines

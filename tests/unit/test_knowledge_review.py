"""docs/knowledge-review.md is what scripts/knowledge_review.py renders from the knowledge
base now, and the list of changes names what changed in an entry's basis."""

from __future__ import annotations

import copy
from pathlib import Path

from bot.faq.knowledge import load_knowledge, read
from bot.faq.review import changes, render

REVIEW = Path(__file__).resolve().parents[2] / "docs" / "knowledge-review.md"


def test_the_committed_review_is_up_to_date() -> None:
    assert REVIEW.read_text(encoding="utf-8") == render(load_knowledge()), (
        "docs/knowledge-review.md is stale: run .venv/bin/python scripts/knowledge_review.py"
    )


def test_the_review_has_one_row_per_entry_with_its_basis() -> None:
    knowledge = load_knowledge()
    shown = render(knowledge)
    rows = [line for line in shown.splitlines() if line.startswith("| ") and "<br>" in line]
    entry_rows = [row for row in rows if row.split(" | ")[0].removeprefix("| ").isdigit()]
    assert len(entry_rows) == len(knowledge.entries)
    for entry, row in zip(
        sorted(knowledge.entries, key=lambda e: e.label == "bot"), entry_rows, strict=True
    ):
        assert f"`{entry.id}`" in row
        assert f"**{entry.label}**" in row
        for section in entry.basis.sections:
            assert knowledge.sources[section] in row


def test_changes_name_each_entry_with_its_old_and_new_basis() -> None:
    after = read()
    before = copy.deepcopy(after)
    old = before["entries"][0]
    old.pop("basis"), old.pop("label")
    old.update(evidence="well-established", source="overview")
    before["entries"][1]["answer"] = "something else"

    lines = changes(before, after)

    first, second = after["entries"][0], after["entries"][1]
    assert lines[0] == (
        f"- `{first['id']}`: well-established · overview → {first['label']} · "
        f"{', '.join(first['basis']['sections'])}"
    )
    assert lines[1].startswith(f"- `{second['id']}`")
    assert "(answer rewritten)" in lines[1]
    assert len(lines) == 2

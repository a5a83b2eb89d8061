"""The source document's sections, and fingerprints of their word runs, so the test that
every entry's key terms occur in the sections it names runs even where the source itself
is not at hand (as seed_runs does for the copy check).

A section runs from its heading (the `sources` of bot/faq/knowledge.yaml) to the next.
Each run of 1 to MAX_TERM words of a section is kept as "<section> <fingerprint>" (12 hex
digits of its SHA-256): enough to recognise a term, not to read the text. Regenerate
after the source or the sections change:

    .venv/bin/python -m tests.faq.seed_sections ../shared/seed/legs-up-the-wall-benefits.txt
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.faq.seed_runs import words

MAX_TERM = 7  # words in the longest key term or grading phrase
FINGERPRINTS = Path(__file__).with_name("seed_sections.txt")
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "legs-up-the-wall-benefits.txt"


def split(source: str, headings: Mapping[str, str]) -> dict[str, str]:
    """Each section's text (its heading line included), by section id; a heading that
    starts no line of the source gives no section."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in source.splitlines():
        starts = [i for i, heading in headings.items() if line.strip().startswith(heading)]
        if starts:
            current = starts[0]
            sections[current] = []
        if current is not None:
            sections[current].append(line)
    return {section: "\n".join(lines) for section, lines in sections.items()}


def fingerprint(term: str) -> str:
    return hashlib.sha256(" ".join(words(term)).encode()).hexdigest()[:12]


def fingerprints_of(sections: Mapping[str, str]) -> set[str]:
    found = set()
    for section, text in sections.items():
        run = words(text)
        for size in range(1, MAX_TERM + 1):
            for i in range(len(run) - size + 1):
                found.add(f"{section} {fingerprint(' '.join(run[i : i + size]))}")
    return found


def stored() -> set[str]:
    return set(FINGERPRINTS.read_text().splitlines())


def occurs(term: str, section: str, fingerprints: set[str]) -> bool:
    """Whether `term` (at most MAX_TERM words) is a run of the section's words."""
    return 0 < len(words(term)) <= MAX_TERM and f"{section} {fingerprint(term)}" in fingerprints


def headings() -> dict[str, str]:
    from bot.faq.knowledge import read

    return dict(read()["sources"])


if __name__ == "__main__":
    sections = split(Path(sys.argv[1]).read_text(encoding="utf-8"), headings())
    found = fingerprints_of(sections)
    FINGERPRINTS.write_text("\n".join(sorted(found)) + "\n")
    print(f"{len(sections)} sections, {len(found)} runs written to {FINGERPRINTS}")

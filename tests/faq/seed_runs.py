"""Fingerprints of the source document's word runs, so the "no answer copies the source"
test runs even where the source itself is not at hand (CI on a clean clone).

Each run of RUN consecutive words (lowercase, letters and digits) is kept only as the
first 16 hex digits of its SHA-256: enough to recognise a copied run, not to read the
text. Regenerate after the source changes:

    .venv/bin/python -m tests.faq.seed_runs ../shared/seed/legs-up-the-wall-benefits.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

RUN = 8
FINGERPRINTS = Path(__file__).with_name("seed_runs.txt")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))


def fingerprint(run: tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def runs(text: str) -> list[tuple[str, ...]]:
    found = words(text)
    return [tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)]


def fingerprints_of(text: str) -> set[str]:
    return {fingerprint(run) for run in runs(text)}


def stored() -> set[str]:
    return set(FINGERPRINTS.read_text().split())


if __name__ == "__main__":
    source = Path(sys.argv[1]).read_text(encoding="utf-8")
    FINGERPRINTS.write_text("\n".join(sorted(fingerprints_of(source))) + "\n")
    print(f"{len(fingerprints_of(source))} runs written to {FINGERPRINTS}")

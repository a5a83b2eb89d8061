"""Write docs/knowledge-review.md from the knowledge base (bot/faq/knowledge.yaml), or
list the entries whose basis changed since a git revision:

    .venv/bin/python scripts/knowledge_review.py              # regenerate the review
    .venv/bin/python scripts/knowledge_review.py --changes-from main
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.faq.knowledge import KNOWLEDGE_FILE, load_knowledge, read  # noqa: E402
from bot.faq.review import changes, render  # noqa: E402

OUT = ROOT / "docs" / "knowledge-review.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes-from", metavar="REVISION")
    args = parser.parse_args(argv)
    if args.changes_from:
        path = KNOWLEDGE_FILE.relative_to(ROOT).as_posix()
        shown = subprocess.run(
            ["git", "show", f"{args.changes_from}:{path}"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        lines = changes(yaml.safe_load(shown), read())
        print("\n".join(lines))
        print(f"\n{len(lines)} entries changed", file=sys.stderr)
        return 0
    OUT.write_text(render(load_knowledge()), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

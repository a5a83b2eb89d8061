#!/usr/bin/env python3
"""One entry point for newcomers: `python3 dev.py run` starts the bot, `python3 dev.py test`
runs the whole test suite. Both create `.venv/` and install the project into it on first use
(and again whenever pyproject.toml changes), so a fresh clone needs nothing but Python 3.11+.

Other verbs: `lint` (ruff), `bench NAME` (a benchmark in bench/), `python ARGS` (the venv's
interpreter), and anything else is passed to the bot's own command line (`migrate`, …).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py may be started by an older Python)
        sys.exit("winddown needs Python 3.11 or newer.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("Creating .venv …", file=sys.stderr)
        venv.create(VENV, with_pip=True)
    print("Installing the project and its test tools into .venv …", file=sys.stderr)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "--editable", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def run(*args: str) -> int:
    return subprocess.call([str(PYTHON), *args], cwd=ROOT)


def main(argv: list[str]) -> int:
    verb, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if verb in {"help", "-h", "--help"}:
        print(__doc__)
        return 0
    ensure_venv()
    if verb == "test":
        return run("-m", "pytest", *rest)
    if verb == "lint":
        return run("-m", "ruff", "check", ".") or run("-m", "ruff", "format", "--check", ".")
    if verb == "bench":
        if not rest:
            print("usage: python3 dev.py bench NAME [ARGS]  (see bench/)", file=sys.stderr)
            return 2
        return run("-m", f"bench.{rest[0]}", *rest[1:])
    if verb == "python":
        return run(*rest)
    return run("-m", "bot", verb, *rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

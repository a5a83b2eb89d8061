"""The pure modules stay pure: no Telegram, no SQL, no clock. This keeps the logic where
the unit tests can reach it as the code grows."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
PURE = [
    "schedule.py",
    "times.py",
    "presence.py",
    "texts.py",
    "onboarding/flow.py",
    "onboarding/zones.py",
    "reminders/messages.py",
    "winddown/breathing.py",
    "winddown/pacer.py",
    "sleep/rating.py",
    "summary/stats.py",
    "summary/report.py",
    "summary/chart.py",
    "privacy/export.py",
    "faq/knowledge.py",
    "faq/words.py",
    "faq/safety.py",
    "faq/retrieval.py",
    "faq/answer.py",
    "faq/reply.py",
]
FORBIDDEN = ("telegram", "sqlalchemy", "aiohttp", "asyncpg", "aiosqlite")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_neither_telegram_nor_sql(module: str) -> None:
    imports = imported_modules(BOT / module)
    assert not {name for name in imports if name.split(".")[0] in FORBIDDEN}


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_do_not_read_the_clock(module: str) -> None:
    source = (BOT / module).read_text()
    assert "datetime.now(" not in source
    assert "time.time(" not in source


def test_handlers_do_not_write_sql() -> None:
    for handlers in BOT.glob("*/handlers.py"):
        imports = imported_modules(handlers)
        assert "sqlalchemy" not in {name.split(".")[0] for name in imports}, handlers

"""The layout stays honest as the code grows: pure modules import neither Telegram nor SQL
and do not read the clock; handlers import no models, write no SQL and change no rows
themselves (store functions do); the kernel imports no room; and rooms share code through
the kernel and each other's pure and store modules, never each other's handlers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
PURE = [
    "scheduling/rule.py",
    "scheduling/kinds.py",
    "scheduling/commands.py",
    "vocab.py",
    "times.py",
    "presence/throttle.py",
    "texts.py",
    "onboarding/flow.py",
    "onboarding/zones.py",
    "reminders/messages.py",
    "reminders/describe.py",
    "settings/summary.py",
    "winddown/breathing.py",
    "winddown/audio.py",
    "winddown/pacer.py",
    "winddown/plan.py",
    "miniapp/timeline.py",
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
    "faq/review.py",
    "understanding/screen.py",
    "understanding/meaning.py",
    "understanding/model.py",
    "understanding/emergency.py",
]
FORBIDDEN = ("telegram", "sqlalchemy", "aiohttp", "asyncpg", "aiosqlite")
# The Telegram edge of each room: what python-telegram-bot calls.
HANDLERS = sorted({*BOT.glob("*/handlers.py"), *BOT.glob("*/jobs.py"), BOT / "reminders/editor.py"})
ROOMS = sorted(
    p.name
    for p in BOT.iterdir()
    if p.is_dir()
    and (p / "__init__.py").exists()
    and p.name not in ("scheduling", "delivery")
    and p.name != "devtools"
)
# The kernel: what every room may use. app.py and __main__.py put the rooms together.
KERNEL = sorted(
    {*BOT.glob("*.py"), *BOT.glob("scheduling/*.py"), *BOT.glob("delivery/*.py")}
    - {BOT / "app.py", BOT / "__main__.py"}
)


def imported_modules(path: Path, *, at_run_time: bool = False) -> set[str]:
    """What a module imports (with `at_run_time`, leaving out imports for type checking
    only)."""
    tree = ast.parse(path.read_text())
    skipped: set[ast.AST] = set()
    if at_run_time:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(ast.walk(node))
    names: set[str] = set()
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "bot":
                names.update(f"bot.{alias.name}" for alias in node.names)
    return names


def _id(path: Path) -> str:
    return str(path.relative_to(BOT))


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
    for handlers in HANDLERS:
        imports = imported_modules(handlers, at_run_time=True)
        assert "sqlalchemy" not in {name.split(".")[0] for name in imports}, handlers


@pytest.mark.parametrize("handlers", HANDLERS, ids=_id)
def test_handlers_import_no_models(handlers: Path) -> None:
    assert "bot.models" not in imported_modules(handlers, at_run_time=True)


@pytest.mark.parametrize("handlers", HANDLERS, ids=_id)
def test_handlers_change_no_rows_themselves(handlers: Path) -> None:
    """An attribute set in a handler would be a row changed outside a store function."""
    tree = ast.parse(handlers.read_text())
    changed = [
        ast.unparse(target)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Attribute)
    ]
    assert changed == []


@pytest.mark.parametrize("module", KERNEL, ids=_id)
def test_the_kernel_imports_no_room(module: Path) -> None:
    imports = imported_modules(module, at_run_time=True)
    assert not {name for name in imports if name.split(".")[:2][-1] in ROOMS}


@pytest.mark.parametrize("room", ROOMS)
def test_rooms_never_use_each_others_handlers(room: str) -> None:
    for module in (BOT / room).glob("*.py"):
        for name in imported_modules(module):
            parts = name.split(".")
            if len(parts) >= 3 and parts[0] == "bot" and parts[1] in ROOMS:
                assert parts[1] == room or parts[2] not in ("handlers", "jobs", "editor"), (
                    module,
                    name,
                )

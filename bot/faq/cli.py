"""`python -m bot ask`: the FAQ from a terminal, without a bot token or a database.

Only the `[safety]` section of the settings matters here (where crisis answers point): it
comes from --config or ./config.toml and the WINDDOWN_SAFETY__* variables, and no token is
needed.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from bot import texts
from bot.config import SafetySettings, Settings, load_settings
from bot.faq.answer import Answer, answer
from bot.faq.knowledge import load_knowledge

STDIN = "-"


def load_safety(path: Path | None = None) -> SafetySettings:
    """The [safety] settings; `path=None` means ./config.toml if it exists, else defaults."""
    return load_settings(path, need_token=False).safety


def render(reply: Answer) -> str:
    """The answer as the bot shows it, with its buttons written out as lines."""
    knowledge = load_knowledge()
    lines = [reply.plain]
    if reply.suggestions:
        if reply.kind == "faq":
            lines.append(f"\n{texts.FAQ_OR_DID_YOU_MEAN}")
        lines += [f"- {knowledge[s].title}" for s in reply.suggestions]
    elif reply.unanswered:
        lines += [f"- {name}" for name in knowledge.topics.values()]
    if reply.related:
        lines.append(f"\n{texts.FAQ_RELATED}")
        lines += [f"- {knowledge[r].title}" for r in reply.related]
    return "\n".join(lines)


def ask(
    question: list[str],
    *,
    as_json: bool = False,
    config: Path | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Answer `question` (its words), or each line of stdin when it is just "-"."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    safety = load_safety(config)
    batch = question == [STDIN]
    questions = (line.rstrip("\r\n") for line in stdin) if batch else [" ".join(question)]
    for number, text in enumerate(questions):
        reply = answer(text, safety)
        if as_json:
            stdout.write(json.dumps(reply.to_json(), ensure_ascii=False) + "\n")
        else:
            stdout.write(("\n" if number else "") + render(reply) + "\n")
        stdout.flush()
    return 0


async def print_misses(
    settings: Settings, *, days: int, limit: int, stdout: TextIO | None = None
) -> None:
    """`python -m bot faq-misses`: how often each unanswered question was asked."""
    from bot.db import make_engine, make_sessionmaker
    from bot.faq.store import frequent_misses

    stdout = stdout or sys.stdout
    since = datetime.now(UTC) - timedelta(days=days) if days > 0 else None
    engine = make_engine(settings.database.url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await frequent_misses(session, since, limit)
    finally:
        await engine.dispose()
    if not rows:
        stdout.write(
            "No unanswered questions" + (f" in the last {days} days.\n" if since else ".\n")
        )
    for question, count in rows:
        stdout.write(f"{count:5d}  {question}\n")

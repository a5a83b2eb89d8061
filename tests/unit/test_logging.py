"""The bot token never reaches the logs, whichever library writes the line."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.db import make_engine
from bot.logging_setup import REDACTED, configure_logging, redact

TOKEN = "123456789:TEST-token-for-the-fake-bot-api-only"


def test_redact_removes_tokens_in_urls_and_named_secrets() -> None:
    line = f"HTTP Request: POST https://api.telegram.org/bot{TOKEN}/getMe 200"
    assert redact(line) == f"HTTP Request: POST https://api.telegram.org/bot{REDACTED}/getMe 200"
    assert redact("password is hunter2", ("hunter2",)) == f"password is {REDACTED}"
    assert redact("at 21:30 on 2026-11-26") == "at 21:30 on 2026-11-26"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_configured_handlers_redact_every_logger(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("DEBUG", fmt, secrets=("s3cret-password",))
    try:
        logging.getLogger("some.library").warning("calling %s/bot%s/x", "https://h", TOKEN)
        logging.getLogger("bot.db").error("login with s3cret-password failed")
        try:
            raise ValueError(f"bad url https://h/bot{TOKEN}/sendMessage")
        except ValueError:
            logging.getLogger("bot").exception("failed")
    finally:
        logging.getLogger().handlers.clear()

    err = capsys.readouterr().err
    assert "TEST-token" not in err
    assert "s3cret" not in err
    assert err.count(REDACTED) == 3
    if fmt == "json":
        entries = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
        assert [e["logger"] for e in entries] == ["some.library", "bot.db", "bot"]
        assert "ValueError" in entries[-1]["exception"]


def test_http_client_request_lines_stay_below_info() -> None:
    configure_logging("INFO")
    try:
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
        assert logging.getLogger("telegram").isEnabledFor(logging.INFO)
    finally:
        logging.getLogger().handlers.clear()


async def test_database_errors_never_carry_the_values(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with pytest.raises(DBAPIError) as failure:
            async with engine.begin() as connection:
                await connection.execute(
                    text("INSERT INTO nowhere VALUES (:question)"),
                    {"question": "my private words"},
                )
    finally:
        await engine.dispose()
    assert "nowhere" in str(failure.value)
    assert "my private words" not in str(failure.value)

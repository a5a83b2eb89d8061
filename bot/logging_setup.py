"""Readable (or JSON) logs that never contain the bot token.

HTTP client libraries log request URLs, and Bot API URLs carry the token
(`https://api.telegram.org/bot<token>/sendMessage`), so every record is redacted at the
formatter, whichever library wrote it, and httpx's per-request lines are kept below INFO.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

# A token anywhere in a line: digits, a colon, 30-odd URL-safe characters.
_TOKEN_PATTERN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")
REDACTED = "[REDACTED]"


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return _TOKEN_PATTERN.sub(REDACTED, text)


class RedactingFormatter(logging.Formatter):
    def __init__(self, *args: object, secrets: tuple[str, ...] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


class JsonFormatter(RedactingFormatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, ensure_ascii=False), self.secrets)


def configure_logging(
    level: str = "INFO", fmt: str = "text", secrets: tuple[str, ...] = ()
) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter(secrets=secrets))
    else:
        handler.setFormatter(
            RedactingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", secrets=secrets)
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # One line per HTTP request is noise at INFO, and it carries the token in the URL.
    # Alembic says "setup plugin …", "Context impl …" and one line per revision at INFO
    # whenever it is imported or run: before a database error they bury the one line that
    # matters, and bot.migrate says itself when the schema changed.
    for noisy in ("httpx", "httpcore", "apscheduler.executors.default", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))

"""Telegram's init data, the proof a Mini App request comes from a person in Telegram.

Telegram signs the query string it hands the page: HMAC-SHA256 of the sorted
`key=value` lines (without `hash`), keyed with HMAC-SHA256("WebAppData", bot token).
The check itself is the kept library telegram-webapp-auth's; the age bound is ours, on
the bot's own clock, so it can be tested without waiting. `sign` makes init data the
way Telegram does, for the playground and the tests.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from telegram_webapp_auth.auth import TelegramAuthenticator, generate_secret_key
from telegram_webapp_auth.errors import InvalidInitDataError

# How far ahead of our clock an auth_date may be (clocks differ a little).
CLOCK_SKEW_SECONDS = 60


class Refused(Exception):
    """Init data that does not prove who sent it; the request gets 403."""


@dataclass(frozen=True)
class Person:
    user_id: int
    first_name: str


class InitDataCheck:
    """Checks init data against one bot's token; made once (the key is derived once)."""

    def __init__(self, token: str, max_age_seconds: float) -> None:
        self._authenticator = TelegramAuthenticator(generate_secret_key(token))
        self.max_age_seconds = max_age_seconds

    def person(self, init_data: str, now: datetime) -> Person:
        """Who signed this init data, or Refused: no hash, a wrong one (altered, or
        another bot's), no user, or an auth_date older than the bound."""
        try:
            data = self._authenticator.validate(init_data)
        except (InvalidInitDataError, ValueError, TypeError) as error:
            raise Refused(type(error).__name__) from None
        if data.user is None or not isinstance(data.user.id, int):
            raise Refused("no user")
        age = now.timestamp() - data.auth_date
        if age > self.max_age_seconds or age < -CLOCK_SKEW_SECONDS:
            raise Refused("stale")
        return Person(data.user.id, str(data.user.first_name or ""))


def sign(token: str, user_id: int, first_name: str, auth_date: datetime) -> str:
    """Init data as Telegram would hand it to the page for this user."""
    return sign_fields(
        token,
        {
            "auth_date": str(int(auth_date.timestamp())),
            "query_id": f"local-{user_id}",
            "user": json.dumps({"id": user_id, "first_name": first_name}, separators=(",", ":")),
        },
    )


def sign_fields(token: str, fields: dict[str, str]) -> str:
    """`fields` signed as Telegram signs init data: the hash of the sorted key=value lines."""
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    digest = hmac.new(generate_secret_key(token), check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})

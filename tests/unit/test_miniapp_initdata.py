"""Telegram's init-data check (bot.miniapp.initdata): what Telegram signs is accepted and
names its user; any change to it, another bot's token, or an age beyond the bound is
refused. The hash is also worked out here step by step from Telegram's specification,
so `sign` (the playground's and the tests' stand-in for Telegram) is checked too."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.miniapp.initdata import InitDataCheck, Refused, sign

TOKEN = "123456789:UNIT-test-token-for-init-data-only"
NOW = datetime(2026, 7, 1, 19, 30, tzinfo=UTC)
CHECK = InitDataCheck(TOKEN, max_age_seconds=3600)


def test_signed_data_names_its_user() -> None:
    person = CHECK.person(sign(TOKEN, 42, "Ana", NOW), NOW)
    assert (person.user_id, person.first_name) == (42, "Ana")


def test_the_hash_is_telegrams() -> None:
    """https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app:
    data_check_string is the fields but hash, sorted, as key=value joined by newlines;
    secret_key = HMAC_SHA256(<bot token>, "WebAppData"); hash = hex HMAC_SHA256(
    data_check_string, secret_key)."""
    fields = dict(parse_qsl(sign(TOKEN, 42, "Ana", NOW)))
    given_hash = fields.pop("hash")
    data_check_string = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret_key = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    expected = hmac.new(secret_key, data_check_string.encode(), hashlib.sha256).hexdigest()
    assert given_hash == expected


@given(st.data())
def test_any_change_to_signed_data_is_refused(data: st.DataObject) -> None:
    original = sign(TOKEN, 42, "Ana", NOW)
    at = data.draw(st.integers(0, len(original) - 1))
    new = data.draw(st.characters(codec="ascii", exclude_characters="\x00"))
    changed = original[:at] + new + original[at + 1 :]
    # A change that reads back the same (a different spelling of one character) is none.
    with contextlib.suppress(ValueError):  # not even a query string: refused as well
        assume(parse_qsl(changed, strict_parsing=True) != parse_qsl(original))
    with pytest.raises(Refused):
        CHECK.person(changed, NOW)


def test_another_bots_data_is_refused() -> None:
    with pytest.raises(Refused):
        CHECK.person(sign("987654321:SOME-other-bot-token-entirely", 42, "Ana", NOW), NOW)


@pytest.mark.parametrize(
    ("age", "accepted"),
    [(0, True), (3599, True), (3600, True), (3601, False), (-30, True), (-3600, False)],
)
def test_the_age_is_bounded_on_the_bots_clock(age: int, accepted: bool) -> None:
    data = sign(TOKEN, 42, "Ana", NOW - timedelta(seconds=age))
    if accepted:
        assert CHECK.person(data, NOW).user_id == 42
    else:
        with pytest.raises(Refused):
            CHECK.person(data, NOW)

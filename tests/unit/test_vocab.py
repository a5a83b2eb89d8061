"""The stored codes are said once: the models' CHECK constraints come from the enums, and
every code that people see has its words in texts.py."""

from __future__ import annotations

from sqlalchemy import CheckConstraint

from bot import texts
from bot.models import Base
from bot.vocab import (
    BreathPattern,
    Condition,
    ReminderEventKind,
    ScheduleKind,
    SessionOutcome,
    SleepLatency,
    UserStatus,
    Wakings,
)


def _checks(table: str) -> dict[str, str]:
    return {
        str(c.name).removeprefix(f"ck_{table}_"): str(c.sqltext)
        for c in Base.metadata.tables[table].constraints
        if isinstance(c, CheckConstraint)
    }


def test_the_constraints_list_the_enums_codes_as_the_migrations_do() -> None:
    assert _checks("users")["status"] == "status IN ('active', 'inactive')"
    assert _checks("schedules")["kind"] == "kind IN ('evening', 'morning', 'weekly')"
    assert _checks("reminder_events")["kind"] == "kind IN ('snoozed', 'skipped', 'missed')"
    assert _checks("practice_sessions")["outcome"] == (
        "outcome IN ('running', 'completed', 'stopped', 'interrupted')"
    )
    for enum in (UserStatus, ScheduleKind, ReminderEventKind, SessionOutcome):
        assert any(
            all(f"'{code}'" in sql for code in enum)
            for t in Base.metadata.tables
            for sql in _checks(t).values()
        )


def test_every_code_people_see_has_its_words() -> None:
    assert set(texts.CONDITIONS) == set(Condition) == set(texts.CONDITION_WHY)
    assert set(texts.SLEEP_LATENCY) == set(SleepLatency)
    assert set(texts.SLEEP_WAKINGS) == set(Wakings)
    assert set(texts.PATTERN_NAMES) == set(BreathPattern)

"""The kinds of schedule, stored as they are in `schedules.kind`."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    EVENING = "evening"  # the evening reminder (reminders/)
    MORNING = "morning"  # the morning sleep question (sleep/)
    WEEKLY = "weekly"  # the automatic weekly summary (summary/)

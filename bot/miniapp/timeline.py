"""What the pacer page is given: the session's timeline, as JSON. Pure.

The page draws breathing.segments() as they are, the same segments the chat's live
message and the audio guide render, so the three never disagree about when a breath
begins. The words come from texts.py and the tones from the audio guide's pitches.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot import texts
from bot.vocab import BreathPattern
from bot.winddown import audio
from bot.winddown.breathing import PATTERNS, segments


def session_plan(pattern_id: BreathPattern, total: int, settle: float) -> dict[str, Any]:
    pattern = PATTERNS[pattern_id]
    parts = segments(pattern, total, settle)
    return {
        "pattern": pattern.id,
        "pattern_name": texts.PATTERN_NAMES[pattern_id],
        "total": total,
        "segments": [asdict(part) for part in parts],
        "tones": {"low": audio.LOW, "high": audio.HIGH, "hold": audio.HOLD},
        "words": texts.MINIAPP_WORDS,
    }

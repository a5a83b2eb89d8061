"""From what people type to comparable words: one normal form for the safety rules and
the ranking alike, so "Don’t", "dont" and "DON'T!!" are the same word everywhere."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_WORD = re.compile(r"[\W_]+")
_LONG_RUNS = re.compile(r"(\w)\1{2,}")  # "sooo", "dieee": three or more of one letter


def normalize(text: str) -> str:
    """Lower case, apostrophes dropped ("i'm" → "im"), anything else that is not a letter
    or digit turned into one space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", _APOSTROPHES.sub("", folded)).split())


def squeeze(normal: str) -> str:
    """Letters typed three or more times in a row, once ("nooo" → "no")."""
    return _LONG_RUNS.sub(r"\1", normal)


def words(text: str) -> list[str]:
    return normalize(text).split()

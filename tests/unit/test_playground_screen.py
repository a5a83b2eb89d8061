"""The playground's screen: real file extensions, and terminal rows as wrapped."""

from __future__ import annotations

from pathlib import Path

from bot.devtools.playground import _extension, display_rows, run_folder

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
GIF = b"GIF89a" + b"\0" * 32


def test_files_get_their_real_extension() -> None:
    # python-telegram-bot names raw bytes "application.octet-stream": the bytes decide.
    assert _extension(PNG, "application.octet-stream") == ".png"
    assert _extension(GIF, "application.octet-stream") == ".gif"
    # A name that says its type keeps it (an export), unknown bytes get .bin.
    assert _extension(b'{"a": 1}', "winddown-export.json") == ".json"
    assert _extension(b"night,rating\n", "nights.csv") == ".csv"
    assert _extension(b"\0\1\2", "application.octet-stream") == ".bin"


def test_rows_count_wrapping_and_wide_characters() -> None:
    assert display_rows(["short"], 80) == 1
    assert display_rows([""], 80) == 1
    assert display_rows(["x" * 80], 80) == 1
    assert display_rows(["x" * 81], 80) == 2
    assert display_rows(["x" * 200, "y"], 80) == 4
    # An emoji takes two columns: 39 of them fill 78, 40 fill 80, 41 wrap.
    assert display_rows(["🌙" * 40], 80) == 1
    assert display_rows(["🌙" * 41], 80) == 2


def test_each_run_has_a_fresh_folder(tmp_path: Path) -> None:
    first, second = run_folder(tmp_path), run_folder(tmp_path)
    assert first != second
    assert first.parent == second.parent == tmp_path
    assert not any(first.iterdir())

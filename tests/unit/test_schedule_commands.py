"""The one grammar of /remind, /morning and /week auto: nothing, on, off, a time, or a day
and a time; everything else is unclear."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.scheduling.commands import At, Show, Switch, Unclear, parse, weekday_of


@pytest.mark.parametrize(
    ("words", "command"),
    [
        ([], Show()),
        (["  "], Show()),
        (["on"], Switch(on=True)),
        (["OFF"], Switch(on=False)),
        (["21:30"], At(time(21, 30))),
        (["9:30", "PM"], At(time(21, 30))),
        (["sun", "19:00"], At(time(19, 0), 6)),
        (["Sunday", "7pm"], At(time(19, 0), 6)),
        (["tue", "21.15"], At(time(21, 15), 1)),
        (["thurs", "8"], At(time(8, 0), 3)),
    ],
)
def test_what_people_type(words: list[str], command: object) -> None:
    assert parse(words) == command


@pytest.mark.parametrize(
    "words",
    [["25:00"], ["tomorrow"], ["🙂"], ["x" * 4000], ["su", "19:00"], ["sun"], ["off", "now"]],
)
def test_anything_else_is_unclear(words: list[str]) -> None:
    assert parse(words) == Unclear()


def test_day_names_need_three_letters_and_a_real_day() -> None:
    assert [weekday_of(w) for w in ("mon", "wedn", "sat", "mo", "someday")] == [
        0,
        2,
        5,
        None,
        None,
    ]


@given(st.lists(st.text(max_size=12), max_size=4))
def test_every_input_parses_to_a_command(words: list[str]) -> None:
    assert isinstance(parse(words), Show | Switch | At | Unclear)

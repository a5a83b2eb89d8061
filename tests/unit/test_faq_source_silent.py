"""Where the source says nothing (children, age, body weight, medication, conditions it
does not name), the answer says so and points to a clinician, whichever entry the
question reaches; no answer tells people "most people can"."""

from __future__ import annotations

import re

import pytest

from bot.faq.answer import answer
from bot.faq.knowledge import load_knowledge

SILENT = re.compile(r"says nothing about|doesn't look at|can't say|can't tell", re.IGNORECASE)
CLINICIAN = re.compile(r"clinician|doctor|physiotherapist|pharmacist", re.IGNORECASE)


@pytest.mark.parametrize(
    "question",
    [
        "can my 8 year old do it",
        "is it ok for elderly people",
        "am i too old for this",
        "is there a weight limit",
        "im obese, is it safe",
        "can i do it if i take blood thinners",
        "I have a condition you don't list, is it ok",
        "can anyone do it",
    ],
)
def test_questions_the_source_is_silent_on_get_an_honest_answer(question: str) -> None:
    reply = answer(question)
    assert reply.kind == "faq", question
    assert SILENT.search(reply.plain), (question, reply.entry)
    assert CLINICIAN.search(reply.plain), (question, reply.entry)


def test_no_answer_says_most_people_can() -> None:
    for entry in load_knowledge().entries:
        assert "most people can" not in entry.answer.lower(), entry.id

"""Safety routing: crisis language, then acute symptoms, then the conditions the pose needs
a clinician's say-so for. It runs before any lookup, so its recall is what counts."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import texts
from bot.faq.answer import answer
from bot.faq.safety import CONDITIONS, Route, route

CRISIS = [
    "I want to kill myself",
    "i want to kil myself",
    "gonna kill my self tonight",
    "im going to end it all",
    "I want to die.",
    "i wanna die",
    "i want 2 die",
    "no reason to live",
    "i have no reason to go on",
    "nothing to live for anymore",
    "i keep thinking about suicide",
    "im suicidal",
    "sucidal thoughts again",
    "thinking about sucide",
    "i've been self-harming",
    "self harm",
    "i hurt myself on purpose",
    "i want to hurt my self",
    "I cut myself last night",
    "i wish i was dead",
    "everyone would be better off without me",
    "i don't want to be alive anymore",
    "i dont want to wake up tomorrow",
    "kms",
    "thinking of ending my life",
    "i want to take my own life",
    "life isnt worth living",
    "i'm tired of living",
    "I CANT GO ON LIKE THIS",
    "want to overdose on my pills",
    "i feel like dying",
    "i just want to die",
    "i want to dieee",
    "ive been stockpiling my sleeping pills",
    "saving up tablets so i can end things",
    "i just want everything to stop",
    "i cant find a reason to go on",
]
ACUTE = [
    "I have chest pain",
    "my chest hurts when my legs are up",
    "tight chest and dizzy",
    "i fainted",
    "I almost passed out getting up",
    "blacked out for a second",
    "sudden severe headache",
    "worst headache of my life",
    "really bad headache out of nowhere",
    "numbness in my leg that won't go away",
    "my feet are still numb an hour later",
    "tingling that doesnt go away",
    "i cant feel my legs",
    "short of breath",
    "shortness of breath in the pose",
    "i can't breathe",
    "struggling to breathe lying down",
    "i think im having a heart attack",
]
CONDITION_CASES = {
    "glaucoma": ["is it ok with glaucoma?", "i have glacoma", "GLAUCOMA", "high eye pressure"],
    "heart": [
        "i have heart problems",
        "heart condition",
        "i have afib",
        "I have a pacemaker",
        "atrial fibrillation",
        "irregular heartbeat",
        "arrythmia",
        "had a heart attack last year",
    ],
    "blood-pressure": [
        "does it lower blood pressure?",
        "i have hypertension",
        "high bp",
        "blood presure meds",
        "im hypertensive",
    ],
    "pregnancy": [
        "im pregnant",
        "preggo",
        "pregnent can i do it",
        "third trimester",
        "28 weeks along",
        "expecting a baby in may",
    ],
    "hip-back": [
        "slipped disc",
        "i have sciatica",
        "bad back",
        "hip replacement",
        "herniated disk",
        "lower back pain",
        "i hurt my back",
        "hip pain",
    ],
    # The source names chronic venous insufficiency and significant swelling (oedema).
    "swelling": [
        "is it ok with significant oedema",
        "I have chronic venous insufficiency",
        "my doctor says I have CVI",
        "does it help lymphedema",
        "severe swelling in both legs",
        "my ankles are swollen all the time",
        "edema that never goes down",
    ],
}
ORDINARY = [
    "how long should I hold it",
    "how long should i stay up",
    "I'm dying to try it",
    "im dying to try this lol",
    "this pose is killing my hamstrings",
    "how close should my hips be to the wall",
    "should i lie on my back",
    "does it help heart rate variability",
    "what is the baroreflex",
    "will it help my swollen ankles",
    "is it good after a long run",
    "how do i end the session early",
    "my feet tingle a bit",
    "can it help with headaches",
    "whats the point of it",
    "i want to try it before bed",
    "how do i stop the reminders",
    "success",
    "i want the reminders to stop",
    "how do i end it early",
    "can i take my pills before doing it",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_language_is_crisis(text: str) -> None:
    assert route(text) == Route("crisis")


@pytest.mark.parametrize("text", ACUTE)
def test_acute_symptoms_are_acute(text: str) -> None:
    assert route(text) == Route("acute")


@pytest.mark.parametrize(
    ("code", "text"), [(code, text) for code, texts in CONDITION_CASES.items() for text in texts]
)
def test_conditions_are_named(code: str, text: str) -> None:
    routed = route(text)
    assert routed is not None
    assert routed.kind == "safety"
    assert code in routed.conditions


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_questions_are_left_to_the_lookup(text: str) -> None:
    assert route(text) is None


def test_the_condition_codes_are_the_bots() -> None:
    assert list(CONDITIONS) == list(texts.CONDITIONS)


def test_every_condition_named_in_one_message_is_reported_in_order() -> None:
    routed = route("im pregnant and have high blood pressure")
    assert routed == Route("safety", ("blood-pressure", "pregnancy"))


def test_crisis_comes_before_symptoms_and_symptoms_before_conditions() -> None:
    assert route("i have chest pain and i want to die") == Route("crisis")
    assert route("pregnant and i want to kill myself") == Route("crisis")
    assert route("glaucoma and now a sudden severe headache") == Route("acute")


def test_ocular_hypertension_is_about_the_eyes() -> None:
    assert route("i have ocular hypertension") == Route("safety", ("glaucoma",))


@given(
    phrase=st.sampled_from(CRISIS),
    before=st.text(max_size=40),
    after=st.text(max_size=40),
    shout=st.booleans(),
)
def test_a_crisis_phrase_is_crisis_whatever_surrounds_it(
    phrase: str, before: str, after: str, shout: bool
) -> None:
    text = f"{before} {phrase.upper() if shout else phrase} {after}"
    assert route(text) == Route("crisis")


def test_the_crisis_answer_is_short_warm_and_has_no_yoga() -> None:
    text = texts.crisis_answer(None, "a <helpline> & more")
    assert "your local emergency number" in text
    assert "a &lt;helpline&gt; &amp; more" in text
    assert len(text) < 500
    for word in ("pose", "legs", "wall", "breath", "yoga"):
        assert word not in text.lower()
    assert not re.search(r"(^|\s)/[a-z]", text)  # no commands either
    assert "<b>112</b>" in texts.crisis_answer("112", "line")


def test_a_caution_names_the_condition_the_alternative_and_a_clinician() -> None:
    for code, name in texts.CONDITIONS.items():
        text = texts.condition_caution([code])
        assert name.split()[-1].lower() in text.lower(), code
        assert "clinician" in text
        assert "/winddown" in text
        assert "legs low" in text
    assert "typically advised against" in texts.condition_caution(["glaucoma"])


def test_acute_answers_say_stop_and_seek_help() -> None:
    reply = answer("chest pain in the pose")
    assert reply.kind == "acute"
    assert reply.public_kind == "safety"
    assert "stop" in reply.plain.lower()
    assert "medical help" in reply.plain


def test_the_faq_core_imports_neither_telegram_nor_sql() -> None:
    forbidden = {"telegram", "sqlalchemy", "aiohttp", "asyncpg", "aiosqlite"}
    for module in ("answer", "knowledge", "retrieval", "safety", "words"):
        path = Path(__file__).resolve().parents[2] / "bot" / "faq" / f"{module}.py"
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        assert not {name.split(".")[0] for name in names} & forbidden, module


@pytest.mark.parametrize(
    "question",
    [
        "how do i swing up into it without hurting myself",
        "whats the safest way to come down and avoid injuring myself",
    ],
)
def test_asking_how_not_to_get_hurt_is_not_crisis(question: str) -> None:
    assert route(question) is None or route(question) != Route("crisis")


@pytest.mark.parametrize(
    "message",
    [
        "without hurting myself i cant go on anymore",
        "i keep hurting myself",
        "avoid hurting myself? i want to hurt myself",
    ],
)
def test_other_words_about_hurting_oneself_still_get_crisis_help(message: str) -> None:
    assert route(message) == Route("crisis")


def test_significant_oedema_gets_its_caution_not_i_dont_know() -> None:
    reply = answer("is it safe with significant oedema?", meaning=None)
    assert (reply.kind, reply.entry, reply.conditions) == (
        "safety",
        "caution-swelling",
        ("swelling",),
    )
    assert "venous insufficiency" in reply.plain
    assert "clinician" in reply.plain

"""The knowledge base file: sound, complete, in our own words."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.faq.answer import ACUTE_ENTRY, CAUTION_ENTRY
from bot.faq.knowledge import (
    LABELS,
    MAX_ANSWER,
    KnowledgeError,
    load_knowledge,
    parse,
    read,
    validate,
)
from tests.faq import seed_runs

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "legs-up-the-wall-benefits.txt"
COMMANDS = [
    "start",
    "remind",
    "pause",
    "resume",
    "timezone",
    "settings",
    "winddown",
    "morning",
    "sleep",
    "week",
    "privacy",
    "export",
    "delete",
    "ask",
    "topics",
    "cancel",
    "help",
]


@pytest.fixture(scope="module")
def raw() -> Any:
    return read()


def test_the_file_validates(raw: Any) -> None:
    assert validate(raw) == []


def test_the_pose_and_every_command_are_covered() -> None:
    knowledge = load_knowledge()
    pose = [e for e in knowledge.entries if e.topic != "using-the-bot"]
    assert len(pose) >= 40
    usage = {e.id for e in knowledge.entries if e.topic == "using-the-bot"}
    assert {f"cmd-{command}" for command in COMMANDS} <= usage
    for command in COMMANDS:
        assert f"/{command}" in knowledge[f"cmd-{command}"].answer


def test_entries_are_unique_sized_and_linked() -> None:
    knowledge = load_knowledge()
    ids = [e.id for e in knowledge.entries]
    assert len(ids) == len(set(ids))
    for entry in knowledge.entries:
        assert len(entry.questions) >= 3, entry.id
        assert 0 < len(entry.answer) <= MAX_ANSWER, entry.id
        assert 1 <= len(entry.related) <= 3, entry.id
        assert all(knowledge.get(r) is not None for r in entry.related), entry.id
        assert entry.topic in knowledge.topics, entry.id
        assert entry.label in LABELS, entry.id
        assert set(entry.basis.sections) <= set(knowledge.sources), entry.id
        if entry.topic == "using-the-bot":
            assert entry.label == "bot", entry.id


def test_every_topic_has_entries() -> None:
    knowledge = load_knowledge()
    for topic in knowledge.topics:
        assert knowledge.in_topic(topic), topic


def test_safety_answers_point_to_a_clinician() -> None:
    knowledge = load_knowledge()
    assert set(CAUTION_ENTRY) == set(texts.CONDITIONS) == set(texts.FAQ_CAUTION_WHY)
    assert knowledge.get(ACUTE_ENTRY) is not None
    for entry in knowledge.in_topic("safety"):
        pointer = re.search(r"clinician|doctor|midwife|medical|physiotherapist", entry.answer)
        assert pointer, entry.id
    for code, entry_id in CAUTION_ENTRY.items():
        assert knowledge[entry_id].topic == "safety", code


def test_uncertain_claims_say_so() -> None:
    """An answer resting on evidence short of well established says so, in plain words."""
    hedges = re.compile(
        r"\b(may|might|possibly|plausible|limited|thin|few|small|early|preliminary|"
        r"emerging|not yet|don't know|unknown|still being|hasn't|isn't|no good research|"
        r"varies|vary|open questions?|some support|depends|nobody|we can't|can't say|weaker|"
        r"not settled|hypothesis|suggest|no one|no proven|not shown|not the same)\b",
        re.IGNORECASE,
    )
    for entry in load_knowledge().entries:
        if entry.label in ("clinical-settings", "mixed", "limited", "emerging", "by-claim"):
            assert hedges.search(entry.answer), entry.id


def test_load_knowledge_is_read_once() -> None:
    assert load_knowledge() is load_knowledge()


def test_validate_reports_every_problem(raw: Any) -> None:
    broken = copy.deepcopy(raw)
    first, second = broken["entries"][0], broken["entries"][1]
    second["id"] = first["id"]
    first["questions"] = first["questions"][:2]
    first["answer"] = "x" * (MAX_ANSWER + 1)
    first["label"] = "certain"
    first["topic"] = "gossip"
    first["related"] = ["no-such-entry"]
    del broken["entries"][2]["basis"]
    broken["entries"][3]["answer"] = "Try <b>this</b>"

    problems = "\n".join(validate(broken))

    assert f"id {first['id']!r} is used more than once" in problems
    assert "needs at least 3 questions" in problems
    assert f"at most {MAX_ANSWER}" in problems
    assert "label 'certain'" in problems
    assert "topic 'gossip'" in problems
    assert "related id 'no-such-entry' does not exist" in problems
    assert "basis is missing" in problems
    assert "plain text" in problems
    with pytest.raises(KnowledgeError):
        parse(broken)


def test_a_bot_answer_makes_no_health_claim(raw: Any) -> None:
    broken = copy.deepcopy(raw)
    usage = next(e for e in broken["entries"] if e["topic"] == "using-the-bot")
    usage["label"] = "well-established"
    assert any("no health claim" in problem for problem in validate(broken))


def test_the_stored_fingerprints_match_the_source() -> None:
    if not SEED.is_file():
        pytest.skip(f"the source text is not here ({SEED}); its stored fingerprints are used")
    assert seed_runs.stored() == seed_runs.fingerprints_of(SEED.read_text(encoding="utf-8"))


def test_no_answer_copies_the_source() -> None:
    """No run of 8 words of any answer or phrasing appears in the source document (checked
    against the source's stored fingerprints, so it runs everywhere)."""
    copied = seed_runs.stored()
    assert len(copied) > 1000  # the fingerprints are really there
    for entry in load_knowledge().entries:
        for text in (entry.answer, *entry.questions):
            for run in seed_runs.runs(text):
                assert seed_runs.fingerprint(run) not in copied, (
                    f"{entry.id} copies the source: {' '.join(run)!r}"
                )


def test_the_copy_check_would_catch_a_copied_sentence() -> None:
    if not SEED.is_file():
        pytest.skip(f"the source text is not here ({SEED})")
    sentence = " ".join(seed_runs.words(SEED.read_text(encoding="utf-8"))[100:112])
    assert any(seed_runs.fingerprint(r) in seed_runs.stored() for r in seed_runs.runs(sentence))

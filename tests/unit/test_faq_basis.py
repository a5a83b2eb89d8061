"""Every answer's basis is true and shown: the sections it names are the source's, its key
terms occur in them, its label comes from one vocabulary that mirrors the source's own
grading words, and an answer the source does not back says so where it is shown.

The source's text is read where it is at hand; elsewhere its stored section fingerprints
(tests/faq/seed_sections.txt) stand in, and a test keeps the two the same."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from bot import texts
from bot.faq.answer import Answer
from bot.faq.knowledge import (
    BOT,
    GENERAL,
    GRADED,
    LABELS,
    WORDED,
    Basis,
    Entry,
    Knowledge,
    load_knowledge,
)
from bot.faq.reply import reply_to
from tests.faq import seed_sections

Occurs = Callable[[str, str], bool]  # (term, section id) → found in that section's text


@pytest.fixture(scope="module")
def occurs() -> Occurs:
    fingerprints = seed_sections.stored()
    return lambda term, section: seed_sections.occurs(term, section, fingerprints)


def basis_problems(entry: Entry, knowledge: Knowledge, occurs: Occurs) -> list[str]:
    """What is untrue in one entry's basis (empty when it holds)."""
    basis, label = entry.basis, entry.label
    if label in (GENERAL, BOT):
        return [] if basis == Basis() else [f"a {label} answer names no source basis"]
    problems = [
        f"term {term!r} occurs in none of {list(basis.sections)}"
        for term in basis.terms
        if not any(occurs(term, section) for section in basis.sections)
    ]
    problems += [
        f"section {section!r} holds none of its key terms"
        for section in basis.sections
        if not any(occurs(term, section) for term in basis.terms)
    ]
    problems += [
        f"grading words {words!r} occur in none of {list(basis.sections)}"
        for words in basis.graded
        if not any(occurs(words, section) for section in basis.sections)
    ]
    grades = {knowledge.grade_of(words) for words in basis.graded}
    if None in grades:
        problems.append("grading words not in the vocabulary's list")
    elif label == "by-claim":
        if len(grades) < 2 or not grades <= set(GRADED):
            problems.append("a by-claim answer quotes the grades of at least two claims")
    elif grades and grades != {label}:
        # The source's words grade the claim lower (or otherwise) than its label says.
        problems.append(f"label {label!r}, but the source grades it {sorted(grades)}")
    return problems


def test_every_section_named_exists_in_the_source() -> None:
    knowledge = load_knowledge()
    stored = {line.split()[0] for line in seed_sections.stored()}
    assert stored == set(knowledge.sources)
    for entry in knowledge.entries:
        assert set(entry.basis.sections) <= stored, entry.id


def test_the_stored_sections_match_the_source() -> None:
    if not seed_sections.SEED.is_file():
        pytest.skip(f"the source text is not here ({seed_sections.SEED})")
    source = seed_sections.SEED.read_text(encoding="utf-8")
    sections = seed_sections.split(source, load_knowledge().sources)
    assert set(sections) == set(load_knowledge().sources)  # every heading is the source's
    assert seed_sections.fingerprints_of(sections) == seed_sections.stored()


def test_every_basis_holds_against_the_source(occurs: Occurs) -> None:
    knowledge = load_knowledge()
    problems = {
        entry.id: found
        for entry in knowledge.entries
        if (found := basis_problems(entry, knowledge, occurs))
    }
    assert problems == {}


def test_health_and_pose_entries_all_carry_a_basis() -> None:
    for entry in load_knowledge().entries:
        if entry.topic == "using-the-bot":
            assert entry.label == BOT, entry.id
        else:
            assert entry.label != BOT, entry.id
            assert entry.label == GENERAL or entry.basis.sections, entry.id


def test_the_labels_are_one_vocabulary_mirroring_the_sources_grading(occurs: Occurs) -> None:
    knowledge = load_knowledge()
    assert set(knowledge.grading) == set(WORDED)
    # Each label the source's words set is set by words the source really uses.
    for label, phrases in knowledge.grading.items():
        for words in phrases:
            assert any(occurs(words, section) for section in knowledge.sources), (label, words)
    # Every label but the bot's has its line, and no other line exists.
    assert set(texts.BASIS_LINES) == set(LABELS) - {BOT}
    assert {entry.label for entry in knowledge.entries} <= set(LABELS)


def test_no_well_established_label_where_the_source_grades_lower(occurs: Occurs) -> None:
    knowledge = load_knowledge()
    strongest = {entry.id for entry in knowledge.entries if entry.label == "well-established"}
    assert strongest  # there are some, and each is graded so by the source's own words
    for entry_id in strongest:
        grades = {knowledge.grade_of(words) for words in knowledge[entry_id].basis.graded}
        assert grades == {"well-established"}, entry_id


def test_the_checks_catch_a_label_stronger_than_the_source(occurs: Occurs) -> None:
    """The everyday-use entry as it was: well established, though the source says the good
    evidence comes from clinical settings; and a term its section does not hold."""
    knowledge = load_knowledge()
    entry = knowledge["sitting-standing"]
    overclaimed = dataclasses.replace(entry, label="well-established")
    assert any(
        "grades it ['clinical-settings']" in p
        for p in basis_problems(overclaimed, knowledge, occurs)
    )
    wrong_place = dataclasses.replace(
        entry, basis=dataclasses.replace(entry.basis, sections=("overview",))
    )
    assert any("occurs in none" in p for p in basis_problems(wrong_place, knowledge, occurs))
    made_up = dataclasses.replace(
        entry, basis=dataclasses.replace(entry.basis, terms=("improves circulation for all",))
    )
    assert basis_problems(made_up, knowledge, occurs)


@pytest.mark.parametrize("entry", load_knowledge().entries, ids=lambda entry: entry.id)
def test_the_shown_answer_carries_its_basis_line(entry: Entry) -> None:
    knowledge = load_knowledge()
    shown = reply_to(Answer("faq", entry.answer, entry=entry.id), knowledge).text
    if entry.label == BOT:
        assert not any(line in shown for line in texts.BASIS_LINES.values())
    else:
        assert f"<i>{texts.BASIS_LINES[entry.label]}</i>" in shown
    if entry.label == GENERAL:
        assert "not from the research" in shown

"""The session timeline: its length, its phases, its cues, and the coarser versions used
when many sessions share the budget."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import texts
from bot.winddown.breathing import (
    MIN_EDIT_GAP,
    PATTERNS,
    Detail,
    Pattern,
    choose_detail,
    progress,
    timeline,
)

paced = [p for p in PATTERNS.values() if p.phases]


@settings(max_examples=200, deadline=None)
@given(
    pattern=st.sampled_from(list(PATTERNS.values())),
    total=st.integers(min_value=20, max_value=1800),
    settle=st.integers(min_value=0, max_value=120),
    detail=st.sampled_from(list(Detail)),
)
def test_the_timeline_covers_the_session_without_gaps_or_overlaps(
    pattern, total: int, settle: int, detail: Detail
) -> None:  # type: ignore[no-untyped-def]
    prompts = timeline(pattern, total, settle, detail)
    assert prompts[0].at == 0
    for before, after in itertools.pairwise(prompts):
        assert before.until == pytest.approx(after.at)  # each ends where the next begins
        assert after.at - before.at >= min(MIN_EDIT_GAP, settle) or before.kind == "settle"
    assert prompts[-1].until == pytest.approx(min(total, max(total, settle)))


@pytest.mark.parametrize("pattern", paced, ids=lambda p: p.id)
def test_phases_follow_the_pattern_in_whole_cycles(pattern) -> None:  # type: ignore[no-untyped-def]
    prompts = [p for p in timeline(pattern, 600, 60) if p.kind == "phase"]
    words = {"in": "Breathe in", "hold": "Hold", "out": "Breathe out"}
    expected = [words[phase.kind] for phase in pattern.phases]
    cycles = len(prompts) // len(pattern.phases)
    assert len(prompts) == cycles * len(pattern.phases)
    assert cycles == int((600 - 60) // pattern.cycle)
    for n, prompt in enumerate(prompts):
        assert prompt.text.startswith(expected[n % len(expected)])
        phase = pattern.phases[n % len(pattern.phases)]
        assert prompt.until - prompt.at == pytest.approx(phase.seconds)
        assert prompt.until - prompt.at >= MIN_EDIT_GAP


def test_cues_come_on_an_out_breath_and_not_at_the_very_end() -> None:
    """A cue like "let the out-breath be a little longer" never sits under "Breathe in"."""
    prompts = timeline(PATTERNS["exhale-4-6"], 600, 60)
    cued = [p for p in prompts if "\n" in p.text]
    assert len(cued) == 3
    assert all(p.text.startswith("Breathe out") for p in cued)
    assert all(60 < p.at < 600 * 0.9 for p in cued)


@pytest.mark.parametrize("pattern", paced, ids=lambda p: p.id)
def test_the_out_breath_cue_only_ever_shows_on_an_out_breath(pattern: Pattern) -> None:
    for detail in (Detail.PHASE, Detail.CYCLE):
        for prompt in timeline(pattern, 900, 60, detail):
            if "out-breath" in prompt.text:
                assert prompt.text.startswith(("Breathe out", texts.WITH_THE_RHYTHM)), prompt


def test_with_the_audio_guide_the_message_shows_progress_every_half_minute() -> None:
    prompts = timeline(PATTERNS["4-7-8"], 600, 60, Detail.PROGRESS)
    assert prompts[0].text == texts.SETTLE
    assert {p.text for p in prompts[1:]} == {texts.FOLLOW_THE_TONES}
    assert [p.at for p in prompts] == [0, *range(60, 600, 30)]
    assert all(b.at == a.until for a, b in itertools.pairwise(prompts))


@pytest.mark.parametrize("pattern", paced, ids=lambda p: p.id)
def test_a_coarser_timeline_keeps_the_cycle_boundaries_true(pattern) -> None:  # type: ignore[no-untyped-def]
    fine = [p for p in timeline(pattern, 600, 60, Detail.PHASE) if p.kind == "phase"]
    cycle_starts = {round(p.at, 6) for i, p in enumerate(fine) if i % len(pattern.phases) == 0}
    for detail in (Detail.CYCLE, Detail.TWO_CYCLES):
        coarse = [p for p in timeline(pattern, 600, 60, detail) if p.kind == "cycle"]
        assert coarse
        assert {round(p.at, 6) for p in coarse} <= cycle_starts
        for prompt in coarse:
            # What it names is true for as long as it is shown: whole cycles.
            assert ((prompt.until - prompt.at) / pattern.cycle) == pytest.approx(
                round((prompt.until - prompt.at) / pattern.cycle)
            )


def test_detail_drops_as_sessions_outgrow_the_budget() -> None:
    pattern = PATTERNS["exhale-4-6"]  # 2 phases per 10 s: 0.2 edits a second at full detail
    assert choose_detail(pattern, 1, 18) == Detail.PHASE
    assert choose_detail(pattern, 90, 18) == Detail.PHASE
    assert choose_detail(pattern, 91, 18) == Detail.CYCLE
    assert choose_detail(pattern, 200, 18) == Detail.TWO_CYCLES
    assert choose_detail(PATTERNS["natural"], 1000, 18) == Detail.PHASE


def test_progress_bar() -> None:
    assert progress(0, 600) == "░░░░░░░░░░  10:00 left"
    assert progress(300, 600) == "▓▓▓▓▓░░░░░  5:00 left"
    assert progress(600, 600) == "▓▓▓▓▓▓▓▓▓▓  0:00 left"

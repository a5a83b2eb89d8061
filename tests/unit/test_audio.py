"""The audio guide, decoded back from the OGG/Opus bytes the bot would send: its phase
boundaries fall where the pure timeline says, and it never clicks or startles."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from bot.winddown import audio
from bot.winddown.breathing import PATTERNS, Segment, segments

TOTAL, SETTLE = 75.0, 9.0  # long enough for several cycles of every pattern
PACED = ("in", "hold", "out")
HOP = 0.005  # seconds between loudness readings
TOLERANCE = 0.05  # the bound: 50 ms


@cache
def decoded(pattern_id: str) -> tuple[list[Segment], np.ndarray, int]:
    parts = segments(PATTERNS[pattern_id], TOTAL, SETTLE)
    samples, rate = audio.decode(audio.encode(audio.render(parts)))
    return parts, samples, rate


def loudness(samples: np.ndarray, rate: int) -> np.ndarray:
    """RMS over 10 ms windows, one reading every HOP."""
    window, hop = int(0.01 * rate), int(HOP * rate)
    frames = np.lib.stride_tricks.sliding_window_view(samples, window)[::hop]
    return np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1))


def dips(envelope: np.ndarray, below: float) -> list[float]:
    """Instants (s) of the local minima of the envelope that are quieter than `below`."""
    quiet = envelope < below
    found, n = [], 0
    while n < len(envelope):
        if quiet[n]:
            end = n
            while end < len(envelope) and quiet[end]:
                end += 1
            found.append((n + int(np.argmin(envelope[n:end]))) * HOP + 0.005)
            n = end
        n += 1
    return found


@pytest.mark.parametrize("pattern_id", [p for p in PATTERNS if PATTERNS[p].phases])
def test_phase_boundaries_in_the_audio_match_the_timeline(pattern_id: str) -> None:
    parts, samples, rate = decoded(pattern_id)
    envelope = loudness(samples, rate)
    found = dips(envelope, below=0.2 * audio.PEAK * 0.35)
    phases = [p for p in parts if p.kind in PACED]
    boundaries = [p.end for p in phases]  # each phase ends where the next one begins
    assert len(boundaries) >= 6
    for boundary in boundaries:
        nearest = min(found, key=lambda at: abs(at - boundary))
        assert abs(nearest - boundary) <= TOLERANCE, (pattern_id, boundary, nearest)
    # Inside a phase the sound carries on: no dip away from a boundary.
    for phase in phases:
        inside = [at for at in found if phase.start + 0.3 < at < phase.end - 0.3]
        assert not inside, (pattern_id, phase, inside)


def test_natural_breathing_rings_a_bell_at_each_cue() -> None:
    parts, samples, rate = decoded("natural")
    envelope = loudness(samples, rate)
    for cue in (p for p in parts if p.kind == "cue"):
        at = int(cue.start / HOP)
        before, after = envelope[at - 20 : at - 2].mean(), envelope[at + 4 : at + 30].mean()
        assert after > 3 * before, cue  # the bell starts within 50 ms of the cue


@pytest.mark.parametrize("pattern_id", list(PATTERNS))
def test_no_clicks_and_soft_at_both_ends(pattern_id: str) -> None:
    _, samples, rate = decoded(pattern_id)
    assert len(samples) / rate == pytest.approx(TOTAL + audio.CHIME_SECONDS, abs=0.05)
    # A click is a jump between neighbouring samples; the loudest tone moves by ~0.04.
    assert np.abs(np.diff(samples)).max() <= 0.05
    assert np.abs(samples).max() <= 0.3  # about -10 dBFS at most
    edge = int(0.05 * rate)
    assert np.sqrt((samples[:edge] ** 2).mean()) <= 0.005
    assert np.sqrt((samples[-edge:] ** 2).mean()) <= 0.005


def test_the_track_ends_with_a_bell_after_the_session() -> None:
    parts, samples, rate = decoded("exhale-4-6")
    envelope = loudness(samples, rate)
    end = int(parts[-1].end / HOP)
    assert envelope[end + 10 : end + 200].mean() > 2 * envelope[end - 200 : end - 10].mean()

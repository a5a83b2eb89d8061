"""The audio breath guide: one track per pattern and length, rendered from the same
segments as the live message (breathing.segments), so a person can follow it with the
eyes closed and the screen locked. Pure: numbers in, samples or bytes out.

How it sounds: a soft, warm tone that glides up and swells on the in-breath and glides
down and fades on the out-breath; on a hold, a quieter steady hum with a slow shimmer;
a low, barely-there drone while settling in and resting; a soft bell when the paced
breathing begins and for each gentle cue of natural breathing; a fuller bell to come out.
Every sound starts and stops on a raised-cosine fade and the loudest is about -12 dBFS,
so nothing clicks or startles. Encoded as OGG/Opus, which Telegram plays as a voice
message.
"""

from __future__ import annotations

import io

import numpy as np
import soundfile

from bot.winddown.breathing import Segment

SAMPLE_RATE = 24_000  # ample for tones under 2 kHz; Opus takes it as it is
PEAK = 0.25  # about -12 dBFS: calm, with room for the bell's partials
EDGE = 0.12  # seconds of fade at each end of every sound
LOW, HIGH = 196.0, 294.0  # G3 to D4: where the breath tone glides between
HOLD = 247.0  # B3, between the two
DRONE = 110.0
BELL = 528.0
BELL_PARTIALS = ((1.0, 1.0), (2.76, 0.4), (5.4, 0.15))  # ratio, weight: a soft bowl
CHIME_SECONDS = 6.0  # the closing bell rings out after the session
# libsndfile's Opus level (~32 kbit/s): lower bitrates smear the closing bell and add steps.
BITRATE_LEVEL = 0.9


def _fade(n: int, rate: int, edge: float = EDGE) -> np.ndarray:
    """1 in the middle, raised-cosine ramps of `edge` seconds at both ends."""
    envelope = np.ones(n)
    ramp = min(int(edge * rate), n // 2)
    if ramp:
        rise = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, ramp))
        envelope[:ramp] = rise
        envelope[n - ramp :] = rise[::-1]
    return envelope


def _glide(n: int, rate: int, start: float, end: float) -> np.ndarray:
    """A sine whose pitch moves smoothly (eased) from `start` to `end` Hz."""
    eased = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))
    frequency = start * (end / start) ** eased
    phase = 2 * np.pi * np.cumsum(frequency) / rate
    return np.sin(phase) + 0.12 * np.sin(2 * phase)  # a touch of warmth


def _bell(rate: int, seconds: float, loudness: float) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    ring = sum(
        w * np.sin(2 * np.pi * BELL * r * t) * np.exp(-t * (1.2 + r)) for r, w in BELL_PARTIALS
    )
    attack = np.minimum(1.0, t / 0.03)  # 30 ms onset: a bell, not a click
    return loudness * PEAK * attack * ring / sum(w for _, w in BELL_PARTIALS) * _fade(len(t), rate)


def _sound(part: Segment, n: int, rate: int) -> np.ndarray:
    t = np.arange(n) / rate
    match part.kind:
        case "in":
            swell = 0.45 + 0.55 * (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n)))
            return PEAK * swell * _glide(n, rate, LOW, HIGH) / 1.12
        case "out":
            ebb = 0.45 + 0.55 * (0.5 + 0.5 * np.cos(np.linspace(0.0, np.pi, n)))
            return PEAK * ebb * _glide(n, rate, HIGH, LOW) / 1.12
        case "hold":
            shimmer = 1.0 + 0.25 * np.sin(2 * np.pi * 0.5 * t)
            return 0.35 * PEAK * shimmer * np.sin(2 * np.pi * HOLD * t) / 1.25
        case _:  # settle, rest, a natural-breathing stretch: a quiet drone
            return 0.12 * PEAK * np.sin(2 * np.pi * DRONE * t)


def render(parts: list[Segment], rate: int = SAMPLE_RATE) -> np.ndarray:
    """The whole track as float32 samples in [-1, 1]: every segment at its own instant,
    a bell when paced breathing begins and at each cue, and the closing bell."""
    end = parts[-1].end if parts else 0.0
    track = np.zeros(int((end + CHIME_SECONDS) * rate))
    for part in parts:
        first, last = round(part.start * rate), round(part.end * rate)
        if last > first:
            track[first:last] += _sound(part, last - first, rate) * _fade(last - first, rate)
    starts = [p.start for p in parts if p.kind == "cue"]
    paced = next((p.start for p in parts if p.kind in ("in", "out", "hold")), None)
    soft = _bell(rate, 4.0, 0.5)
    for at in [*starts, *([paced] if paced is not None else [])]:
        first = round(at * rate)
        piece = soft[: len(track) - first]
        track[first : first + len(piece)] += piece
    closing = _bell(rate, CHIME_SECONDS, 1.0)
    track[len(track) - len(closing) :] += closing
    return track.astype(np.float32)


def encode(samples: np.ndarray, rate: int = SAMPLE_RATE) -> bytes:
    """OGG/Opus bytes, the format of a Telegram voice message."""
    buffer = io.BytesIO()
    soundfile.write(
        buffer, samples, rate, format="OGG", subtype="OPUS", compression_level=BITRATE_LEVEL
    )
    return buffer.getvalue()


VERSION = 1  # bump when the sound changes: stored file_ids are keyed by it


def track_key(pattern_id: str, total: float, settle: float) -> str:
    """The name a track is uploaded under once (see bot.winddown.media)."""
    return f"audio:{pattern_id}:{total:g}:{settle:g}:v{VERSION}"


def track(parts: list[Segment]) -> bytes:
    """The voice message for a session's segments, ready to send."""
    return encode(render(parts))


def decode(data: bytes) -> tuple[np.ndarray, int]:
    samples, rate = soundfile.read(io.BytesIO(data), dtype="float32")
    return samples, rate

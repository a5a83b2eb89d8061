"""The audio guide: how big one track is and how long it takes to make, per pattern, for a
10-minute session (the default), beside the same samples as 16-bit WAV (the baseline).

    python3 dev.py bench audio [--minutes 10]
"""

from __future__ import annotations

import argparse
import io
import time

import soundfile

from bot.winddown import audio
from bot.winddown.breathing import PATTERNS, segments

SETTLE = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    total = args.minutes * 60
    print(
        f"{args.minutes:g}-minute track, settle {SETTLE:.0f} s, {audio.SAMPLE_RATE} Hz mono; "
        "OGG/Opus as sent, WAV (16-bit) as the baseline"
    )
    print(f"{'pattern':>12} {'render':>8} {'encode':>8} {'OGG/Opus':>10} {'WAV':>10} {'ratio':>6}")
    for pattern in PATTERNS.values():
        parts = segments(pattern, total, SETTLE)
        started = time.perf_counter()
        samples = audio.render(parts)
        rendered = time.perf_counter()
        ogg = audio.encode(samples)
        encoded = time.perf_counter()
        wav = io.BytesIO()
        soundfile.write(wav, samples, audio.SAMPLE_RATE, format="WAV", subtype="PCM_16")
        print(
            f"{pattern.id:>12} {rendered - started:7.2f}s {encoded - rendered:7.2f}s "
            f"{len(ogg) / 1024:8.0f}KB {len(wav.getvalue()) / 1024:8.0f}KB "
            f"{len(wav.getvalue()) / len(ogg):5.0f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()

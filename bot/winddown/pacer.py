"""A looping GIF of a breathing pacer: a circle that grows on the in-breath, stays on a
hold and shrinks on the out-breath, with the word. Drawn with Pillow, once per pattern,
so a phone keeps perfect pace even on a slow network."""

from __future__ import annotations

import io
import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot import texts
from bot.winddown.breathing import PATTERNS

SIZE = 320
FPS = 10
# The animation goes out this long before an in-breath, and its loop begins as far into
# the breath cycle: it arrives in step with the text, on the session's own clock.
LEAD = 2.0
SMALL, LARGE = 0.28, 0.44  # circle radius as a share of the image size
BACKGROUND, CIRCLE, WORDS = (24, 28, 48), (120, 150, 220), (235, 238, 245)


@lru_cache(maxsize=8)
def pacer_gif(pattern_id: str) -> bytes:
    pattern = PATTERNS[pattern_id]
    if not pattern.phases:
        raise ValueError("natural breathing has no pace to show")
    font = ImageFont.load_default(size=34)
    frames: list[Image.Image] = []
    radius = SMALL
    for phase in pattern.phases:
        steps = max(1, round(phase.seconds * FPS))
        start = radius
        end = LARGE if phase.kind == "in" else SMALL if phase.kind == "out" else radius
        word = texts.PHASE_WORDS[phase.kind]
        for step in range(steps):
            share = (step + 1) / steps
            # Ease in and out, as a breath does.
            eased = 0.5 - 0.5 * math.cos(share * math.pi)
            radius = start + (end - start) * eased
            frame = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
            draw = ImageDraw.Draw(frame)
            r = radius * SIZE
            centre = SIZE / 2
            draw.ellipse((centre - r, centre - r, centre + r, centre + r), fill=CIRCLE)
            draw.text((centre, centre), word, fill=WORDS, font=font, anchor="mm")
            frames.append(frame.quantize(colors=32))
        radius = end
    lead = round(LEAD * FPS) % len(frames)
    frames = frames[len(frames) - lead :] + frames[: len(frames) - lead]
    out = io.BytesIO()
    frames[0].save(
        out,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=1000 // FPS,
        loop=0,
        optimize=True,
    )
    return out.getvalue()

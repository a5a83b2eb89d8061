"""The weekly chart as a PNG: a bar per night for the sleep rating, coloured (and
hatched, for colour-blind eyes) by whether there was a session, and the minutes practised
underneath. Pure and synchronous: callers run it in a worker thread.

Matplotlib's object-oriented API with the Agg canvas, never pyplot: pyplot keeps global
state that is not safe across threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bot import texts
from bot.summary.stats import Night

SESSION_COLOUR = "#2a7f8f"
PLAIN_COLOUR = "#b8c4cc"
MINUTES_COLOUR = "#7a5c99"
# 1000 × 750 pixels: sharp on a phone, and Telegram shows it without cropping.
SIZE_INCHES = (10, 7.5)
DPI = 100


def render(nights: Sequence[Night]) -> bytes:
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    sleep, minutes = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    positions = range(len(nights))
    labels = [f"{n.night.strftime('%a')}\n{n.night.day}" for n in nights]

    for x, night in zip(positions, nights, strict=True):
        if night.rating is None:
            sleep.text(x, 0.15, texts.CHART_NOT_RATED, ha="center", fontsize=13, color="#556")
            continue
        sleep.bar(
            x,
            night.rating,
            width=0.7,
            color=SESSION_COLOUR if night.practised else PLAIN_COLOUR,
            hatch="" if night.practised else "//",
            edgecolor="white",
        )
    sleep.set_ylim(0, 5.9)  # room for the legend above a 5
    sleep.set_yticks(range(1, 6), [f"{n} {label}" for n, label in enumerate(texts.SLEEP_SCALE, 1)])
    sleep.set_ylabel(texts.CHART_SLEEP, fontsize=16)
    sleep.legend(
        handles=[
            Patch(color=SESSION_COLOUR, label=texts.CHART_WITH_SESSION),
            Patch(
                facecolor=PLAIN_COLOUR,
                hatch="//",
                edgecolor="white",
                label=texts.CHART_WITHOUT_SESSION,
            ),
        ],
        loc="upper left",
        ncols=2,
        fontsize=14,
        frameon=False,
    )

    values = [round(n.minutes) for n in nights]
    bars = minutes.bar(positions, values, width=0.7, color=MINUTES_COLOUR)
    minutes.bar_label(bars, labels=[str(v) if v else "" for v in values], fontsize=14)
    minutes.set_ylim(0, max([*values, 5]) * 1.35)
    minutes.set_yticks([])
    minutes.set_ylabel(texts.CHART_MINUTES, fontsize=16)
    minutes.set_xticks(list(positions), labels, fontsize=15)

    for axes in (sleep, minutes):
        axes.tick_params(axis="y", labelsize=14)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()

"""The weekly chart as a PNG: a title with the dates, a bar per night for the sleep
rating, coloured (and hatched, for colour-blind eyes) by whether there was a session,
and the minutes practised underneath. Pure and synchronous: callers run it in a worker
thread.

Dark and calm, for a phone at bedtime: a near-black blue background, soft light text
(tests hold every text colour to WCAG's 4.5:1 against it), and colours from the
Okabe-Ito palette, which stays distinct for the common colour-vision deficiencies; the
bars without a session are also hatched and much darker, so they differ without colour.

Matplotlib's object-oriented API with the Agg canvas, never pyplot: pyplot keeps global
state that is not safe across threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bot import texts
from bot.summary.stats import Night
from bot.times import format_short_day


@dataclass(frozen=True)
class Theme:
    background: str
    text: str  # titles, labels, numbers
    muted: str  # "not rated", axis lines: still readable text
    session: str  # a night with a session (Okabe-Ito sky blue)
    plain: str  # a night without one: darker, and hatched
    hatch: str
    minutes: str  # the minutes bars (Okabe-Ito orange)


NIGHT = Theme(
    background="#11141b",
    text="#e3e6ec",
    muted="#a3acba",
    session="#56b4e9",
    plain="#3b4250",
    hatch="#8c96a6",
    minutes="#e69f00",
)
# 1000 × 750 pixels: sharp on a phone, and Telegram shows it without cropping.
SIZE_INCHES = (10, 7.5)
DPI = 100


def render(nights: Sequence[Night], theme: Theme = NIGHT) -> bytes:
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained", facecolor=theme.background)
    FigureCanvasAgg(figure)
    sleep, minutes = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    positions = range(len(nights))
    labels = [f"{n.night.strftime('%a')}\n{n.night.day} {n.night.strftime('%b')}" for n in nights]
    figure.suptitle(
        texts.chart_title(format_short_day(nights[0].night), format_short_day(nights[-1].night)),
        color=theme.text,
        fontsize=20,
    )

    for x, night in zip(positions, nights, strict=True):
        if night.rating is None:
            sleep.text(x, 0.15, texts.CHART_NOT_RATED, ha="center", fontsize=13, color=theme.muted)
            continue
        sleep.bar(
            x,
            night.rating,
            width=0.7,
            color=theme.session if night.practised else theme.plain,
            hatch="" if night.practised else "//",
            edgecolor=theme.background if night.practised else theme.hatch,
            linewidth=0 if night.practised else 0.8,
        )
    sleep.set_ylim(0, 5.9)  # room for the legend above a 5
    sleep.set_yticks(range(1, 6), [f"{n} {label}" for n, label in enumerate(texts.SLEEP_SCALE, 1)])
    sleep.set_ylabel(texts.CHART_SLEEP, fontsize=16, color=theme.text)
    legend = sleep.legend(
        handles=[
            Patch(color=theme.session, label=texts.CHART_WITH_SESSION),
            Patch(
                facecolor=theme.plain,
                hatch="//",
                edgecolor=theme.hatch,
                label=texts.CHART_WITHOUT_SESSION,
            ),
        ],
        loc="upper left",
        ncols=2,
        fontsize=14,
        frameon=False,
    )
    for entry in legend.get_texts():
        entry.set_color(theme.text)

    values = [round(n.minutes) for n in nights]
    bars = minutes.bar(positions, values, width=0.7, color=theme.minutes)
    minutes.bar_label(
        bars, labels=[str(v) if v else "" for v in values], fontsize=14, color=theme.text
    )
    minutes.set_ylim(0, max([*values, 5]) * 1.35)
    minutes.set_yticks([])
    minutes.set_ylabel(texts.CHART_MINUTES, fontsize=16, color=theme.text)
    minutes.set_xticks(list(positions), labels, fontsize=15)

    for axes in (sleep, minutes):
        axes.set_facecolor(theme.background)
        axes.tick_params(axis="both", colors=theme.muted, labelcolor=theme.text)
        axes.tick_params(axis="y", labelsize=14)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            axes.spines[side].set_color(theme.muted)
    buffer = BytesIO()
    figure.savefig(buffer, format="png", facecolor=theme.background)
    return buffer.getvalue()

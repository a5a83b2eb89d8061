"""Draw the weekly chart for three example weeks into docs/week-charts/, to look at:
a new user (one session tonight: no chart is sent for it, see MIN_NIGHTS_FOR_CHART),
a good week and a sparse one.

    python3 dev.py python scripts/render_week_charts.py
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

from bot import texts
from bot.summary.chart import render
from bot.summary.stats import SessionFact, WeekSummary, summarize

LAST = date(2026, 12, 2)
OUT = Path(__file__).resolve().parents[1] / "docs" / "week-charts"


def night(back: int) -> date:
    return LAST - timedelta(days=back)


def session(back: int, minutes: int = 10, calm: int | None = None) -> SessionFact:
    return SessionFact(night(back), minutes * 60, True, time(21, 30), calm)


def examples() -> dict[str, WeekSummary]:
    good = [session(n, 10 + 5 * (n % 2), 4) for n in range(7) if n != 3]
    return {
        "new-user": summarize(LAST, [session(0)], {}, [LAST], LAST),
        "good-week": summarize(
            LAST,
            good,
            {night(n): r for n, r in enumerate([4, 5, 4, 3, 4, 5, 3])},
            [s.night for s in good],
            LAST,
        ),
        "sparse-week": summarize(
            LAST, [session(2, 5)], {night(1): 2, night(2): 4}, [night(2)], LAST
        ),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, summary in examples().items():
        path = OUT / f"{name}.png"
        path.write_bytes(render(summary.nights))
        shown = texts.counted(summary.nights_with_something, "night")
        print(f"{path}: {shown} to show, chart sent: {summary.worth_a_chart}")


if __name__ == "__main__":
    main()

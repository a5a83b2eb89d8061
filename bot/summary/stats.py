"""The numbers of a weekly summary. Pure: facts in (nights as local dates, sessions
with their local start times), numbers out; no clock, no zone arithmetic beyond dates.

A night is the local date of its evening (see bot.times.night_of), so streaks and weeks
are counted in calendar nights and daylight-saving changes cannot split or merge them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from statistics import fmean

WEEK = 7
# Fewer nights than this on either side and a comparison says nothing.
MIN_TO_COMPARE = 3
# A session counts as practice when it was completed or lasted at least this long.
MIN_PRACTICE_SECONDS = 60
# "Almost nothing to show": with fewer nights than this that have a session or a sleep
# rating, a chart of seven nights would be mostly empty, and the words say it all.
MIN_NIGHTS_FOR_CHART = 2
# Start times are measured from noon, so 23:50 and 00:10 are 20 minutes apart.
_NOON = 12 * 60


@dataclass(frozen=True)
class SessionFact:
    night: date
    seconds: int
    completed: bool
    started_local: time
    calm: int | None = None  # the check-out rating, 1–5

    @property
    def counts(self) -> bool:
        return self.completed or self.seconds >= MIN_PRACTICE_SECONDS


@dataclass(frozen=True)
class Night:
    night: date
    practised: bool
    minutes: float
    rating: int | None


@dataclass(frozen=True)
class Average:
    value: float | None
    count: int

    @property
    def enough(self) -> bool:
        return self.count >= MIN_TO_COMPARE


@dataclass(frozen=True)
class WeekSummary:
    nights: tuple[Night, ...]  # oldest first, always 7
    practised: int
    minutes: float
    current_streak: int
    best_streak: int
    sleep: Average
    after_session: Average
    without_session: Average
    previous_sleep: Average
    calm: Average
    start_spread_minutes: int | None
    earliest_start: time | None
    latest_start: time | None
    # Practice tonight, after the week shown (which ends with last night): not in the
    # numbers above, but acknowledged.
    tonight_minutes: float = 0.0

    @property
    def has_data(self) -> bool:
        return self.practised > 0 or self.sleep.count > 0

    @property
    def nights_with_something(self) -> int:
        return sum(1 for n in self.nights if n.practised or n.rating is not None)

    @property
    def worth_a_chart(self) -> bool:
        return self.nights_with_something >= MIN_NIGHTS_FOR_CHART

    @property
    def too_few_to_compare(self) -> bool:
        """Some nights were rated, but not enough for one of the comparisons."""
        return self.sleep.count > 0 and (not self.can_compare_practice or self.sleep_change is None)

    @property
    def can_compare_practice(self) -> bool:
        return self.after_session.enough and self.without_session.enough

    @property
    def sleep_change(self) -> float | None:
        """This week's average rating minus last week's, when both have enough nights."""
        if not (self.sleep.enough and self.previous_sleep.enough):
            return None
        assert self.sleep.value is not None
        assert self.previous_sleep.value is not None
        return self.sleep.value - self.previous_sleep.value


def week_nights(last: date) -> list[date]:
    return [last - timedelta(days=back) for back in range(WEEK - 1, -1, -1)]


def average(values: Iterable[float]) -> Average:
    values = list(values)
    return Average(fmean(values) if values else None, len(values))


def streaks(practised: Iterable[date], today: date) -> tuple[int, int]:
    """(current, best) runs of consecutive practised nights. Tonight not practised yet
    does not end the current run: the evening is not over."""
    nights = set(practised)
    current = 0
    day = today if today in nights else today - timedelta(days=1)
    while day in nights:
        current += 1
        day -= timedelta(days=1)
    best = 0
    for night in nights:
        if night - timedelta(days=1) in nights:
            continue  # not the start of a run
        length = 1
        while night + timedelta(days=length) in nights:
            length += 1
        best = max(best, length)
    return current, best


def _minutes_from_noon(at: time) -> int:
    return (at.hour * 60 + at.minute - _NOON) % (24 * 60)


def summarize(
    last: date,
    sessions: Iterable[SessionFact],
    ratings: Mapping[date, int],
    practised_ever: Iterable[date],
    today: date,
    tonight: Iterable[SessionFact] = (),
) -> WeekSummary:
    """The week of 7 nights ending with `last`. `sessions` and `ratings` must cover that
    week and the one before it; `practised_ever` is every night with practice (for the
    streaks), `today` the current night, and `tonight` its sessions when the week shown
    ends before it."""
    nights = week_nights(last)
    previous = set(week_nights(last - timedelta(days=WEEK)))
    this_week = set(nights)
    counted = [s for s in sessions if s.counts]
    by_night: dict[date, list[SessionFact]] = {}
    for fact in counted:
        by_night.setdefault(fact.night, []).append(fact)

    rows = tuple(
        Night(
            night,
            practised=night in by_night,
            minutes=sum(s.seconds for s in by_night.get(night, [])) / 60,
            rating=ratings.get(night),
        )
        for night in nights
    )
    rated = [row for row in rows if row.rating is not None]
    # The first session of each night says when the evening's practice began.
    firsts = sorted(
        (
            min(by_night[night], key=lambda s: _minutes_from_noon(s.started_local)).started_local
            for night in nights
            if night in by_night
        ),
        key=_minutes_from_noon,
    )
    spread = (
        _minutes_from_noon(firsts[-1]) - _minutes_from_noon(firsts[0]) if len(firsts) >= 2 else None
    )
    current, best = streaks(practised_ever, today)
    return WeekSummary(
        nights=rows,
        practised=sum(row.practised for row in rows),
        minutes=sum(row.minutes for row in rows),
        current_streak=current,
        best_streak=best,
        sleep=average(row.rating for row in rated if row.rating is not None),
        after_session=average(r.rating for r in rated if r.practised and r.rating is not None),
        without_session=average(
            r.rating for r in rated if not r.practised and r.rating is not None
        ),
        previous_sleep=average(rating for night, rating in ratings.items() if night in previous),
        calm=average(s.calm for s in counted if s.night in this_week and s.calm is not None),
        start_spread_minutes=spread,
        earliest_start=firsts[0] if spread is not None else None,
        latest_start=firsts[-1] if spread is not None else None,
        tonight_minutes=sum(s.seconds for s in tonight if s.counts and s.night > last) / 60,
    )


def suggestion(summary: WeekSummary) -> str:
    """One gentle idea for the coming week, chosen from the numbers (a key of
    texts.SUGGESTIONS)."""
    if summary.practised == 0:
        return "begin"
    if summary.practised <= 2:
        return "one-more"
    if summary.start_spread_minutes is not None and summary.start_spread_minutes > 90:
        return "same-time"
    if summary.sleep.count < MIN_TO_COMPARE:
        return "rate-mornings"
    return "keep-going"

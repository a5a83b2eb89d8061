"""Breath patterns and the prompt timeline of a guided session. Pure: no clock, no I/O.

A session is: settle in (natural breathing, one cue), paced breathing in whole cycles of
the pattern, a short rest for whatever time is left, then coming out. Every prompt has
the instant it starts and the instant it stops being true, so the runner can send each
at an absolute deadline and never show a phase after it ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from bot import texts

MIN_EDIT_GAP = 3.0  # seconds: never edit the live message more often (flood limits)


@dataclass(frozen=True)
class Phase:
    kind: str  # "in", "hold" or "out"
    seconds: float


@dataclass(frozen=True)
class Pattern:
    id: str
    name: str
    phases: tuple[Phase, ...]

    @property
    def cycle(self) -> float:
        return sum(p.seconds for p in self.phases)


PATTERNS: dict[str, Pattern] = {
    p.id: p
    for p in (
        Pattern("exhale-4-6", "Longer exhale: in 4, out 6", (Phase("in", 4), Phase("out", 6))),
        Pattern(
            "4-7-8",
            "4-7-8: in 4, hold 7, out 8",
            (Phase("in", 4), Phase("hold", 7), Phase("out", 8)),
        ),
        Pattern("coherent", "Even: in 5.5, out 5.5", (Phase("in", 5.5), Phase("out", 5.5))),
        Pattern("natural", "Natural breathing, gentle cues", ()),
    )
}

PHASE_WORDS = texts.PHASE_WORDS
CUES = texts.CUES
NATURAL_CUE_EVERY = 30.0


class Detail(IntEnum):
    """How often the live message changes, finest first."""

    PHASE = 1  # at every phase
    CYCLE = 2  # once a breath cycle, naming all its phases
    TWO_CYCLES = 3  # once every two cycles


@dataclass(frozen=True)
class Prompt:
    at: float  # seconds from the start of the session
    until: float  # when what it says stops being true
    kind: str  # "settle", "phase", "cycle", "cue", "rest"
    text: str


def _seconds(value: float) -> str:
    return f"{value:g}"


def cycle_text(pattern: Pattern) -> str:
    return " · ".join(
        f"{PHASE_WORDS[p.kind].split()[-1].lower()} {_seconds(p.seconds)}" for p in pattern.phases
    )


def timeline(
    pattern: Pattern, total: float, settle: float, detail: Detail = Detail.PHASE
) -> list[Prompt]:
    """Every prompt of a session of `total` seconds, in order."""
    settle = min(settle, total)
    prompts = [Prompt(0.0, settle, "settle", texts.SETTLE)]
    if not pattern.phases:
        at, n = settle, 0
        while at < total:
            until = min(at + NATURAL_CUE_EVERY, total)
            prompts.append(Prompt(at, until, "cue", CUES[n % len(CUES)]))
            at, n = until, n + 1
        return prompts

    cycles = int((total - settle) // pattern.cycle)
    cue_cycles = (
        {round(cycles * share) for share in (0.25, 0.5, 0.75)} - {0} if cycles >= 4 else set()
    )
    step = 1 if detail == Detail.PHASE else (1 if detail == Detail.CYCLE else 2)
    at = settle
    for n in range(cycles):
        cue = ""
        if n in cue_cycles:
            cue = "\n" + CUES[sorted(cue_cycles).index(n) % len(CUES)]
        if detail == Detail.PHASE:
            phase_at = at
            for phase in pattern.phases:
                text = f"{PHASE_WORDS[phase.kind]} … {_seconds(phase.seconds)}"
                if phase is pattern.phases[0]:
                    text += cue
                prompts.append(Prompt(phase_at, phase_at + phase.seconds, "phase", text))
                phase_at += phase.seconds
        elif n % step == 0:
            span = min(step, cycles - n) * pattern.cycle
            prompts.append(
                Prompt(
                    at, at + span, "cycle", f"{texts.WITH_THE_RHYTHM} {cycle_text(pattern)}{cue}"
                )
            )
        at += pattern.cycle
    if at < total:
        prompts.append(Prompt(at, total, "rest", texts.REST))
    return prompts


def choose_detail(pattern: Pattern, sessions: int, live_budget_per_second: float) -> Detail:
    """The finest detail the live budget carries for this many sessions at once."""
    if not pattern.phases or sessions <= 0:
        return Detail.PHASE
    per_phase = len(pattern.phases) / pattern.cycle
    for detail, rate in (
        (Detail.PHASE, per_phase),
        (Detail.CYCLE, 1 / pattern.cycle),
        (Detail.TWO_CYCLES, 0.5 / pattern.cycle),
    ):
        if sessions * rate <= live_budget_per_second:
            return detail
    return Detail.TWO_CYCLES


def progress(at: float, total: float, width: int = 10) -> str:
    """A bar and the time left, for the live message."""
    done = min(width, max(0, round(width * at / total))) if total else width
    left = max(0, round(total - at))
    minutes, seconds = divmod(left, 60)
    return f"{'▓' * done}{'░' * (width - done)}  {minutes}:{seconds:02d} left"

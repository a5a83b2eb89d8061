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
    PROGRESS = 4  # the audio guide paces the breath: the message shows progress only


PROGRESS_EVERY = 30.0  # seconds between the live message's changes with the audio guide


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


@dataclass(frozen=True)
class Segment:
    """A stretch of the session as the breath goes: "settle", "in", "hold", "out", "cue"
    (natural breathing, one gentle cue) or "rest". The one timeline of a session: the
    chat's live message, the audio track and the Mini App's circle all render these."""

    kind: str
    start: float
    end: float
    cycle: int = -1  # which breath cycle a phase belongs to (0, 1, …); -1 outside them


def segments(pattern: Pattern, total: float, settle: float) -> list[Segment]:
    """Settle in, then whole cycles of the pattern (or a cue every NATURAL_CUE_EVERY for
    natural breathing), then rest for whatever time is left."""
    settle = min(settle, total)
    out = [Segment("settle", 0.0, settle)]
    if not pattern.phases:
        at = settle
        while at < total:
            until = min(at + NATURAL_CUE_EVERY, total)
            out.append(Segment("cue", at, until))
            at = until
        return out
    at = settle
    for n in range(int((total - settle) // pattern.cycle)):
        for phase in pattern.phases:
            out.append(Segment(phase.kind, at, at + phase.seconds, n))
            at += phase.seconds
    if at < total:
        out.append(Segment("rest", at, total))
    return out


def timeline(
    pattern: Pattern, total: float, settle: float, detail: Detail = Detail.PHASE
) -> list[Prompt]:
    """Every prompt of a session of `total` seconds, in order: the segments in words, one
    prompt a phase, a cycle or two cycles as `detail` says."""
    parts = segments(pattern, total, settle)
    cycles = 1 + max((s.cycle for s in parts), default=-1)
    cue_cycles = (
        {round(cycles * share) for share in (0.25, 0.5, 0.75)} - {0} if cycles >= 4 else set()
    )
    if detail == Detail.PROGRESS:
        return _progress_only(parts, total)
    step = 2 if detail == Detail.TWO_CYCLES else 1
    prompts: list[Prompt] = []
    previous_cycle: int | None = None
    for n, part in enumerate(parts):
        first = part.cycle != previous_cycle  # the first phase of its cycle
        previous_cycle = part.cycle
        match part.kind:
            case "settle":
                prompts.append(Prompt(part.start, part.end, "settle", texts.SETTLE))
            case "cue":
                prompts.append(Prompt(part.start, part.end, "cue", CUES[(n - 1) % len(CUES)]))
            case "rest":
                prompts.append(Prompt(part.start, part.end, "rest", texts.REST))
            case _:
                cue = ""
                # Once per cued cycle: on its out-breath when each phase is shown (a cue
                # about the out-breath under "Breathe in" would contradict it).
                cued = part.kind == "out" if detail == Detail.PHASE else first
                if cued and part.cycle in cue_cycles:
                    cue = "\n" + CUES[sorted(cue_cycles).index(part.cycle) % len(CUES)]
                if detail == Detail.PHASE:
                    text = f"{PHASE_WORDS[part.kind]} … {_seconds(part.end - part.start)}{cue}"
                    prompts.append(Prompt(part.start, part.end, "phase", text))
                elif first and part.cycle % step == 0:
                    span = min(step, cycles - part.cycle) * pattern.cycle
                    text = f"{texts.WITH_THE_RHYTHM} {cycle_text(pattern)}{cue}"
                    prompts.append(Prompt(part.start, part.start + span, "cycle", text))
    return prompts


def _progress_only(parts: list[Segment], total: float) -> list[Prompt]:
    """Settle in, then where the session stands every PROGRESS_EVERY seconds."""
    settle = parts[0]
    prompts = [Prompt(settle.start, settle.end, "settle", texts.SETTLE)] if settle.end else []
    at = settle.end
    while at < total:
        until = min(at + PROGRESS_EVERY, total)
        prompts.append(Prompt(at, until, "progress", texts.FOLLOW_THE_TONES))
        at = until
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

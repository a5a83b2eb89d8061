"""The safety screen's leaning model and its thresholds: weights trained once and read
from the cache after, a changed bank trains again, stricter thresholds never add a crisis
answer, and the strangers' examples come from tune splits only and are up to date."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.faq.safety import route
from bot.understanding.leaning import ACUTE, CALM, CRISIS, LeaningModel
from bot.understanding.meaning import ASKED, default_meaning
from bot.understanding.screen import Reading, Thresholds, decide, read
from scripts.gather_asked import gather
from tests.faq.evaluation import TUNE_SPLITS, load_questions

TEXTS = [
    "i want to go to sleep and never wake up",
    "nobody would miss me if i was gone",
    "my chest hurts and my left arm is numb",
    "i feel faint and the room is spinning",
    "how long should i stay in the pose",
    "can i use a pillow under my hips",
]
LABELS = np.array([CRISIS, CRISIS, ACUTE, ACUTE, CALM, CALM])


def _vectors() -> np.ndarray:
    rows = np.random.default_rng(7).normal(size=(len(TEXTS), 8)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_weights_are_trained_once_and_read_from_the_cache_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trained = []
    original = LeaningModel._train

    def counting(self: LeaningModel, *args: object) -> np.ndarray:
        trained.append(1)
        return original(self, *args)

    monkeypatch.setattr(LeaningModel, "_train", counting)
    first = LeaningModel(_vectors(), TEXTS, LABELS, model_sha256="m", cache=tmp_path)
    again = LeaningModel(_vectors(), TEXTS, LABELS, model_sha256="m", cache=tmp_path)
    assert len(trained) == 1
    texts = ["never wake up", "how long in the pose"]
    a, b = first.lean(_vectors()[:2], texts), again.lean(_vectors()[:2], texts)
    assert a == b
    relabelled = LABELS.copy()
    relabelled[[0, 4]] = relabelled[[4, 0]]
    LeaningModel(_vectors(), TEXTS, relabelled, model_sha256="m", cache=tmp_path)
    LeaningModel(_vectors(), TEXTS, LABELS, model_sha256="another model", cache=tmp_path)
    assert len(trained) == 3


def test_it_learns_its_banks(tmp_path: Path) -> None:
    model = LeaningModel(_vectors(), TEXTS, LABELS, model_sha256="m", cache=tmp_path)
    leanings = model.lean(_vectors(), TEXTS)
    for leaning, label in zip(leanings, LABELS, strict=True):
        assert 0.0 <= leaning.crisis <= 1.0
        assert 0.0 <= leaning.acute <= 1.0
        assert (leaning.crisis > 0.5) == (label == CRISIS)
        assert (leaning.acute > 0.5) == (label == ACUTE)


probability = st.floats(min_value=0.0, max_value=1.0)
readings = st.builds(
    Reading,
    routed=st.sampled_from([None, route("i want to die"), route("chest pain right now")]),
    urgent=st.booleans(),
    laughing=st.booleans(),
    asks=st.booleans(),
    by_model=st.booleans(),
    crisis=probability,
    acute=probability,
    nearest_urgent=st.booleans(),
)


@settings(max_examples=300)
@given(readings, probability, probability, st.floats(min_value=0.0, max_value=0.5))
def test_a_stricter_threshold_never_adds_a_crisis_answer(
    seen: Reading, sure: float, ask: float, more: float
) -> None:
    def kind(at: Thresholds) -> str | None:
        screened = decide(seen, at)
        return screened.kind if screened else None

    loose = Thresholds(sure, min(ask, sure), 0.8)
    strict = replace(loose, crisis_sure=min(1.0, sure + more))
    if kind(strict) == "crisis":
        assert kind(loose) == "crisis"
    # What the rules say never depends on the model's thresholds.
    if seen.urgent or (seen.routed and seen.routed.kind == "crisis" and not seen.laughing):
        assert kind(loose) == kind(strict) == "crisis"


def test_a_laugh_turns_the_models_crisis_into_a_gentle_question() -> None:
    meaning = default_meaning()
    assert meaning is not None
    seen = read("so over these reminders, make them stop for good lol", meaning)
    sure = replace(seen, crisis=0.99, laughing=True, urgent=False, nearest_urgent=False)
    assert decide(sure).kind == "check"
    assert decide(replace(sure, laughing=False)).kind == "crisis"


def test_strangers_examples_come_from_tune_splits_only_and_are_up_to_date() -> None:
    questions = load_questions()
    shipped = yaml.safe_load(ASKED.read_text(encoding="utf-8"))
    assert shipped == gather(questions), "run scripts/gather_asked.py"
    held_out = {q.q.strip() for q in questions if q.split not in TUNE_SPLITS}
    texts = {t for key, value in shipped.items() if key != "entries" for t in value}
    texts |= {t for phrasings in shipped["entries"].values() for t in phrasings}
    assert texts
    assert not texts & held_out

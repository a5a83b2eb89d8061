"""What a message means, by sentence embeddings: which knowledge entries it is closest
to, and which way it leans (crisis, acute symptoms or neither) by a small model trained
on the exemplar banks (crisis.yaml, elsewhere.yaml, asked.yaml) and the phrasings.
Pure: the model, the knowledge base and the exemplars in, numbers out."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from bot.faq.knowledge import Knowledge, load_knowledge
from bot.faq.words import normalize, squeeze
from bot.understanding.leaning import ACUTE, CALM, CRISIS, Leaning, LeaningModel
from bot.understanding.model import Embedder, default_embedder
from bot.understanding.vectors import embedded

EXEMPLARS = Path(__file__).with_name("crisis.yaml")
ELSEWHERE = Path(__file__).with_name("elsewhere.yaml")
ASKED = Path(__file__).with_name("asked.yaml")
URGENT = "urgent"
ASKED_KIND = "asked"  # a crisis message from the tune splits: its kind is not labelled
RECENT = 256  # message vectors kept
LONG_WORDS = 14  # from here a message's vector is its sentences' mean


def form(text: str) -> str:
    """What the model reads: lower case, no apostrophes or punctuation, long letter runs
    squeezed ("Iiii'm" and "im" read the same), the same for exemplars and messages."""
    return squeeze(normalize(text))


@dataclass(frozen=True)
class Exemplars:
    crisis: list[str]
    kinds: list[str]
    calm: list[str]
    elsewhere: list[str]  # near the subject, but no entry answers them
    acute: list[str]  # symptoms that mean stop and get help now
    asked: dict[str, list[str]] = field(default_factory=dict)  # entry id → phrasings


def load_exemplars(
    path: Path = EXEMPLARS, elsewhere: Path = ELSEWHERE, asked: Path | None = ASKED
) -> Exemplars:
    """The curated banks, and what strangers asked in the tune splits (asked.yaml)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = [(text, kind) for kind, texts in data["crisis"].items() for text in texts]
    outside = yaml.safe_load(elsewhere.read_text(encoding="utf-8"))
    exemplars = Exemplars(
        [t for t, _ in pairs], [k for _, k in pairs], list(data["calm"]), outside, data["acute"]
    )
    if asked is None or not asked.is_file():
        return exemplars
    return with_asked(exemplars, yaml.safe_load(asked.read_text(encoding="utf-8")))


def with_asked(exemplars: Exemplars, asked: dict) -> Exemplars:
    """The banks widened by how people asked (the shape scripts/gather_asked.py writes)."""
    crisis = [t for t in asked["crisis"] if t not in exemplars.crisis]
    return Exemplars(
        [*exemplars.crisis, *crisis],
        [*exemplars.kinds, *[ASKED_KIND] * len(crisis)],
        [*exemplars.calm, *asked["calm"]],
        [*exemplars.elsewhere, *asked["elsewhere"]],
        [*exemplars.acute, *asked["acute"]],
        asked["entries"],
    )


class Meaning:
    def __init__(
        self,
        embedder: Embedder,
        knowledge: Knowledge,
        exemplars: Exemplars,
        cache: Path | None = None,
    ) -> None:
        started = time.perf_counter()
        self._embedder = embedder
        self.ids = tuple(entry.id for entry in knowledge.entries)
        phrasings = [
            (q, n)
            for n, entry in enumerate(knowledge.entries)
            for q in (*entry.questions, *exemplars.asked.get(entry.id, ()))
        ]
        # Each entry's phrasings are contiguous, in entry order: where each one's start.
        rows = np.array([n for _, n in phrasings])
        self._entry_starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        banks = {
            "phrasings": [form(q) for q, _ in phrasings],
            "crisis": [form(t) for t in exemplars.crisis],
            "elsewhere": [form(t) for t in exemplars.elsewhere],
            "calm": [form(t) for t in exemplars.calm],
            "acute": [form(t) for t in exemplars.acute],
        }
        vectors = {name: embedded(embedder, texts, cache) for name, texts in banks.items()}
        self._phrasings, self._crisis = vectors["phrasings"], vectors["crisis"]
        self._kinds = exemplars.kinds
        self._elsewhere = vectors["elsewhere"]
        # The leaning model learns crisis and acute against calm: the idioms, every
        # phrasing of the knowledge base and every out-of-scope question.
        calm = ("calm", "phrasings", "elsewhere")
        labelled = [(CALM, name) for name in calm] + [(CRISIS, "crisis"), (ACUTE, "acute")]
        self._leaning = LeaningModel(
            np.concatenate([vectors[name] for _, name in labelled]),
            [text for _, name in labelled for text in banks[name]],
            np.array([label for label, name in labelled for _ in banks[name]]),
            model_sha256=embedder.sha256,
            cache=cache,
        )
        self._recent: dict[str, np.ndarray] = {}
        self.load_seconds = time.perf_counter() - started

    def vector(self, text: str) -> np.ndarray:
        """The message's vector; the last few are kept, as the safety gate and the FAQ
        both look at the same message."""
        key = form(text)
        if (known := self._recent.get(key)) is not None:
            return known
        return self._remember(key, self._embedder.embed([key])[0])

    def _remember(self, key: str, vector: np.ndarray) -> np.ndarray:
        self._recent[key] = vector
        if len(self._recent) > RECENT:
            del self._recent[next(iter(self._recent))]
        return vector

    def entries(self, *vectors: np.ndarray) -> list[tuple[str, float]]:
        """Every entry with its best cosine over its phrasings (and over the vectors given:
        a message and its sentences), best first."""
        cosines = (self._phrasings @ np.stack(vectors, axis=1)).max(axis=1)
        best = np.maximum.reduceat(cosines, self._entry_starts)
        order = np.argsort(-best, kind="stable")
        return [(self.ids[i], float(best[i])) for i in order]

    def vectors_of(self, text: str, parts: list[str]) -> list[np.ndarray]:
        """The message's vector and its parts', kept for the next look at the same message.
        A long message's own vector is the mean of its parts': the model's time grows
        with length, and the parts are embedded anyway."""
        if not parts:
            return [self.vector(text)]
        whole_key, keys = form(text), [form(t) for t in parts]
        long = len(whole_key.split()) > LONG_WORDS
        wanted = keys if long else [whole_key, *keys]
        missing = list(dict.fromkeys(k for k in wanted if k not in self._recent))
        if missing:
            for key, vector in zip(missing, self._embedder.embed(missing), strict=True):
                self._remember(key, vector)
        each = [self._recent[k] for k in keys]
        if long and whole_key not in self._recent:
            mean = np.mean(each, axis=0)
            self._remember(whole_key, mean / max(float(np.linalg.norm(mean)), 1e-12))
        return [self._recent[whole_key], *each]

    def elsewhere(self, *vectors: np.ndarray) -> float:
        """Best cosine to a question no entry answers (elsewhere.yaml)."""
        return float((self._elsewhere @ np.stack(vectors, axis=1)).max())

    def nearest_crisis_kind(self, vectors: list[np.ndarray]) -> str:
        """The kind of the crisis exemplar closest to any of the vectors ("urgent", …)."""
        cosines = self._crisis @ np.stack(vectors, axis=1)
        return self._kinds[int(np.unravel_index(np.argmax(cosines), cosines.shape)[0])]

    def lean(self, texts: list[str], vectors: list[np.ndarray]) -> list[Leaning]:
        """Which way each text leans (crisis, acute), given its vector."""
        return self._leaning.lean(np.stack(vectors), [form(t) for t in texts])


def build_meaning(embedder: Embedder | None, cache: Path | None = None) -> Meaning | None:
    if embedder is None:
        return None
    return Meaning(embedder, load_knowledge(), load_exemplars(), cache)


@cache
def default_meaning() -> Meaning | None:
    """The shipped model over the shipped knowledge base; None when the model is missing."""
    return build_meaning(default_embedder())

"""Which way a message leans: crisis, acute symptoms, or neither.

A logistic regression (scikit-learn) over the message's sentence vector and its hashed
word and character n-grams, trained on the banks the meaning model already holds: the
crisis and acute exemplars against everything calm (the idioms, every phrasing of the
knowledge base, the questions no entry answers, and how strangers asked in the tune
splits). Nearest neighbours alone judge a new writer's wording by the one exemplar it
happens to resemble; the regression weighs every word and shape it saw ("pills counted
out", "sewerslide", "last night") against the calm texts that use the same words.

Training takes a few seconds; the weights are cached beside the phrasing vectors, keyed
by the texts, their labels and the model, so a start with unchanged banks reads them.
Pure: vectors and texts in, probabilities out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.understanding.vectors import cache_key, cached

CALM, CRISIS, ACUTE = 0, 1, 2
# Hashed n-grams: word unigrams and bigrams, and character 3- to 5-grams inside words,
# which carry slang and typos ("kms", "sewerslide", "od'd") the model's vocabulary splits.
N_FEATURES = 2**16
C = 8.0  # chosen leaving one tune writer out at a time (scripts/leaning_report.py)
VERSION = b"leaning-1"


@dataclass(frozen=True)
class Leaning:
    crisis: float  # probability the message is a crisis
    acute: float  # probability it tells of symptoms that need help now


def _vectorizers():  # imported here: scikit-learn is only needed with the model
    from sklearn.feature_extraction.text import HashingVectorizer

    common = {"n_features": N_FEATURES, "alternate_sign": False, "norm": "l2"}
    return (
        HashingVectorizer(analyzer="word", ngram_range=(1, 2), **common),
        HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common),
    )


class LeaningModel:
    def __init__(
        self,
        vectors: np.ndarray,
        texts: list[str],
        labels: np.ndarray,
        *,
        model_sha256: str,
        cache: Path | None = None,
    ) -> None:
        self._words, self._chars = _vectorizers()
        # Keyed like the vectors, with what else decides the weights: labels and version.
        labelled = hashlib.sha256(VERSION + labels.tobytes()).hexdigest()
        name = f"leaning-{cache_key(texts, model_sha256 + labelled)}"
        weights = cached(name, lambda: self._train(vectors, texts, labels), cache)
        self._weights, self._bias = weights[:, :-1].T.copy(), weights[:, -1]

    def _features(self, vectors: np.ndarray, texts: list[str]):
        """The sentence vectors beside the hashed word and character n-grams, one row each."""
        from scipy.sparse import csr_matrix, hstack

        grams = [self._words.transform(texts), self._chars.transform(texts)]
        return hstack([csr_matrix(vectors), *grams]).tocsr()

    def _train(self, vectors: np.ndarray, texts: list[str], labels: np.ndarray) -> np.ndarray:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
        model.fit(self._features(vectors, texts), labels)
        assert list(model.classes_) == [CALM, CRISIS, ACUTE]
        return np.hstack([model.coef_, model.intercept_[:, None]]).astype(np.float32)

    def lean(self, vectors: np.ndarray, texts: list[str]) -> list[Leaning]:
        """One Leaning per text (`vectors`: their sentence vectors, one row each)."""
        logits = self._features(vectors, texts) @ self._weights + self._bias
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        p = odds / odds.sum(axis=1, keepdims=True)
        return [Leaning(float(row[CRISIS]), float(row[ACUTE])) for row in p]

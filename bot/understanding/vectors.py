"""Embedding a fixed list of texts once: the vectors (and the weights trained on them, see
leaning.py) are kept in files keyed by the texts and the model's sha256, so a start with
an unchanged knowledge base reads a few MB instead of embedding every phrasing again
(about 1.5 s per thousand on one core)."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bot.understanding.model import Embedder

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/winddown-bot, else ~/.cache/winddown-bot."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "winddown-bot"


def cache_key(texts: list[str], model_sha256: str) -> str:
    digest = hashlib.sha256(model_sha256.encode())
    for text in texts:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()[:32]


def embedded(embedder: Embedder, texts: list[str], folder: Path | None = None) -> np.ndarray:
    """The vectors of `texts`, from the cache when it holds them, else embedded and kept."""
    name = f"vectors-{cache_key(texts, embedder.sha256)}"
    vectors = cached(name, lambda: embedder.embed(texts), folder)
    return vectors if vectors.shape[0] == len(texts) else embedder.embed(texts)


def cached(name: str, compute: Callable[[], np.ndarray], folder: Path | None = None) -> np.ndarray:
    """The array kept under `name` (a key of what it was computed from), else computed
    and kept."""
    path = (folder or cache_dir()) / f"{name}.npy"
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        pass
    array = compute()
    try:  # write whole or not at all: a reader never sees half a file
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
            np.save(file, array, allow_pickle=False)
        os.replace(file.name, path)
    except OSError as error:
        log.info("%s not cached (%s); it is computed again at the next start", name, error)
    return array

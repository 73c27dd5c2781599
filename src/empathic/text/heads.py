"""Small numpy heads (sarcasm, dialogue act) that listen to the frozen encoders.

Features of a text: the sentence encoder's 384-d embedding (``models/encoder``)
followed by the text emotion model's 28 logits on its first window
(``models/text``). Trained by ``empathic.training.perception``.
"""

from __future__ import annotations

import json
import re
import threading
import zlib
from importlib import resources
from pathlib import Path

import numpy as np


def models_dir() -> Path:
    return Path(str(resources.files("empathic") / "models"))


NGRAM_DIMS = 2 ** 18


def ngram_ids(text: str) -> np.ndarray:
    """Hashed (crc32) lower-cased words, word pairs and character 3-5-grams of a text,
    each once: the lexical half of the sarcasm head (irony lives in surface forms)."""
    t = re.sub(r"@\w+", "@user", re.sub(r"https?://\S+", "url", text.lower()))
    words = re.findall(r"[\w']+|[^\w\s]", t)
    grams = words + [a + " " + b for a, b in zip(words, words[1:])]
    padded = f" {t} "
    grams += ["#" + padded[i:i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)]
    return np.unique(np.fromiter((zlib.crc32(g.encode()) % NGRAM_DIMS for g in grams), dtype=np.int64))


class LinearHead:
    """A logistic (binary) or softmax (multi-class) head exported as numpy arrays."""

    def __init__(self, folder: str | Path):
        folder = Path(folder)
        arrays = np.load(folder / "head.npz")
        self.mean, self.std = arrays["mean"], arrays["std"]
        self.weight, self.bias = arrays["weight"], arrays["bias"]
        self.config = json.loads((folder / "config.json").read_text())
        self.classes = tuple(self.config["classes"])

        self.ngram_weight = arrays["ngram_weight"].astype(np.float32) if "ngram_weight" in arrays else None
        self.dense_scale = float(self.config.get("dense_scale", 1.0))

    def probabilities(self, features: np.ndarray, texts: list[str] | None = None) -> np.ndarray:
        """Rows of class probabilities (binary heads: [p(class 0), p(class 1)]).
        Heads with n-gram weights need the ``texts`` too."""
        z = (np.atleast_2d(features) - self.mean) / self.std * self.dense_scale
        logits = z @ self.weight.T + self.bias
        if self.ngram_weight is not None:
            if texts is None:
                raise ValueError("this head reads n-grams: pass the texts")
            for row, text in enumerate(texts):
                ids = ngram_ids(text)
                if len(ids):
                    logits[row] += self.ngram_weight[:, ids].sum(axis=1) / np.sqrt(len(ids))
        if logits.shape[1] == 1:
            p = 1 / (1 + np.exp(-logits[:, 0]))
            return np.stack([1 - p, p], axis=1)
        logits = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)


_heads: dict[str, LinearHead | None] = {}
_lock = threading.Lock()


def head(name: str) -> LinearHead | None:
    """The shipped head ``models/<name>``, or None when it is not installed."""
    with _lock:
        if name not in _heads:
            folder = models_dir() / name
            _heads[name] = LinearHead(folder) if (folder / "head.npz").exists() else None
        return _heads[name]


_encoders: dict = {}


def _encoder_model(threads: int | None):
    from empathic.text.encoder import SentenceEncoder

    if threads is None:
        return SentenceEncoder.shared().model
    with _lock:
        if threads not in _encoders:
            _encoders[threads] = SentenceEncoder(threads=threads)
    return _encoders[threads].model


def embed_one(text: str, threads: int | None = None) -> np.ndarray:
    """The sentence encoder's embedding of one text, run on its own (batch-independent),
    on the caller's thread count (one encoder session per thread count)."""
    model = _encoder_model(threads)
    return model.run_ids([model.token_ids(text)[: model.max_length - 2]])[0]


def embed_many(texts: list[str], threads: int | None = None) -> np.ndarray:
    """``embed_one`` of each text, texts of one token length sharing a run (``run_bucketed``)."""
    model = _encoder_model(threads)
    return model.run_bucketed([model.token_ids(t)[: model.max_length - 2] for t in texts])


def head_features_bulk(texts: list[str]) -> np.ndarray:
    """Features for many texts in padded batches (training and evaluation)."""
    from empathic.text.cues import prepare
    from empathic.text.encoder import SentenceEncoder
    from empathic.text.recognizer import TextEmotionRecognizer

    encoder = SentenceEncoder.shared().model
    emotion = TextEmotionRecognizer(explain=False).model
    embeddings = encoder.run_texts(texts, 64)
    logits = emotion.run_texts([prepare(t).strip() or "." for t in texts], 64)
    return np.hstack([embeddings, logits]).astype(np.float32)

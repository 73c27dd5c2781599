"""Human replies retrieved for a turn, and the learned ranker that chooses among them.

``ResponseBank`` holds short, transferable listener and supporter replies with the embedding of the
context each was first said in (``models/responses``, or a team's own, built by
``empathic train responses --from transcripts.jsonl``). A turn's context is encoded once; the nearest
contexts give candidates, and ``ReplyRanker`` (numpy, two small MLP heads over the frozen encoder)
scores (context, reply) pairs to order them.
"""

from __future__ import annotations

import json
import threading
from importlib import resources
from pathlib import Path

import numpy as np

from empathic.errors import ModelNotFoundError

DEFAULT_DIR = Path(str(resources.files("empathic") / "models" / "responses"))


def context_text(turns: list[str]) -> str:
    """The latest turn first: the encoder's window cuts the end, and the end is what matters least."""
    return " ".join(reversed([t.strip() for t in turns if t.strip()]))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x ** 3)))


class ReplyRanker:
    """score(context, reply) = <f(c), g(r)>, f and g residual MLPs over L2-normalised embeddings."""

    def __init__(self, weights: dict):
        self.w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}

    @classmethod
    def load(cls, path: str | Path) -> "ReplyRanker":
        path = Path(path)
        if not path.is_file():
            raise ModelNotFoundError(f"model file missing: {path}")
        with np.load(path) as data:
            return cls({k: data[k] for k in data.files})

    def save(self, path: str | Path) -> None:
        np.savez(path, **self.w)

    def _project(self, side: str, x: np.ndarray) -> np.ndarray:
        w = self.w
        x = np.asarray(x, dtype=np.float32)
        y = x + _gelu(x @ w[f"{side}_w1"] + w[f"{side}_b1"]) @ w[f"{side}_w2"] + w[f"{side}_b2"]
        return y / np.maximum(np.linalg.norm(y, axis=-1, keepdims=True), 1e-8)

    def project_contexts(self, contexts: np.ndarray) -> np.ndarray:
        return self._project("context", contexts)

    def project_replies(self, replies: np.ndarray) -> np.ndarray:
        return self._project("reply", replies)

    def scores(self, context: np.ndarray, replies: np.ndarray) -> np.ndarray:
        """Scores of each reply embedding (rows) for one context embedding."""
        return self.project_replies(replies) @ self.project_contexts(context[None])[0]


class ResponseBank:
    """Replies with their context embeddings; ``retrieve`` gives candidates, ranked when a ranker is present."""

    _cache: dict[str, "ResponseBank"] = {}
    _lock = threading.Lock()

    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(folder) if folder else DEFAULT_DIR
        for name in ("bank.npz", "bank.json"):
            if not (self.folder / name).is_file():
                raise ModelNotFoundError(f"response bank file missing: {self.folder / name}")
        with np.load(self.folder / "bank.npz") as data:
            self.contexts = data["contexts"].astype(np.float32)
            self.replies = data["replies"].astype(np.float32)
        self.entries = json.loads((self.folder / "bank.json").read_text(encoding="utf-8"))
        if not len(self.entries) == len(self.contexts) == len(self.replies):
            raise ModelNotFoundError(f"response bank in {self.folder}: bank.json and bank.npz disagree in length")
        ranker_path = self.folder / "ranker.npz"
        if not ranker_path.is_file() and (DEFAULT_DIR / "ranker.npz").is_file():
            ranker_path = DEFAULT_DIR / "ranker.npz"  # a custom bank without its own ranker uses the shipped one
        self.ranker = ReplyRanker.load(ranker_path) if ranker_path.is_file() else None
        self._projected = self.ranker.project_replies(self.replies) if self.ranker else None

    @classmethod
    def shared(cls, folder: str | Path | None = None) -> "ResponseBank":
        key = str(Path(folder).resolve()) if folder else str(DEFAULT_DIR)
        with cls._lock:
            if key not in cls._cache:
                cls._cache[key] = cls(folder)
            return cls._cache[key]

    def __len__(self) -> int:
        return len(self.entries)

    def retrieve(self, context_embedding: np.ndarray, k: int = 5, pool: int = 40, exclude=None,
                 with_near: bool = False) -> list[tuple[float, dict]]:
        """The ``k`` best (score, entry) for a context embedding: the ``pool`` nearest original contexts,
        re-ordered by the ranker (or by reply cosine when there is none). ``exclude(entry)`` drops entries;
        ``with_near``: each entry is a copy with "near", the cosine of its original context to this one."""
        context_embedding = np.asarray(context_embedding, dtype=np.float32)
        near = self.contexts @ context_embedding
        top = np.argpartition(-near, min(pool, len(near) - 1))[:pool]
        if self.ranker is not None:
            scores = self._projected[top] @ self.ranker.project_contexts(context_embedding[None])[0]
        else:
            scores = self.replies[top] @ context_embedding
        scores = scores + 0.5 * near[top]  # a reply first said after a similar turn fits better
        out = []
        for i in top[np.argsort(-scores)]:
            entry = self.entries[int(i)]
            if with_near:
                entry = {**entry, "near": float(near[i])}
            if exclude is not None and exclude(entry):
                continue
            out.append((float(scores[list(top).index(i)]), entry))
            if len(out) >= k:
                break
        return out

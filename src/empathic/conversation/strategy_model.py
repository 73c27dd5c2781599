"""Next support strategy from the conversation so far (learned on ESConv).

Two models, blended with a weight chosen on ESConv valid:
- trees (``StrategyModel``): sentence embeddings of the last user and agent turns, the text
  model's emotion scores for the last user turn, the previous strategies and the position in
  the conversation, through gradient-boosted trees (numpy arrays, ``empathic train strategy``);
- ``ContextStrategyModel``: MiniLM fine-tuned on the recent dialogue text itself, strategies
  included (int8 ONNX, ``python -m empathic.training.strategy_transformer``).
"""

from __future__ import annotations

import math
import re
from importlib import resources
from pathlib import Path

import numpy as np

from empathic.labels import STRATEGIES


def _last(history: list[dict], speaker: str, skip: int = 0) -> dict | None:
    turns = [t for t in history if t.get("speaker") == speaker]
    return turns[-1 - skip] if len(turns) > skip else None


def _one_hot(strategy: str | None) -> list[float]:
    return [1.0 if strategy == s else 0.0 for s in STRATEGIES] + [1.0 if strategy is None else 0.0]


def featurize(histories: list[list[dict]], encoder, recognizer, readings=None) -> np.ndarray:
    """Feature rows; ``readings`` (text readings of each last user turn) skips re-reading them."""
    users = [(_last(h, "user") or {}).get("text", "") for h in histories]
    agents = [(_last(h, "agent") or {}).get("text", "") for h in histories]
    vectors = encoder.encode(users + agents)
    user_vectors, agent_vectors = vectors[: len(users)], vectors[len(users):]
    if readings is None:
        readings = recognizer.recognize_batch([u if u.strip() else "ok" for u in users])
    emotions = np.array([list(r.scores.values()) for r in readings], dtype=np.float32)
    extra = []
    for history, user, agent in zip(histories, users, agents):
        previous = (_last(history, "agent") or {}).get("strategy")
        before = (_last(history, "agent", 1) or {}).get("strategy")
        earlier = (_last(history, "agent", 2) or {}).get("strategy")
        used = [t.get("strategy") for t in history if t.get("speaker") == "agent"]
        agent_turns = len(used)
        last_is_agent = float(history[-1].get("speaker") == "agent")
        so_far = [used.count(s) / max(agent_turns, 1) for s in STRATEGIES]  # the conversation's phase
        extra.append(_one_hot(previous) + _one_hot(before) + _one_hot(earlier) + so_far + [
            math.log1p(len(history)), min(len(history) / 30, 2.0), float(agent_turns == 0),
            float("?" in user), float(bool(re.search(r"\b(thank|thanks|bye|goodbye)\b", user.lower()))),
            last_is_agent, float(agent.strip().endswith("?")), math.log1p(len(user.split()))]
            + [v * last_is_agent for v in _one_hot(previous)])
    return np.hstack([user_vectors, agent_vectors, emotions, np.array(extra, dtype=np.float32)])


EMBEDDING_DIMS = 768  # user + agent sentence embeddings lead the feature vector


class StrategyModel:
    """Gradient-boosted trees over PCA-reduced embeddings + conversation features,
    evaluated in numpy from the arrays ``empathic train strategy`` exports."""

    def __init__(self, path: str | Path | None = None, context: bool = True):
        """``context``: blend in ``ContextStrategyModel`` (when shipped) for calls that pass histories."""
        path = Path(path) if path else Path(str(resources.files("empathic") / "models" / "strategy" / "strategy.npz"))
        self._use_context, self._context = context, None
        data = np.load(path)
        self.pca_mean, self.pca_components = data["pca_mean"], data["pca_components"]
        self.baseline = data["baseline"]  # (n_classes,)
        self.tree_class = data["tree_class"]  # class of each tree
        self.roots = data["roots"]
        self.feature, self.threshold = data["feature"], data["threshold"]
        self.left, self.right = data["left"], data["right"]
        self.is_leaf, self.value = data["is_leaf"].astype(bool), data["value"]
        self.depth = int(data["max_depth"])

    def compact(self, features: np.ndarray) -> np.ndarray:
        reduced = (features[:, :EMBEDDING_DIMS] - self.pca_mean) @ self.pca_components.T
        return np.hstack([reduced, features[:, EMBEDDING_DIMS:]])

    @property
    def context(self) -> "ContextStrategyModel | None":
        if self._use_context and self._context is None:
            folder = context_model_dir()
            if (folder / "model.onnx").exists():
                model = ContextStrategyModel(folder, threads=1)  # runs beside perception (agent)
                self._context = model if model.config.get("blend_weight", 0) > 0 else None
            self._use_context = self._context is not None
        return self._context

    def probabilities(self, features: np.ndarray, histories: list[list[dict]] | None = None,
                      context: np.ndarray | None = None) -> np.ndarray:
        """Tree probabilities, blended with the context model's when ``histories`` (or its
        already computed ``context`` probabilities) are given."""
        trees = self.tree_probabilities(features)
        if (histories is None and context is None) or self.context is None:
            return trees
        if context is None:
            context = self.context.probabilities(histories)
        weight = self.context.config["blend_weight"]
        return weight * context + (1 - weight) * trees

    def tree_probabilities(self, features: np.ndarray) -> np.ndarray:
        x = self.compact(features)
        nodes = np.tile(self.roots, (len(x), 1))  # (rows, trees)
        rows = np.arange(len(x))[:, None]
        for _ in range(self.depth + 1):
            leaf = self.is_leaf[nodes]
            go_left = x[rows, self.feature[nodes]] <= self.threshold[nodes]
            nodes = np.where(leaf, nodes, np.where(go_left, self.left[nodes], self.right[nodes]))
        raw = np.zeros((len(x), len(self.baseline))) + self.baseline
        np.add.at(raw.T, self.tree_class, self.value[nodes].T)
        raw -= raw.max(axis=1, keepdims=True)
        exp = np.exp(raw)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, features: np.ndarray, histories: list[list[dict]] | None = None) -> list[str]:
        return [STRATEGIES[i] for i in self.probabilities(features, histories).argmax(axis=1)]


def rule_strategy(history: list[dict], reading=None) -> str:
    """Hand-written baseline: greet with a question, reflect strong feelings,
    inform when asked, close politely, otherwise ask."""
    user = ((_last(history, "user") or {}).get("text") or "").lower()
    if not any(t.get("speaker") == "agent" for t in history):
        return "Question"
    if re.search(r"\b(thank|thanks|bye|goodbye)\b", user):
        return "Others"
    if "?" in user:
        return "Providing Suggestions" if re.search(r"\b(should|what can|how do|how can|what do)\b", user) else "Information"
    if reading is not None and reading.top != "neutral" and reading.confidence >= 0.5:
        return "Reflection of feelings"
    return "Question"


def context_text(history: list[dict]) -> str:
    """Newest first, so truncation drops the oldest turns."""
    parts = []
    for turn in reversed(history):
        if turn.get("speaker") == "agent":
            label = f" ({turn['strategy']})" if turn.get("strategy") else ""
            parts.append(f"agent{label}: {turn.get('text', '')}")
        else:
            parts.append(f"user: {turn.get('text', '')}")
    return " | ".join(parts)


def context_model_dir() -> Path:
    return Path(str(resources.files("empathic") / "models" / "strategy_context"))


class ContextStrategyModel:
    """MiniLM fine-tuned to read the recent dialogue itself (``empathic train strategy-context``):
    int8 ONNX over ``context_text(history)``, newest turn first, 256 word pieces."""

    def __init__(self, model_dir: str | Path | None = None, threads: int | None = None):
        import json

        from empathic.text.onnx_model import OnnxTextModel

        folder = Path(model_dir) if model_dir else context_model_dir()
        self.config = json.loads((folder / "config.json").read_text())
        self.model = OnnxTextModel(folder / "model.onnx", folder / "tokenizer.json", self.config["max_tokens"], threads)

    def probabilities(self, histories: list[list[dict]]) -> np.ndarray:
        limit = self.config["max_tokens"] - 2
        ids = [self.model.token_ids(context_text(h))[:limit] for h in histories]
        logits = self.model.run_batched(ids, batch_size=32)
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

"""Next support strategy from the conversation so far (learned on ESConv).

Features: sentence embeddings of the last user and agent turns, the text
model's emotion scores for the last user turn, the two previous strategies and
the position in the conversation. A multinomial logistic regression (numpy
weights, trained by ``empathic train strategy``) maps them to the 8 strategies.
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

    def __init__(self, path: str | Path | None = None):
        path = Path(path) if path else Path(str(resources.files("empathic") / "models" / "strategy" / "strategy.npz"))
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

    def probabilities(self, features: np.ndarray) -> np.ndarray:
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

    def predict(self, features: np.ndarray) -> list[str]:
        return [STRATEGIES[i] for i in self.probabilities(features).argmax(axis=1)]


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

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

from empathic.datasets.esconv import STRATEGIES


def _last(history: list[dict], speaker: str, skip: int = 0) -> dict | None:
    turns = [t for t in history if t.get("speaker") == speaker]
    return turns[-1 - skip] if len(turns) > skip else None


def _one_hot(strategy: str | None) -> list[float]:
    return [1.0 if strategy == s else 0.0 for s in STRATEGIES] + [1.0 if strategy is None else 0.0]


def featurize(histories: list[list[dict]], encoder, recognizer) -> np.ndarray:
    users = [(_last(h, "user") or {}).get("text", "") for h in histories]
    agents = [(_last(h, "agent") or {}).get("text", "") for h in histories]
    user_vectors = encoder.encode(users)
    agent_vectors = encoder.encode(agents)
    readings = recognizer.recognize_batch([u if u.strip() else "ok" for u in users])
    emotions = np.array([list(r.scores.values()) for r in readings], dtype=np.float32)
    extra = []
    for history, user in zip(histories, users):
        previous = (_last(history, "agent") or {}).get("strategy")
        before = (_last(history, "agent", 1) or {}).get("strategy")
        agent_turns = sum(t.get("speaker") == "agent" for t in history)
        extra.append(_one_hot(previous) + _one_hot(before) + [
            math.log1p(len(history)), min(len(history) / 30, 2.0), float(agent_turns == 0),
            float("?" in user), float(bool(re.search(r"\b(thank|thanks|bye|goodbye)\b", user.lower()))),
            float(history[-1].get("speaker") == "agent")])
    return np.hstack([user_vectors, agent_vectors, emotions, np.array(extra, dtype=np.float32)])


class StrategyModel:
    def __init__(self, path: str | Path | None = None):
        path = Path(path) if path else Path(str(resources.files("empathic") / "models" / "strategy" / "strategy.npz"))
        data = np.load(path)
        self.mean, self.scale = data["mean"], data["scale"]
        self.weights, self.bias = data["weights"], data["bias"]

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = ((features - self.mean) / self.scale) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
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

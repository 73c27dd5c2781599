"""``RiskModel``: the learned risk classifier beside the crisis rules.

MiniLM fine-tuned into three classes, int8 ONNX (trained by ``empathic train
crisis``; see ``models/risk/MODEL_CARD.md``):
none, low (a risk factor: the agent asks directly) and crisis (moderate or above:
the reviewed resource message). The detector reads each plain sentence of a turn,
the turn as a whole and the turn together with the user's previous one, so that
preparation spread over two messages is read as one.
"""

from __future__ import annotations

import json
import threading
from importlib import resources
from pathlib import Path

import numpy as np

from empathic.errors import ModelNotFoundError
from empathic.text.onnx_model import OnnxTextModel


class RiskModel:
    _shared: "RiskModel | None" = None
    _lock = threading.Lock()

    def __init__(self, model_dir: str | Path | None = None, threads: int | None = None):
        folder = Path(model_dir) if model_dir else Path(str(resources.files("empathic") / "models" / "risk"))
        if not (folder / "model.onnx").exists() or not (folder / "config.json").exists():
            raise ModelNotFoundError(f"risk model not found in {folder}; run `empathic train crisis`")
        config = json.loads((folder / "config.json").read_text())
        self.model = OnnxTextModel(folder / "model.onnx", folder / "tokenizer.json", config["max_length"], threads)
        self.classes = tuple(config["classes"])
        self.threshold_crisis = float(config["threshold_crisis"])
        self.threshold_low = float(config["threshold_low"])

    @classmethod
    def shared(cls) -> "RiskModel":
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
        return cls._shared

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Rows of (none, low, crisis) probabilities, one per text (read up to 128 word pieces)."""
        if not texts:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        logits = self.model.run_texts([t if t.strip() else "." for t in texts]).astype(np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def level(self, p: np.ndarray) -> str:
        """none, low or crisis for one row of probabilities."""
        if p[2] >= self.threshold_crisis:
            return "crisis"
        return "low" if p[1] + p[2] >= self.threshold_low else "none"

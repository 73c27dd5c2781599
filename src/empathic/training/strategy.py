"""Train the support-strategy model on ESConv train, select C on valid.

``empathic train strategy``; needs the ``train`` extra (scikit-learn) and ../shared/data.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from empathic.conversation.strategy_model import featurize
from empathic.datasets.esconv import STRATEGIES, load_esconv, strategy_examples
from empathic.errors import require

log = logging.getLogger(__name__)


def build_split(split: str, encoder, recognizer):
    examples = strategy_examples(load_esconv(split))
    features = featurize([h for h, _ in examples], encoder, recognizer)
    labels = np.array([STRATEGIES.index(s) for _, s in examples])
    return features, labels


def train_strategy_model(output_dir: str | Path = "src/empathic/models/strategy", grid=(0.01, 0.03, 0.1, 0.3, 1.0)) -> dict:
    linear_model = require("sklearn.linear_model", "train", "scikit-learn")
    from empathic.text.encoder import SentenceEncoder
    from empathic.text.recognizer import TextEmotionRecognizer

    encoder, recognizer = SentenceEncoder(), TextEmotionRecognizer(explain=False)
    x_train, y_train = build_split("train", encoder, recognizer)
    x_valid, y_valid = build_split("valid", encoder, recognizer)
    mean, scale = x_train.mean(0), x_train.std(0) + 1e-6
    best = None
    for c in grid:
        model = linear_model.LogisticRegression(C=c, max_iter=2000)
        model.fit((x_train - mean) / scale, y_train)
        accuracy = float((model.predict((x_valid - mean) / scale) == y_valid).mean())
        log.info("C=%s valid accuracy %.4f", c, accuracy)
        if best is None or accuracy > best[0]:
            best = (accuracy, c, model)
    accuracy, c, model = best
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "strategy.npz", mean=mean.astype(np.float32), scale=scale.astype(np.float32),
                        weights=model.coef_.T.astype(np.float32), bias=model.intercept_.astype(np.float32))
    return {"valid_accuracy": accuracy, "C": c, "n_train": len(y_train), "n_valid": len(y_valid)}

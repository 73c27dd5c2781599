"""Metrics shared by training and evaluation (numpy only)."""

from __future__ import annotations

import numpy as np


def f1_per_label(predicted: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """F1 of each column of two (n, k) 0/1 matrices; 0 where a label never occurs."""
    predicted, targets = predicted.astype(bool), targets.astype(bool)
    tp = (predicted & targets).sum(0)
    fp = (predicted & ~targets).sum(0)
    fn = (~predicted & targets).sum(0)
    denominator = 2 * tp + fp + fn
    return np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0)


def macro_f1(predicted: np.ndarray, targets: np.ndarray) -> float:
    return float(f1_per_label(predicted, targets).mean())


def tune_thresholds(probs: np.ndarray, targets: np.ndarray,
                    grid: np.ndarray | None = None) -> np.ndarray:
    """Per-label threshold maximising that label's F1 (chosen on dev data)."""
    grid = np.arange(0.05, 0.96, 0.01) if grid is None else grid
    best = np.full(probs.shape[1], 0.5)
    best_f1 = np.full(probs.shape[1], -1.0)
    for threshold in grid:
        f1 = f1_per_label(probs >= threshold, targets)
        better = f1 > best_f1
        best[better], best_f1[better] = threshold, f1[better]
    return best


def fit_temperature(logits: np.ndarray, targets: np.ndarray) -> float:
    """Temperature T minimising binary cross-entropy of sigmoid(logits / T)."""
    def nll(t: float) -> float:
        p = np.clip(1 / (1 + np.exp(-logits / t)), 1e-7, 1 - 1e-7)
        return float(-(targets * np.log(p) + (1 - targets) * np.log(1 - p)).mean())

    grid = np.exp(np.linspace(np.log(0.25), np.log(4.0), 81))
    return float(min(grid, key=nll))


def fit_softmax_temperature(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Temperature on log-probabilities (single-label) minimising negative log-likelihood."""
    log_p = np.log(np.clip(probabilities, 1e-9, 1.0))

    def nll(t: float) -> float:
        z = log_p / t
        z -= z.max(1, keepdims=True)
        return float(-(z[np.arange(len(labels)), labels] - np.log(np.exp(z).sum(1))).mean())

    return round(float(min(np.arange(0.5, 3.01, 0.05), key=nll)), 2)


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """ECE of confidences against 0/1 outcomes, equal-width bins."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges) - 1, 0, bins - 1)
    error = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            error += members.mean() * abs(confidence[members].mean() - correct[members].mean())
    return float(error)

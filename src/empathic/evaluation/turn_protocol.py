"""How an end-of-turn detector is scored (the protocol of LiveKit's public end-of-turn benchmark,
on our clip set).

A detector is asked at every decision point of a pause (``GRID`` seconds of silence so far) and
ends the turn the first time its probability passes a threshold, or at ``MAX_SILENCE``.
- A complete turn's latency is the silence at which it was ended.
- A cut-off turn would resume after a hesitation pause; it is falsely ended when the detector
  fires before the speaker resumes. Hesitation pauses are not in the clips (the cut is ours), so
  each gets one drawn from a log-normal with median ``PAUSE_MEDIAN`` s and log-spread
  ``PAUSE_SIGMA``: within-turn pauses in conversation are mostly 0.2-1 s. Silence-only then cuts
  off P(pause > its timeout) of them; every detector meets the same draws.
- Clip accuracy: complete vs cut-off at ``ACCURACY_PAUSE`` s of silence, threshold 0.5.
Sweeping the threshold gives false cut-offs at a 300 ms mean-latency budget and the mean latency
at 5 % false cut-offs.
"""

from __future__ import annotations

import math

import numpy as np

from empathic.voice.turns import MAX_SILENCE

GRID = (0.1, 0.2, 0.3, 0.5, 0.8, 1.2)
ACCURACY_PAUSE = 0.2
PAUSE_MEDIAN, PAUSE_SIGMA = 0.4, 0.7
BUDGET, CUTOFF_TARGET = 0.3, 0.05


def pause_survival(seconds) -> np.ndarray:
    """P(a hesitation pause lasts longer than ``seconds``)."""
    z = (np.log(np.maximum(seconds, 1e-6)) - math.log(PAUSE_MEDIAN)) / PAUSE_SIGMA
    return 0.5 * np.vectorize(math.erfc)(z / math.sqrt(2))


def hesitation_pauses(count: int, seed: int = 16) -> np.ndarray:
    return np.exp(math.log(PAUSE_MEDIAN) + PAUSE_SIGMA * np.random.default_rng(seed).standard_normal(count))


def end_times(probabilities: np.ndarray, threshold: float) -> np.ndarray:
    """Silence (s) at which each turn is ended: probabilities is (turns, len(GRID))."""
    fired = probabilities >= threshold
    first = np.where(fired.any(axis=1), fired.argmax(axis=1), len(GRID))
    return np.asarray((*GRID, MAX_SILENCE))[first]


def operating_points(probabilities: np.ndarray, complete: np.ndarray, pauses: np.ndarray) -> list[tuple]:
    """(threshold, mean latency on complete turns, p50 latency, false cut-off rate) per threshold."""
    points = []
    for threshold in np.unique(np.concatenate([probabilities.ravel(), [0.0, 1.01]])):
        ended = end_times(probabilities, threshold)
        cut = (ended[~complete] < pauses[~complete]).mean()
        points.append((float(threshold), float(ended[complete].mean()), float(np.median(ended[complete])),
                       float(cut)))
    return points


def silence_points(complete: np.ndarray, pauses: np.ndarray) -> list[tuple]:
    """Silence-only: a fixed timeout at each grid point (and the max)."""
    return [(t, t, t, float((pauses[~complete] > t).mean())) for t in (*GRID, MAX_SILENCE)]


def summary(points: list[tuple]) -> dict:
    within = [p for p in points if p[1] <= BUDGET + 1e-9]
    safe = [p for p in points if p[3] <= CUTOFF_TARGET + 1e-9]
    best = min(safe, key=lambda p: p[1]) if safe else None
    return {"cutoffs_at_300ms": min(p[3] for p in within) if within else None,
            "latency_at_5pct_ms": 1000 * best[1] if best else None,
            "p50_latency_at_5pct_ms": 1000 * best[2] if best else None,
            "threshold_at_5pct": best[0] if best else None}


def accuracy(probability_at_pause: np.ndarray, complete: np.ndarray, threshold: float = 0.5) -> float:
    return float(((probability_at_pause >= threshold) == complete).mean())

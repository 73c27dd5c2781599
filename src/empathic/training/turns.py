"""Train the end-of-turn model (``empathic train turns``): a one-hidden-layer network in numpy
over ``empathic.voice.turns.FEATURE_NAMES``, on the training split of the turn clip set.

Every training turn is seen at each decision point of a pause (``GRID``), as heard (with its
partial transcript, and without one, so the model serves audio-only callers) and through a
telephone band. A cut-off turn is weighted by the chance that a hesitation pause is still going
on at that point: at 1.2 s of silence most speakers who meant to go on already have, which is
what lets the model trust a long pause. Speakers/dialogues of a tenth of the training groups are
kept aside to stop training and to choose the thresholds.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from empathic.evaluation.turn_clips import TurnClip, telephone
from empathic.evaluation.turn_protocol import GRID, hesitation_pauses, operating_points, pause_survival, summary
from empathic.voice.turns import FEATURE_NAMES, MAX_SILENCE, RATE, WINDOW_S, prosody_features, text_features

HIDDEN = 16


def decision_audio(clip: TurnClip, band: bool = False) -> np.ndarray:
    """The last seconds of the turn followed by the longest pause; slice it per decision point."""
    keep = int((WINDOW_S + 0.5) * RATE)
    audio = TurnClip(clip.source, clip.group, clip.split, clip.complete, clip.speech[-keep:], clip.noise,
                     None).with_pause(MAX_SILENCE)
    return telephone(audio) if band else audio


def feature_rows(clip: TurnClip, band: bool = False, text: bool = True) -> np.ndarray:
    """(len(GRID), features): the clip at each decision point."""
    audio = decision_audio(clip, band)
    speech = len(audio) - int(MAX_SILENCE * RATE)
    words = text_features(clip.transcript if text else None)
    return np.stack([np.concatenate([prosody_features(audio[: speech + int(t * RATE)]), words]) for t in GRID])


def _held_out(group: str) -> bool:
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % 10 == 0


def training_table(clips: list[TurnClip], log=print):
    rows, labels, weights, validation = [], [], [], []
    survival = pause_survival(np.asarray(GRID))
    for n, clip in enumerate(clips):
        views = [(False, True), (True, False)]  # as heard with its words; phone band without
        if clip.transcript:
            views.append((False, False))
        for band, text in views:
            table = feature_rows(clip, band, text)
            rows.append(table)
            labels += [clip.complete] * len(GRID)
            weights += list(np.ones(len(GRID)) if clip.complete else survival)
            validation += [_held_out(clip.group)] * len(GRID)
        if n % 500 == 0:
            log(f"features: {n}/{len(clips)} turns")
    return np.concatenate(rows), np.asarray(labels, float), np.asarray(weights), np.asarray(validation)


def fit(x, y, w, epochs: int = 1500, l2: float = 1e-3, seed: int = 0):
    """Weighted cross-entropy, full-batch Adam; returns the weights dict."""
    rng = np.random.default_rng(seed)
    mean, scale = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / scale
    params = {"w1": rng.normal(0, 0.3, (x.shape[1], HIDDEN)), "b1": np.zeros(HIDDEN),
              "w2": rng.normal(0, 0.3, HIDDEN), "b2": np.zeros(1)}
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    w = w / w.mean()
    for step in range(1, epochs + 1):
        hidden = np.tanh(z @ params["w1"] + params["b1"])
        p = 1 / (1 + np.exp(-(hidden @ params["w2"] + params["b2"])))
        error = w * (p - y) / len(y)
        grads = {"w2": hidden.T @ error + l2 * params["w2"], "b2": np.array([error.sum()])}
        back = np.outer(error, params["w2"]) * (1 - hidden ** 2)
        grads["w1"] = z.T @ back + l2 * params["w1"]
        grads["b1"] = back.sum(0)
        for k, g in grads.items():
            m, v = moments[k]
            m[:] = 0.9 * m + 0.1 * g
            v[:] = 0.999 * v + 0.001 * g ** 2
            params[k] -= 0.01 * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return {"mean": mean, "scale": scale, **params}


def predict(weights, x) -> np.ndarray:
    hidden = np.tanh((x - weights["mean"]) / weights["scale"] @ weights["w1"] + weights["b1"])
    return 1 / (1 + np.exp(-(hidden @ weights["w2"] + weights["b2"])))


def train(clips: list[TurnClip], output_dir: str | Path, log=print) -> dict:
    train_clips = [c for c in clips if c.split == "train"]
    x, y, w, held = training_table(train_clips, log)
    if held.sum() < 100 * len(GRID):  # a smoke-test-sized set: choose on every training group instead
        held = np.ones_like(held)
    weights = fit(x[~held], y[~held], w[~held]) if (~held).any() else fit(x, y, w)
    # thresholds from the held-out groups, on the audio-with-words view as the stream hears it
    p = predict(weights, x[held]).reshape(-1, len(GRID))
    complete = y[held].reshape(-1, len(GRID))[:, 0].astype(bool)
    points = operating_points(p, complete, hesitation_pauses(len(p), seed=3))
    careful = summary(points)["threshold_at_5pct"]
    # the fastest threshold whose false cut-offs stay at most 15 %: for quick exchanges
    quick = min((pt for pt in points if pt[3] <= 0.15), key=lambda pt: pt[1])[0]
    weights = fit(x, y, w)  # the shipped model sees every training group
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    np.savez(output / "turns.npz", **{k: np.asarray(v, np.float32) for k, v in weights.items()})
    config = {"features": list(FEATURE_NAMES), "hidden": HIDDEN, "grid": list(GRID),
              "thresholds": {"careful": round(float(careful), 3), "balanced": round(float((careful + quick) / 2), 3),
                             "quick": round(float(quick), 3)},
              "training_turns": len(train_clips), "training_rows": int(len(y))}
    (output / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    log(json.dumps(config["thresholds"]))
    return config

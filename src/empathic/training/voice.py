"""Train and evaluate the voice emotion model on RAVDESS, speaker-independently.

Features per clip (``empathic.voice.features``): Whisper tiny.en encoder states (mean and
standard deviation, 768), prosody in human units (22) and cepstral statistics (26). Two
logistic-regression models share them:

- ``plain``: reads any clip on its own;
- ``baseline``: reads a clip relative to the speaker's own average (features minus the mean
  of the speaker's earlier utterances), used once a session has heard enough of the speaker.

Evaluation: 6 folds of 4 whole actors held out (actors 1-4, 5-8, ...), unweighted accuracy
(mean per-class recall) over the 8 classes, beside a majority-class and a prosody-only model
(prosody + cepstral features, same classifier). ``empathic train voice`` then fits both models
on all 24 actors and writes ``models/voice/voice.npz`` (numpy only at inference).
Needs the ``train`` extra (scikit-learn) and the ``voice`` extra.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

import numpy as np

from empathic.datasets.paths import data_dir
from empathic.errors import require
from empathic.evaluation.metrics import fit_softmax_temperature
from empathic.labels import VOICE_LABELS

log = logging.getLogger(__name__)
REGULARISATION = 0.01  # inverse L2 strength; chosen by the same cross-validation (0.01 / 0.1 / 1 within 0.01)
BASELINE_CLIPS = 10  # utterances a speaker baseline needs before the baseline model is used
FEATURE_VERSION = "v3"  # v2: clips trimmed to their speech; v3: degraded copies too


def _noise(samples: np.ndarray, snr_db: float) -> np.ndarray:
    level = np.sqrt(np.mean(samples ** 2)) * 10 ** (-snr_db / 20)
    return samples + np.random.default_rng(len(samples)).normal(0, 1, len(samples)).astype(np.float32) * level


def _telephone(samples: np.ndarray) -> np.ndarray:
    from scipy.signal import resample_poly

    return resample_poly(resample_poly(samples, 1, 2), 2, 1)


# Degraded copies of every clip: (transform, used for training). The model trains on the clean
# clips plus the first three, so it does not learn one studio's microphone and level; the last
# two are never trained on and show how it copes with conditions it has not seen.
CONDITIONS = {
    "quieter_12db": (lambda s: s * 10 ** (-12 / 20), True),
    "telephone_8khz": (_telephone, True),
    "noise_20db_snr": (lambda s: _noise(s, 20), True),
    "noise_10db_snr": (lambda s: _noise(s, 10), False),
    "louder_12db_clipped": (lambda s: np.clip(s * 10 ** (12 / 20), -1, 1), False),
}


def ravdess_files() -> list[tuple[Path, int, int]]:
    """(path, label index, actor) of every RAVDESS clip; emotion is the file name's third field."""
    files = []
    for path in sorted(data_dir("ravdess").glob("Actor_*/*.flac")):
        fields = path.stem.split("-")
        files.append((path, int(fields[2]) - 1, int(fields[6])))
    return files


def speech_span(samples: np.ndarray, detector) -> np.ndarray:
    """From the start of the first detected utterance to the end of the last (the whole clip if none)."""
    segments = detector.segments(samples)
    if not segments:
        return samples
    return samples[int(segments[0].start * 16000):int(segments[-1].end * 16000)]


def extract(cache_dir: str | Path | None = None):
    """Features of all clips, labels, actors, and features of each degraded copy (``CONDITIONS``);
    cached (about 3 minutes on 2 cores)."""
    from empathic.voice.audio import load_audio
    from empathic.voice.features import WhisperEncoder, clip_features

    files = ravdess_files()
    if not files:
        raise FileNotFoundError("no RAVDESS clips under the data folder")
    key = hashlib.sha1((FEATURE_VERSION + "".join(str(p) for p, _, _ in files)).encode()).hexdigest()[:12]
    cache = Path(cache_dir or os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "empathic"
    path = cache / f"ravdess-features-{key}.npz"
    if path.exists():
        with np.load(path) as saved:
            return saved["x"], saved["y"], saved["actors"], {name: saved[name] for name in CONDITIONS}
    from empathic.voice.vad import SpeechDetector

    encoder, detector = WhisperEncoder.shared(), SpeechDetector()
    spans = [speech_span(load_audio(p), detector) for p, _, _ in files]
    x = np.stack([clip_features(s, encoder) for s in spans])
    degraded = {name: np.stack([clip_features(transform(s).astype(np.float32), encoder) for s in spans])
                for name, (transform, _) in CONDITIONS.items()}
    y = np.array([label for _, label, _ in files])
    actors = np.array([actor for _, _, actor in files])
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, x=x, y=y, actors=actors, **degraded)
    return x, y, actors, degraded


def augmented(x: np.ndarray, y: np.ndarray, actors: np.ndarray, degraded: dict, rows=None):
    """Clean rows plus their training-condition copies (speaker-centring is per copy, as a
    session's baseline would be)."""
    rows = np.arange(len(y)) if rows is None else rows
    copies = [x[rows]] + [degraded[n][rows] for n, (_, train) in CONDITIONS.items() if train]
    return np.vstack(copies), np.concatenate([y[rows]] * len(copies)), np.concatenate([actors[rows]] * len(copies))


def _fit(x, y):
    linear = require("sklearn.linear_model", "train", "scikit-learn")
    mean, scale = x.mean(0), x.std(0) + 1e-6
    model = linear.LogisticRegression(C=REGULARISATION, max_iter=5000).fit((x - mean) / scale, y)
    return {"mean": mean, "scale": scale, "coef": model.coef_, "intercept": model.intercept_}


def predict_proba(params: dict, x: np.ndarray) -> np.ndarray:
    z = ((x - params["mean"]) / params["scale"]) @ params["coef"].T + params["intercept"]
    z = np.exp(z - z.max(1, keepdims=True))
    return z / z.sum(1, keepdims=True)


def speaker_centred(x: np.ndarray, actors: np.ndarray, clips: int | None = None, seed: int = 0) -> np.ndarray:
    """Features minus the speaker's mean over all (or ``clips`` random) of their clips."""
    rng = np.random.default_rng(seed)
    out = x.copy()
    for actor in np.unique(actors):
        rows = np.flatnonzero(actors == actor)
        base = rows if clips is None else rng.choice(rows, clips, replace=False)
        out[rows] = x[rows] - x[base].mean(0)
    return out


def _report(probabilities: np.ndarray, y: np.ndarray) -> dict:
    predicted = probabilities.argmax(1)
    k = len(VOICE_LABELS)
    confusion = np.zeros((k, k), dtype=int)
    np.add.at(confusion, (y, predicted), 1)
    recall = confusion.diagonal() / confusion.sum(1)
    return {"unweighted_accuracy": round(float(recall.mean()), 4),
            "weighted_accuracy": round(float((predicted == y).mean()), 4),
            "recall": {label: round(float(r), 3) for label, r in zip(VOICE_LABELS, recall)},
            "confusion": confusion.tolist()}


def cross_validate(x: np.ndarray, y: np.ndarray, actors: np.ndarray, degraded: dict) -> dict:
    from empathic.voice.features import PROSODY_NAMES

    folds = (actors - 1) // 4
    n_prosody = len(PROSODY_NAMES) + 26
    views = {"ours": lambda f, a: f, "prosody_only": lambda f, a: f[:, -n_prosody:],
             "ours_with_speaker_baseline": speaker_centred}
    names = [*views, "ours_with_10_clip_baseline", "majority", "clean_only",
             *(f"{m}_{c}" for m in ("ours", "clean_only") for c in CONDITIONS)]
    out_of_fold = {name: np.zeros((len(y), len(VOICE_LABELS))) for name in names}
    for fold in np.unique(folds):
        train, test = np.flatnonzero(folds != fold), folds == fold
        x_train, y_train, a_train = augmented(x, y, actors, degraded, train)
        for name, view in views.items():
            params = _fit(_per_copy(view, x_train, a_train), y_train)
            out_of_fold[name][test] = predict_proba(params, view(x, actors)[test])
            if name == "ours":
                for condition, features in degraded.items():
                    out_of_fold[f"ours_{condition}"][test] = predict_proba(params, features[test])
            if name == "ours_with_speaker_baseline":
                centred = speaker_centred(x, actors, BASELINE_CLIPS)
                out_of_fold["ours_with_10_clip_baseline"][test] = predict_proba(params, centred[test])
        clean_only = _fit(x[train], y[train])  # what augmentation buys: the same model without it
        out_of_fold["clean_only"][test] = predict_proba(clean_only, x[test])
        for condition, features in degraded.items():
            out_of_fold[f"clean_only_{condition}"][test] = predict_proba(clean_only, features[test])
        out_of_fold["majority"][test, np.bincount(y[train]).argmax()] = 1.0
    results = {name: _report(p, y) for name, p in out_of_fold.items()}
    results["temperature"] = fit_softmax_temperature(out_of_fold["ours"], y)
    return results


def _per_copy(view, x: np.ndarray, actors: np.ndarray) -> np.ndarray:
    """Apply a view to each stacked copy separately (speaker means must not mix conditions)."""
    size = len(x) // (1 + sum(train for _, train in CONDITIONS.values()))
    return np.vstack([view(x[i:i + size], actors[i:i + size]) for i in range(0, len(x), size)])


def train_voice_model(output_dir: str | Path = "src/empathic/models/voice", cache_dir=None) -> dict:
    from empathic.voice.features import PROSODY_NAMES

    x, y, actors, degraded = extract(cache_dir)
    log.info("features %s; cross-validating", x.shape)
    results = cross_validate(x, y, actors, degraded)
    x_all, y_all, a_all = augmented(x, y, actors, degraded)
    plain, baseline = _fit(x_all, y_all), _fit(_per_copy(speaker_centred, x_all, a_all), y_all)
    n = len(PROSODY_NAMES)
    prosody = x[:, 768:768 + n]
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / "voice.npz", **{f"plain_{k}": v for k, v in plain.items()},
             **{f"baseline_{k}": v for k, v in baseline.items()},
             prosody_mean=prosody.mean(0), prosody_std=prosody.std(0) + 1e-6)
    config = {"labels": list(VOICE_LABELS), "prosody_names": list(PROSODY_NAMES), "temperature": results["temperature"],
              "baseline_clips": BASELINE_CLIPS, "regularisation": REGULARISATION, "feature_version": FEATURE_VERSION,
              "cross_validation": {k: v["unweighted_accuracy"] for k, v in results.items() if isinstance(v, dict)}}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return results


def format_report(results: dict) -> str:
    lines = ["RAVDESS speech, 8 classes, speaker-independent (6 folds of 4 held-out actors, 1,440 clips)",
             f"{'system':<32}{'unweighted acc':>16}{'weighted acc':>14}"]
    for name in ("ours", "ours_with_10_clip_baseline", "ours_with_speaker_baseline", "prosody_only", "majority"):
        r = results[name]
        lines.append(f"{name:<32}{r['unweighted_accuracy']:>16.4f}{r['weighted_accuracy']:>14.4f}")
    lines.append("published hand-crafted-feature baselines: about 0.50-0.60 (issue #5)")
    lines.append("degraded copies of the held-out actors (* = a condition never trained on), unweighted accuracy:")
    lines.append(f"  {'condition':<28}{'ours':>10}{'ours trained on clean clips only':>36}")
    for condition, (_, trained) in [("clean", (None, True)), *CONDITIONS.items()]:
        suffix = "" if condition == "clean" else "_" + condition
        lines.append(f"  {condition + ('' if trained else ' *'):<28}{results['ours' + suffix]['unweighted_accuracy']:>10.4f}"
                     f"{results['clean_only' + suffix]['unweighted_accuracy']:>36.4f}")
    lines.append("per-class recall (ours): " + ", ".join(f"{k} {v:.2f}" for k, v in results["ours"]["recall"].items()))
    lines.append("confusion (ours; rows true, columns predicted, order " + " ".join(VOICE_LABELS) + "):")
    lines += ["  " + " ".join(f"{v:>5}" for v in row) for row in results["ours"]["confusion"]]
    return "\n".join(lines)

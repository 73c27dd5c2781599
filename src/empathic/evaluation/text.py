"""``empathic eval text``: GoEmotions test figures beside peers and anchors.

Peers (NRCLex, nade) predict Plutchik's eight emotions, not the 28 GoEmotions
labels, so they are compared on the coarse Ekman and sentiment groups. Each
system, ours included, gets per-group thresholds chosen on dev; test is read once.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np

from empathic.datasets.goemotions import load_goemotions
from empathic.evaluation.metrics import (expected_calibration_error, f1_per_label,
                                         macro_f1, tune_thresholds)
from empathic.labels import EKMAN_GROUPS, GOEMOTIONS_LABELS, SENTIMENT_GROUPS

PUBLISHED = {
    "BERT-base (Demszky et al. 2020)": {"macro_f1_28": 0.46, "ekman_macro_f1": 0.64, "sentiment_macro_f1": 0.69},
    "BERT-base reproduction (monologg)": {"macro_f1_28": 0.488},
    "BERT + focal loss + label smoothing (minfenli)": {"macro_f1_28": 0.531},
    "roberta-base, threshold 0.5 (SamLowe)": {"macro_f1_28": 0.450},
}

# Plutchik -> coarse groups, for lexicon and Plutchik-based peers.
PLUTCHIK_TO_EKMAN = {"anger": "anger", "disgust": "disgust", "fear": "fear",
                     "joy": "joy", "sadness": "sadness", "surprise": "surprise"}
PLUTCHIK_TO_SENTIMENT = {"joy": "positive", "trust": "positive", "anger": "negative",
                         "disgust": "negative", "fear": "negative", "sadness": "negative",
                         "surprise": "ambiguous"}


@dataclass
class SystemResult:
    name: str
    ekman_macro_f1: float
    sentiment_macro_f1: float
    macro_f1_28: float | None = None
    per_label_f1: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)


def group_targets(targets: np.ndarray, groups: dict[str, tuple[str, ...]]) -> np.ndarray:
    index = {label: i for i, label in enumerate(GOEMOTIONS_LABELS)}
    return np.stack([targets[:, [index[m] for m in members]].max(1) for members in groups.values()], 1)


def group_probs(probs: np.ndarray, groups: dict[str, tuple[str, ...]]) -> np.ndarray:
    return group_targets(probs, groups)  # highest member probability per group


def _group_f1(dev_scores, dev_targets, test_scores, test_targets) -> float:
    thresholds = tune_thresholds(dev_scores, dev_targets)
    return macro_f1(test_scores >= thresholds, test_targets)


def evaluate_ours(recognizer, dev, test) -> SystemResult:
    started = time.perf_counter()
    test_readings = recognizer.recognize_batch(test.texts, batch_size=64)
    seconds = time.perf_counter() - started
    dev_readings = recognizer.recognize_batch(dev.texts, batch_size=64)
    test_probs = np.array([[r.scores[l] for l in GOEMOTIONS_LABELS] for r in test_readings])
    dev_probs = np.array([[r.scores[l] for l in GOEMOTIONS_LABELS] for r in dev_readings])
    predicted = np.array([[l in r.labels for l in GOEMOTIONS_LABELS] for r in test_readings])
    per_label = f1_per_label(predicted, test.targets)
    top_correct = np.array([test.targets[i, GOEMOTIONS_LABELS.index(r.top)] for i, r in enumerate(test_readings)])
    confidence = np.array([r.confidence for r in test_readings])
    return SystemResult(
        name="empathic (MiniLM-L6 fine-tuned, ONNX)",
        macro_f1_28=float(per_label.mean()),
        per_label_f1={l: float(f) for l, f in zip(GOEMOTIONS_LABELS, per_label)},
        ekman_macro_f1=_group_f1(group_probs(dev_probs, EKMAN_GROUPS), group_targets(dev.targets, EKMAN_GROUPS),
                                 group_probs(test_probs, EKMAN_GROUPS), group_targets(test.targets, EKMAN_GROUPS)),
        sentiment_macro_f1=_group_f1(group_probs(dev_probs, SENTIMENT_GROUPS), group_targets(dev.targets, SENTIMENT_GROUPS),
                                     group_probs(test_probs, SENTIMENT_GROUPS), group_targets(test.targets, SENTIMENT_GROUPS)),
        seconds=seconds,
        extra={"top_label_accuracy": float(top_correct.mean()),
               "confidence_ece": expected_calibration_error(confidence, top_correct)},
    )


def _plutchik_groups(scores: list[dict[str, float]], mapping, groups) -> np.ndarray:
    names = list(groups)
    out = np.zeros((len(scores), len(names)))
    for row, s in enumerate(scores):
        for emotion, group in mapping.items():
            out[row, names.index(group)] = max(out[row, names.index(group)], s.get(emotion, 0.0))
        out[row, names.index("neutral")] = 1.0 - max(s.values(), default=0.0)
    return out


def _peer_result(name, score_fn, dev, test) -> SystemResult:
    started = time.perf_counter()
    test_scores = score_fn(test.texts)
    seconds = time.perf_counter() - started
    dev_scores = score_fn(dev.texts)
    results = {}
    for key, mapping, groups in (("ekman", PLUTCHIK_TO_EKMAN, EKMAN_GROUPS),
                                 ("sentiment", PLUTCHIK_TO_SENTIMENT, SENTIMENT_GROUPS)):
        results[key] = _group_f1(_plutchik_groups(dev_scores, mapping, groups), group_targets(dev.targets, groups),
                                 _plutchik_groups(test_scores, mapping, groups), group_targets(test.targets, groups))
    return SystemResult(name=name, ekman_macro_f1=results["ekman"],
                        sentiment_macro_f1=results["sentiment"], seconds=seconds)


def nrclex_scores(texts: list[str]) -> list[dict[str, float]]:
    from nrclex import NRCLex

    lexicon = NRCLex()
    out = []
    for text in texts:
        lexicon.load_token_list(re.findall(r"[a-z']+", text.lower()))
        counts = lexicon.raw_emotion_scores
        total = max(sum(v for k, v in counts.items() if k not in ("positive", "negative")), 1)
        out.append({k: v / total for k, v in counts.items() if k not in ("positive", "negative")})
    return out


def nade_scores(texts: list[str]) -> list[dict[str, float]]:
    from nade import Nade

    model = Nade()
    raw = model.predict(texts)
    return [{label: float(raw[label][i]) for label in raw} for i in range(len(texts))]


PEERS = {"NRCLex 4.1.0 (lexicon)": ("nrclex", nrclex_scores),
         "nade 0.3.1 (fastText + LightGBM)": ("nade", nade_scores)}


def evaluate_text(recognizer, peers: bool = True, limit: int | None = None) -> dict:
    """All figures for the report: ours, installed peers, published anchors."""
    import importlib.util

    dev, test = load_goemotions("dev"), load_goemotions("test")
    if limit:
        dev = type(dev)(dev.texts[:limit], dev.targets[:limit])
        test = type(test)(test.texts[:limit], test.targets[:limit])
    systems = [evaluate_ours(recognizer, dev, test)]
    skipped = []
    if peers:
        for name, (module, fn) in PEERS.items():
            if importlib.util.find_spec(module) is None:
                skipped.append(f"{name}: not installed (pip install 'empathic[peers]')")
                continue
            systems.append(_peer_result(name, fn, dev, test))
    return {"n_test": len(test.texts), "systems": systems, "skipped": skipped, "published": PUBLISHED}


def format_report(report: dict) -> str:
    lines = [f"GoEmotions test ({report['n_test']} comments); thresholds chosen on dev for every system", ""]
    lines.append(f"{'system':48} {'28-label':>9} {'Ekman':>7} {'sentim.':>8} {'sec':>7}")
    for s in report["systems"]:
        f28 = f"{s.macro_f1_28:.4f}" if s.macro_f1_28 is not None else "n/a"
        lines.append(f"{s.name:48} {f28:>9} {s.ekman_macro_f1:>7.3f} {s.sentiment_macro_f1:>8.3f} {s.seconds:>7.1f}")
    for name, figures in report["published"].items():
        cells = [f"{figures[k]:.3f}" if k in figures else "-" for k in ("macro_f1_28", "ekman_macro_f1", "sentiment_macro_f1")]
        lines.append(f"{name + ' [published]':48} {cells[0]:>9} {cells[1]:>7} {cells[2]:>8} {'':>7}")
    for note in report["skipped"]:
        lines.append(f"skipped peer: {note}")
    ours = report["systems"][0]
    lines += ["", f"top-label accuracy {ours.extra['top_label_accuracy']:.3f}, "
                  f"confidence ECE {ours.extra['confidence_ece']:.3f}", "", "per-label F1 (ours):"]
    for label, f1 in sorted(ours.per_label_f1.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {label:15} {f1:.3f} {'█' * round(f1 * 30)}")
    return "\n".join(lines)

"""Small heads that listen to the shipped, frozen encoders: sarcasm and dialogue act.

``empathic train sarcasm`` and ``empathic train act``; need the ``train`` extra
(scikit-learn) and ../shared/data. Features of a text are the sentence encoder's
384-d embedding (``models/encoder``) followed by the text emotion model's 28
logits (``models/text``), both frozen (``empathic.text.heads.head_features``).
A logistic regression is fitted and exported as numpy arrays, so inference
needs numpy only.

Splits (fixed seed 13): each corpus's train file is cut 70 / 15 / 15 into fit /
dev / test. The regularisation and the decision threshold are chosen on dev,
the figures reported on test (once); the shipped head is the one fitted on fit.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import logging
from pathlib import Path

import numpy as np

from empathic.errors import require

log = logging.getLogger(__name__)
SEED = 13
CACHE = Path.home() / ".cache" / "empathic"


def data_root() -> Path:
    from empathic.datasets.paths import data_dir

    return Path(data_dir())


# data ------------------------------------------------------------------------
def load_isarcasmeval() -> tuple[list[str], np.ndarray]:
    path = data_root() / "isarcasmeval" / "train.En.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("tweet") and r["tweet"].strip()]
    return [r["tweet"] for r in rows], np.array([int(r["sarcastic"]) for r in rows])


def load_semeval_irony() -> tuple[list[str], np.ndarray]:
    path = data_root() / "semeval2018_irony" / "SemEval2018-T3-train-taskA_emoji.txt"
    texts, labels = [], []
    with open(path, encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[2].strip():
                texts.append(parts[2])
                labels.append(int(parts[1]))
    return texts, np.array(labels)


DD_ACTS = {"inform": "statement", "commissive": "statement", "question": "question", "directive": "request"}
LEARNED_ACTS = ("statement", "question", "request")


def load_dailydialog(split: str, limit: int | None = None) -> tuple[list[str], np.ndarray]:
    """Utterances and their act (statement / question / request). ``limit``: a
    stratified sample of at most ``limit / 3`` per act (train is 87k utterances)."""
    path = data_root() / "dailydialog" / f"{split}.jsonl.gz"
    texts, labels = [], []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            for turn in json.loads(line)["turns"]:
                if turn["text"].strip() and turn["act"] in DD_ACTS:
                    texts.append(turn["text"])
                    labels.append(LEARNED_ACTS.index(DD_ACTS[turn["act"]]))
    labels = np.array(labels)
    if limit:
        rng = np.random.default_rng(SEED)
        keep = np.concatenate([rng.permutation(np.flatnonzero(labels == k))[: limit // 3] for k in range(3)])
        keep.sort()
        texts, labels = [texts[i] for i in keep], labels[keep]
    return texts, labels


def split_three(n: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    a, b = int(0.7 * n), int(0.85 * n)
    return order[:a], order[a:b], order[b:]


# features --------------------------------------------------------------------
def features(texts: list[str], name: str) -> np.ndarray:
    """Head features for many texts, cached in ~/.cache/empathic by content."""
    from empathic.text.heads import head_features_bulk

    digest = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:10]
    path = CACHE / f"head_features_{name}_{digest}.npy"
    if path.exists():
        return np.load(path)
    log.info("encoding %d texts for %s", len(texts), name)
    values = head_features_bulk(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, values)
    return values


def _fit_logistic(x, y, c, multi=False):
    linear = require("sklearn.linear_model", "train", "scikit-learn")
    return linear.LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(x, y)


def _f1(y, pred, positive=1) -> float:
    tp = int(((pred == positive) & (y == positive)).sum())
    fp = int(((pred == positive) & (y != positive)).sum())
    fn = int(((pred != positive) & (y == positive)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _standardise(x_fit):
    mean, std = x_fit.mean(0), x_fit.std(0) + 1e-6
    return mean.astype(np.float32), std.astype(np.float32)


# sarcasm -----------------------------------------------------------------------
DENSE_SCALE = 0.05  # weight of the standardised encoder features beside the unit-norm n-grams


def _ngram_matrix(texts: list[str]):
    sparse = require("scipy.sparse", "train", "scipy")
    from empathic.text.heads import NGRAM_DIMS, ngram_ids

    rows, cols, vals = [], [], []
    for row, text in enumerate(texts):
        ids = ngram_ids(text)
        rows += [row] * len(ids)
        cols += ids.tolist()
        vals += [1 / np.sqrt(max(1, len(ids)))] * len(ids)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), NGRAM_DIMS), dtype=np.float32)


def train_sarcasm(output_dir: str | Path = "src/empathic/models/sarcasm") -> dict:
    """Logistic regression on hashed n-grams + the frozen encoders' features (scaled by
    ``DENSE_SCALE``), fitted on the fit parts of iSarcasmEval (En) and SemEval-2018 irony
    (task A, emoji version) together. C is chosen on the two dev parts (mean AUC); each
    corpus's reporting threshold on its own dev part; the runtime ``shift_threshold``
    (scores move to the intended meaning above it) is the lowest threshold whose pooled dev
    precision reaches 0.7."""
    sparse = require("scipy.sparse", "train", "scipy")
    metrics = require("sklearn.metrics", "train", "scikit-learn")
    corpora = {"isarcasmeval": load_isarcasmeval(), "semeval2018_irony": load_semeval_irony()}
    parts = {}
    for name, (texts, labels) in corpora.items():
        x = features(texts, name)
        for part, index in zip(("fit", "dev", "test"), split_three(len(labels))):
            parts.setdefault(name, {})[part] = ([texts[i] for i in index], x[index], labels[index])
    fit_texts = [t for p in parts.values() for t in p["fit"][0]]
    x_fit = np.vstack([p["fit"][1] for p in parts.values()])
    y_fit = np.concatenate([p["fit"][2] for p in parts.values()])
    mean, std = _standardise(x_fit)

    def design(texts, x):
        return sparse.hstack([_ngram_matrix(texts), sparse.csr_matrix((x - mean) / std * DENSE_SCALE)]).tocsr()

    best = None
    for c in (1.0, 3.0, 10.0):
        model = _fit_logistic(design(fit_texts, x_fit), y_fit, c)
        auc = np.mean([metrics.roc_auc_score(p["dev"][2], model.predict_proba(design(*p["dev"][:2]))[:, 1])
                       for p in parts.values()])
        log.info("sarcasm C=%s: mean dev AUC %.4f", c, auc)
        if best is None or auc > best[0]:
            best = (auc, c, model)
    auc, c, model = best
    grid = np.round(np.arange(0.1, 0.9, 0.02), 2)
    report = {"C": c, "dev_mean_auc": round(float(auc), 4), "n_fit": int(len(y_fit)), "dense_scale": DENSE_SCALE}
    pooled_p, pooled_y = [], []
    for name, p in parts.items():
        dev_prob = model.predict_proba(design(*p["dev"][:2]))[:, 1]
        pooled_p.append(dev_prob)
        pooled_y.append(p["dev"][2])
        threshold = float(max(grid, key=lambda t: _f1(p["dev"][2], (dev_prob >= t).astype(int))))
        prob = model.predict_proba(design(*p["test"][:2]))[:, 1]
        y = p["test"][2]
        report[name] = {"threshold": threshold,
                        "dev_f1_sarcastic": round(_f1(p["dev"][2], (dev_prob >= threshold).astype(int)), 4),
                        "test_f1_sarcastic": round(_f1(y, (prob >= threshold).astype(int)), 4),
                        "test_auc": round(float(metrics.roc_auc_score(y, prob)), 4), "test_n": int(len(y)),
                        "test_positive_rate": round(float(y.mean()), 3),
                        "always_sarcastic_f1": round(_f1(y, np.ones_like(y)), 4)}
    pooled_p, pooled_y = np.concatenate(pooled_p), np.concatenate(pooled_y)
    shift = 0.9
    for t in grid:
        chosen = pooled_p >= t
        if chosen.sum() >= 20 and pooled_y[chosen].mean() >= 0.7:
            shift = float(t)
            break
    report["shift_threshold"] = shift
    report["shift_dev_precision"] = round(float(pooled_y[pooled_p >= shift].mean()), 4) if (pooled_p >= shift).any() else None
    report["threshold"] = shift
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_dense = x_fit.shape[1]
    coef = model.coef_.astype(np.float32)
    np.savez_compressed(out / "head.npz", mean=mean, std=std, weight=coef[:, -n_dense:],
                        bias=model.intercept_.astype(np.float32), ngram_weight=coef[:, :-n_dense].astype(np.float16))
    (out / "config.json").write_text(json.dumps({"kind": "logistic", "classes": ["literal", "sarcastic"],
                                                 "features": "hashed word 1-2-grams and char 3-5-grams (2^18) + "
                                                             "encoder 384 + text-emotion logits 28",
                                                 **report}, indent=2) + "\n")
    log.info("sarcasm: %s", report)
    return report


# act -------------------------------------------------------------------------
def train_act(output_dir: str | Path = "src/empathic/models/act", train_limit: int = 9000) -> dict:
    texts, labels = load_dailydialog("train", train_limit)
    x = features(texts, "dailydialog_train")
    fit, dev, _ = split_three(len(labels))  # dev of train picks C; validation is the report
    v_texts, v_labels = load_dailydialog("validation")
    x_valid = features(v_texts, "dailydialog_validation")
    mean, std = _standardise(x[fit])
    z = lambda a: (a - mean) / std  # noqa: E731
    best = None
    for c in (0.01, 0.03, 0.1, 0.3):
        model = _fit_logistic(z(x[fit]), labels[fit], c)
        pred = model.predict(z(x[dev]))
        score = np.mean([_f1(labels[dev], pred, k) for k in range(3)])
        if best is None or score > best[0]:
            best = (score, c, model)
    score, c, model = best
    pred = model.predict(z(x_valid))
    report = {"C": c, "dev_macro_f1": round(float(score), 4), "n_fit": int(len(fit)),
              "validation_n": int(len(v_labels)),
              "validation_f1": {act: round(_f1(v_labels, pred, k), 4) for k, act in enumerate(LEARNED_ACTS)},
              "validation_accuracy": round(float((pred == v_labels).mean()), 4)}
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / "head.npz", mean=mean, std=std, weight=model.coef_.astype(np.float32),
             bias=model.intercept_.astype(np.float32))
    (out / "config.json").write_text(json.dumps({"kind": "logistic", "classes": list(LEARNED_ACTS),
                                                 "features": "encoder 384 + text-emotion logits 28",
                                                 "data": "DailyDialog acts: inform, commissive -> statement; "
                                                         "question -> question; directive -> request",
                                                 **report}, indent=2) + "\n")
    log.info("act: %s", report)
    return report

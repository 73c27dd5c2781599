"""A team's own labels on top of the shipped encoders: ``CustomLabelClassifier``.

Features of a text are those of the shipped sarcasm and act heads (``empathic.text.heads``):
the sentence encoder's 384-d embedding and the emotion model's 28 logits, both frozen. A
softmax (multinomial logistic) head, numpy only, is trained on them with class-balanced
weights and L2, on a stratified share of the rows; the rest is the held-out report
(per-label precision / recall / F1, macro-F1, beside the majority-label baseline).

    empathic train text --labels my_labels.csv --out my_labels_model
    CustomLabelClassifier.load("my_labels_model").predict(["Where is my refund?"])
"""

from __future__ import annotations

import csv
import json
import threading
import time
from pathlib import Path

import numpy as np

from empathic.errors import DataNotFoundError, InvalidInputError, ModelNotFoundError

MIN_ROWS_PER_LABEL = 5
MAX_LABELS = 200
KIND = "empathic.custom_labels"
_emotion_models: dict = {}
_lock = threading.Lock()


def read_labelled_csv(path: str | Path, text_column: str = "text", label_column: str = "label") -> tuple[list, list]:
    """(texts, labels) of a CSV with a header; every row must have both, else an error names the line."""
    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError(f"{path}: no such file")
    texts, labels = [], []
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in (text_column, label_column) if c not in header]
            if missing:
                raise InvalidInputError(f"{path}: missing column(s) {missing}; the header is {header} "
                                        f"(a labels CSV needs columns {text_column},{label_column})")
            reader.fieldnames = header
            for row in reader:
                line = reader.line_num
                text, label = (row.get(text_column) or "").strip(), (row.get(label_column) or "").strip()
                if not text:
                    raise InvalidInputError(f"{path}: line {line}: column {text_column!r} is empty")
                if not label:
                    raise InvalidInputError(f"{path}: line {line}: column {label_column!r} is empty")
                texts.append(text)
                labels.append(label)
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path}: not valid UTF-8 (byte {exc.start}); save the CSV as UTF-8") from exc
    except csv.Error as exc:
        raise InvalidInputError(f"{path}: malformed CSV ({exc})") from exc
    return texts, labels


def check_labels(labels: list[str], source: str = "the labels") -> list[str]:
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise InvalidInputError(f"{source}: only one label ({classes[0] if classes else 'none'}); "
                                "a classifier needs at least two")
    if len(classes) > MAX_LABELS:
        raise InvalidInputError(f"{source}: {len(classes)} labels; at most {MAX_LABELS}")
    counts = {c: labels.count(c) for c in classes}
    few = {c: n for c, n in counts.items() if n < MIN_ROWS_PER_LABEL}
    if few:
        raise InvalidInputError(f"{source}: too few rows for label(s) {few}; each label needs at least "
                                f"{MIN_ROWS_PER_LABEL} (some for training, some for the held-out report)")
    return classes


def features(texts: list[str], threads: int | None = None) -> np.ndarray:
    """Encoder embedding + emotion logits of each text (each as if run alone: bucketed runs)."""
    from empathic.text.cues import prepare
    from empathic.text.heads import embed_many
    from empathic.text.recognizer import TextEmotionRecognizer

    with _lock:  # one emotion model per thread count, loaded once
        if threads not in _emotion_models:
            _emotion_models[threads] = TextEmotionRecognizer(explain=False, threads=threads).model
        emotion = _emotion_models[threads]
    limit = emotion.max_length - 2
    logits = emotion.run_bucketed([emotion.token_ids(prepare(t).strip() or ".")[:limit] for t in texts])
    return np.hstack([embed_many([t.strip() for t in texts], threads), logits]).astype(np.float32)


class CustomLabelClassifier:
    """A softmax head over frozen encoder features; ``predict`` needs no torch."""

    def __init__(self, classes, mean, std, weight, bias, config: dict | None = None, threads: int | None = None):
        self.classes = tuple(classes)
        self.mean, self.std, self.weight, self.bias = mean, std, weight, bias
        self.config = config or {}
        self.threads = threads

    # training ----------------------------------------------------------------------------------
    @classmethod
    def fit(cls, x: np.ndarray, labels: list[str], classes: list[str], l2: float = 1e-3,
            steps: int = 400, seed: int = 13) -> "CustomLabelClassifier":
        y = np.array([classes.index(label) for label in labels])
        x = x.astype(np.float32)
        mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
        z = (x - mean) / std  # float32 throughout: half the work of float64
        counts = np.maximum(np.bincount(y, minlength=len(classes)), 1)
        sample_weight = (len(y) / (len(classes) * counts))[y]  # balanced: rare labels count as much
        sample_weight = sample_weight.astype(np.float32)
        onehot = np.eye(len(classes), dtype=np.float32)[y]
        rng = np.random.default_rng(seed)
        w = rng.normal(0, 0.01, (len(classes), z.shape[1])).astype(np.float32)
        b = np.zeros(len(classes), dtype=np.float32)
        # full-batch Adam on the weighted cross-entropy (a few seconds for thousands of rows)
        m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
        lr, beta1, beta2 = 0.05, 0.9, 0.999
        for step in range(1, steps + 1):
            p = _softmax(z @ w.T + b)
            g = (p - onehot) * sample_weight[:, None] / sample_weight.sum()
            grad_w, grad_b = g.T @ z + l2 * w, g.sum(axis=0)
            for param, grad, m, v in ((w, grad_w, m_w, v_w), (b, grad_b, m_b, v_b)):
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad ** 2
                param -= lr * (m / (1 - beta1 ** step)) / (np.sqrt(v / (1 - beta2 ** step)) + 1e-8)
        return cls(classes, mean.astype(np.float32), std.astype(np.float32), w.astype(np.float32),
                   b.astype(np.float32))

    # inference ---------------------------------------------------------------------------------
    def probabilities_from_features(self, x: np.ndarray) -> np.ndarray:
        return _softmax(((np.atleast_2d(x) - self.mean) / self.std) @ self.weight.T + self.bias)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Rows of label probabilities, columns in ``classes`` order."""
        texts = _check_texts(texts)
        if not texts:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        return self.probabilities_from_features(features(texts, self.threads))

    def predict(self, texts: list[str]) -> list[str]:
        return [label for label, _ in self.predict_with_confidence(texts)]

    def predict_with_confidence(self, texts: list[str]) -> list[tuple[str, float]]:
        p = self.predict_proba(texts)
        return [(self.classes[int(i)], float(row[int(i)])) for row, i in zip(p, p.argmax(axis=1))]

    # files -------------------------------------------------------------------------------------
    def save(self, folder: str | Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(folder / "head.npz", mean=self.mean, std=self.std, weight=self.weight, bias=self.bias)
        (folder / "config.json").write_text(json.dumps({"kind": KIND, "classes": list(self.classes),
                                                        **self.config}, indent=2))
        return folder

    @classmethod
    def load(cls, folder: str | Path, threads: int | None = None) -> "CustomLabelClassifier":
        folder = Path(folder)
        for name in ("config.json", "head.npz"):
            if not (folder / name).is_file():
                raise ModelNotFoundError(f"{folder}: no {name}; train one with `empathic train text --labels "
                                         f"labels.csv --out {folder}`")
        config = json.loads((folder / "config.json").read_text())
        if config.get("kind") != KIND:
            raise ModelNotFoundError(f"{folder}: not a custom-label model (config kind {config.get('kind')!r})")
        with np.load(folder / "head.npz") as arrays:
            mean, std, weight, bias = (arrays[k] for k in ("mean", "std", "weight", "bias"))
        extra = {k: v for k, v in config.items() if k not in ("kind", "classes")}
        return cls(config["classes"], mean, std, weight, bias, extra, threads)


def train_custom_labels(labels_csv: str | Path, output_dir: str | Path, held_out: float = 0.2,
                        seed: int = 13, threads: int | None = None) -> dict:
    """Train on ``labels_csv`` (columns text,label), write the head to ``output_dir``, return the report."""
    started = time.perf_counter()
    texts, labels = read_labelled_csv(labels_csv)
    classes = check_labels(labels, str(labels_csv))
    if not 0.05 <= held_out <= 0.5:
        raise InvalidInputError("held_out must be between 0.05 and 0.5")
    train_idx, test_idx = stratified_split(labels, held_out, seed)
    x = features(texts, threads)
    featured = time.perf_counter()
    train_labels = [labels[i] for i in train_idx]
    with _one_blas_thread():  # small matrices: BLAS threads only fight over the cores
        l2, cv_scores = choose_l2(x[train_idx], train_labels, classes, seed)
        model = CustomLabelClassifier.fit(x[train_idx], train_labels, classes, l2=l2, seed=seed)
    predicted = [classes[i] for i in model.probabilities_from_features(x[test_idx]).argmax(axis=1)]
    truth = [labels[i] for i in test_idx]
    majority = max(classes, key=lambda c: sum(labels[i] == c for i in train_idx))
    report = {
        "rows": len(texts), "train_rows": len(train_idx), "held_out_rows": len(test_idx), "labels": classes,
        "held_out": per_label_report(truth, predicted, classes),
        "baseline_majority_label": {"label": majority,
                                    **per_label_report(truth, [majority] * len(truth), classes, summary_only=True)},
        "l2": l2, "l2_cross_validated_macro_f1": cv_scores,
        "seconds": {"features": round(featured - started, 1), "total": round(time.perf_counter() - started, 1)},
    }
    model.config = {"source": str(labels_csv), "features": "encoder embedding (384) + emotion logits (28)",
                    "report": report}
    model.save(output_dir)
    report["output"] = str(output_dir)
    return report


L2_GRID = (1e-3, 1e-2, 1e-1, 1.0)
CV_STEPS = 200  # enough to rank the L2 strengths; the final fit takes the full 400


def choose_l2(x: np.ndarray, labels: list[str], classes: list[str], seed: int, folds: int = 3) -> tuple[float, dict]:
    """The L2 strength with the best mean macro-F1 over ``folds`` stratified folds of the
    training rows (the held-out rows are never looked at)."""
    rng = np.random.default_rng(seed)
    fold_of = np.zeros(len(labels), dtype=int)
    for label in classes:
        rows = np.array([i for i, l in enumerate(labels) if l == label])
        rng.shuffle(rows)
        fold_of[rows] = np.arange(len(rows)) % folds
    scores = {}
    for l2 in L2_GRID:
        f1s = []
        for k in range(folds):
            fit_rows, check_rows = np.where(fold_of != k)[0], np.where(fold_of == k)[0]
            model = CustomLabelClassifier.fit(x[fit_rows], [labels[i] for i in fit_rows], classes, l2=l2,
                                              steps=CV_STEPS, seed=seed)
            guess = [classes[i] for i in model.probabilities_from_features(x[check_rows]).argmax(axis=1)]
            f1s.append(per_label_report([labels[i] for i in check_rows], guess, classes, summary_only=True)["macro_f1"])
        scores[l2] = round(float(np.mean(f1s)), 3)
    return max(scores, key=scores.get), {str(k): v for k, v in scores.items()}


def stratified_split(labels: list[str], held_out: float, seed: int) -> tuple[list[int], list[int]]:
    """Indices (train, held out): each label keeps ``held_out`` of its rows aside (at least one)."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for label in sorted(set(labels)):
        rows = np.array([i for i, l in enumerate(labels) if l == label])
        rng.shuffle(rows)
        n_test = max(1, int(round(len(rows) * held_out)))
        test += rows[:n_test].tolist()
        train += rows[n_test:].tolist()
    return sorted(train), sorted(test)


def per_label_report(truth: list[str], predicted: list[str], classes: list[str], summary_only: bool = False) -> dict:
    per_label = {}
    for c in classes:
        tp = sum(t == c and p == c for t, p in zip(truth, predicted))
        fp = sum(t != c and p == c for t, p in zip(truth, predicted))
        fn = sum(t == c and p != c for t, p in zip(truth, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[c] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                        "support": tp + fn}
    out = {"macro_f1": round(float(np.mean([v["f1"] for v in per_label.values()])), 3),
           "accuracy": round(sum(t == p for t, p in zip(truth, predicted)) / max(1, len(truth)), 3)}
    if not summary_only:
        out["per_label"] = per_label
    return out


def format_report(report: dict) -> str:
    lines = [f"{report['rows']} rows, {len(report['labels'])} labels: trained on {report['train_rows']}, "
             f"held out {report['held_out_rows']} ({report['seconds']['total']} s)",
             f"{'label':24} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for label, v in report["held_out"]["per_label"].items():
        lines.append(f"{label[:24]:24} {v['precision']:9.3f} {v['recall']:7.3f} {v['f1']:6.3f} {v['support']:8d}")
    base = report["baseline_majority_label"]
    lines += [f"macro-F1 {report['held_out']['macro_f1']:.3f}, accuracy {report['held_out']['accuracy']:.3f} "
              f"(majority label '{base['label']}': macro-F1 {base['macro_f1']:.3f}, accuracy {base['accuracy']:.3f})",
              f"written to {report['output']}"]
    return "\n".join(lines)


def _one_blas_thread():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # not installed: BLAS keeps its default
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def _check_texts(texts) -> list[str]:
    if isinstance(texts, str) or not isinstance(texts, (list, tuple)):
        raise InvalidInputError("predict expects a list of strings")
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise InvalidInputError(f"text must be a str, got {type(t).__name__} (item {i})")
        if not t.strip():
            raise InvalidInputError(f"text is empty or whitespace only (item {i})")
    return list(texts)

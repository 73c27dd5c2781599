"""``TextEmotionRecognizer``: 28 GoEmotions labels from text, offline, no torch.

Long texts are read in overlapping windows of the encoder's 128-token limit:
an emotion label scores its highest value over the windows (it is present if
any part expresses it), ``neutral`` its lowest (the text is neutral only if
every part is). Nothing is truncated silently; the window count is reported.

Empty or whitespace-only text raises ``InvalidInputError``: there is nothing to
read, and a made-up neutral reading would be indistinguishable from a real one.
"""

from __future__ import annotations

import json
import re
import threading
from importlib import resources
from pathlib import Path

import numpy as np

from empathic.errors import InvalidInputError
from empathic.labels import GOEMOTIONS_LABELS, circumplex_point
from empathic.reading import EmotionReading, Evidence
from empathic.text.cues import arousal_boost, find_cues, prepare, standardize_slang, strip_laughter
from empathic.text import language as languages
from empathic.text import pragmatics
from empathic.text.heads import embed_many, head
from empathic.text.multilingual import MultilingualEmotionModel, multilingual_reading
from empathic.text.onnx_model import OnnxTextModel

MAX_CHARS = 100_000
WINDOW = 128
STRIDE = 96  # windows overlap by a quarter so no phrase is cut in both
NEUTRAL = GOEMOTIONS_LABELS.index("neutral")
# Function words are not tried as evidence: they rarely carry the emotion and each costs a row.
STOPWORDS = {"the", "a", "an", "and", "or", "to", "of", "in", "on", "at", "for", "with", "is", "are", "was", "were",
             "be", "it", "this", "that", "i", "you", "he", "she", "we", "they", "my", "your", "me", "as", "by", "from"}


def default_model_dir() -> Path:
    return Path(str(resources.files("empathic") / "models" / "text"))


class TextEmotionRecognizer:
    """Reads expressed emotion from text.

    ``explain=True`` adds word-level evidence by occlusion: each word is removed
    in turn and the drop of the main label's logit is its weight. It costs one
    extra batched forward pass per text.

    ``pragmatics=False`` leaves out sarcasm, dialogue act and language (those fields are
    None) and their adjustments of the scores: one encoder pass per text instead of two.

    ``bucketed=True`` lets ``recognize_batch`` run texts of one token length together through a
    per-row quantised copy of the models (``empathic.text.rowwise``; built once into
    ``~/.cache/empathic``, needs the ``onnx`` package of extra ``batch``): several times the
    throughput, every score within 1e-3 of the text read alone (measured max 1.4e-4).

    ``multilingual=True`` (the default, when the ``multilingual`` extra is installed): a text whose
    language is clearly not English (``empathic.text.language``) is read by the multilingual model
    (six Ekman emotions and neutral, ``empathic.text.multilingual``; its ``language`` is always set).
    English text, text with no letters, and everything when the extra is missing, read as before.
    """

    def __init__(self, model_dir: str | Path | None = None, *, explain: bool = True,
                 threads: int | None = None, pragmatics: bool = True, bucketed: bool = False,
                 multilingual: bool = True, multilingual_dir: str | Path | None = None):
        self.pragmatics = pragmatics
        self.bucketed = bucketed
        self.multilingual = multilingual and MultilingualEmotionModel.available(multilingual_dir)
        self.multilingual_model = MultilingualEmotionModel(multilingual_dir, threads or 1)
        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        self.explain = explain
        self.threads = threads
        self._model: OnnxTextModel | None = None
        self._lock = threading.Lock()

    # loading ---------------------------------------------------------------
    def load(self) -> "TextEmotionRecognizer":
        with self._lock:
            if self._model is None:
                config = json.loads((self.model_dir / "config.json").read_text())
                self.labels = tuple(config["labels"])
                self.thresholds = np.asarray(config["thresholds"], dtype=np.float32)
                self.temperature = float(config["temperature"])
                self._model = OnnxTextModel(self.model_dir / "model.onnx",
                                            self.model_dir / "tokenizer.json",
                                            WINDOW, self.threads)
        return self

    @property
    def model(self) -> OnnxTextModel:
        return self.load()._model  # type: ignore[return-value]

    # public API ------------------------------------------------------------
    def recognize(self, text: str, context: list | None = None) -> EmotionReading:
        """Reading of ``text``; ``context`` = the previous turns, oldest first
        (strings or ``{"speaker", "text"}`` dicts)."""
        return self.recognize_batch([text], None if context is None else [context])[0]

    def recognize_batch(self, texts: list[str], contexts: list | None = None,
                        batch_size: int = 64) -> list[EmotionReading]:
        """Readings for many texts, in input order.

        Each window of each text runs through the model on its own, so a text reads
        exactly the same alone or in any batch: int8 dynamic quantisation scales
        activations per batch tensor, and padded batches of mixed texts moved scores by
        up to 0.30. With ``bucketed=True`` windows of one token length share a run of a
        per-row quantised copy of the model (no padding, one scale per row), which keeps
        that promise within float rounding. ``batch_size`` bounds the rows of one run."""
        if isinstance(texts, str) or not isinstance(texts, (list, tuple)):
            raise InvalidInputError("recognize_batch expects a list of strings")
        if batch_size < 1:
            raise InvalidInputError("batch_size must be at least 1")
        cleaned = [self._check(t, i if len(texts) > 1 else None) for i, t in enumerate(texts)]
        if contexts is None:
            contexts = [None] * len(texts)
        elif isinstance(contexts, (str, bytes, dict)) or not isinstance(contexts, (list, tuple)):
            raise InvalidInputError(f"contexts must be a list with one context per text, got {type(contexts).__name__}")
        elif len(contexts) != len(texts):
            raise InvalidInputError(f"contexts has {len(contexts)} entries for {len(texts)} texts; give one per text")
        turns = [_check_context(c, i if len(texts) > 1 else None) for i, c in enumerate(contexts)]
        readings: list = [None] * len(texts)
        guesses: list = [None] * len(texts)
        if self.multilingual:
            for i, (original, context) in enumerate(zip(texts, turns)):
                guesses[i] = languages.identify(original, [t for _, t in context.turns] if context else None)
                if guesses[i].language != languages.ENGLISH:
                    readings[i] = multilingual_reading(self.multilingual_model, original, guesses[i], self.pragmatics)
        english = [i for i in range(len(texts)) if readings[i] is None]
        if not english:
            return readings
        model = self.model
        windows = [self._windows(model.token_ids(cleaned[i])) for i in english]
        embeddings: list = [None] * len(english)
        if self.bucketed and len(english) > 1:
            flat = model.run_bucketed([w for text_windows in windows for w in text_windows], batch_size)
            bounds = np.cumsum([0] + [len(w) for w in windows])
            logits = [flat[bounds[k]:bounds[k + 1]] for k in range(len(english))]
            if self.pragmatics and (head("sarcasm") is not None or head("act") is not None):
                embeddings = list(embed_many([texts[i].strip() for i in english], self.threads))
        else:
            logits = [np.vstack([model.run_ids([w]) for w in text_windows]) for text_windows in windows]
        for k, i in enumerate(english):
            readings[i] = self._reading(texts[i], cleaned[i], logits[k], turns[i], embeddings[k], guesses[i])
        return readings
    # internals -------------------------------------------------------------
    @staticmethod
    def _check(text, index: int | None) -> str:
        where = f" (item {index})" if index is not None else ""
        if not isinstance(text, str):
            raise InvalidInputError(f"text must be a str, got {type(text).__name__}{where}")
        if len(text) > MAX_CHARS:
            raise InvalidInputError(f"text is {len(text)} characters{where}; the limit is {MAX_CHARS}")
        if not text.strip():
            raise InvalidInputError(f"text is empty or whitespace only{where}")
        return standardize_slang(strip_laughter(prepare(text))).strip()

    @staticmethod
    def _windows(ids: list[int]) -> list[list[int]]:
        size = WINDOW - 2
        if len(ids) <= size:
            return [ids]
        starts = range(0, len(ids) - size + STRIDE, STRIDE)
        return [ids[s:s + size] for s in starts if s < len(ids)]

    def _reading(self, original: str, text: str, window_logits: np.ndarray,
                 context: "pragmatics.Context | None" = None, embedding: np.ndarray | None = None,
                 guess=None) -> EmotionReading:
        probs = 1 / (1 + np.exp(-window_logits))
        combined = probs.max(axis=0)
        combined[NEUTRAL] = probs[:, NEUTRAL].min()
        calibrated = 1 / (1 + np.exp(-window_logits / self.temperature))
        calibrated_combined = calibrated.max(axis=0)
        calibrated_combined[NEUTRAL] = calibrated[:, NEUTRAL].min()
        model_top = int(np.argmax(combined))
        confidence = float(calibrated_combined[model_top])

        cues = find_cues(original)
        # sarcasm, dialogue act, language and their adjustments of the scores (empathic.text.pragmatics)
        extra = (pragmatics.perceive(self, original, text, window_logits[0], combined, cues, context, embedding,
                                     guess)
                 if self.pragmatics else pragmatics.Extra(scores=combined))
        combined = extra.scores
        scores = {label: round(float(p), 4) for label, p in zip(self.labels, combined)}
        present = [int(i) for i in np.argsort(-combined) if combined[i] >= self.thresholds[i]]
        labels = [self.labels[i] for i in present] or ["neutral"]
        top = int(np.argmax(combined))

        valence, arousal = circumplex_point(scores)
        arousal = min(1.0, arousal + arousal_boost(cues))
        if top != model_top:  # an adjusted reading: the model's calibration no longer applies
            confidence = min(confidence, float(combined[top]) * 0.8)
        if any(c.name == "sarcasm" for c in cues) and scores.get("neutral", 0) < 0.5:
            confidence *= 0.8  # literal words may mean the opposite
        if extra.confidence_cap is not None:
            confidence = min(confidence, extra.confidence_cap)
        evidence = [Evidence("cue", c.name, 1.0, c.text) for c in cues] + list(extra.evidence)
        if len(window_logits) > 1:
            evidence.append(Evidence("cue", "windows", float(len(window_logits)),
                                     f"read in {len(window_logits)} overlapping windows"))
        if self.explain and top != NEUTRAL and top == model_top:
            evidence = self._word_evidence(text, top) + evidence
        return EmotionReading(
            modality="text", scores=scores, labels=labels, top=self.labels[top],
            valence=round(float(valence), 4), arousal=round(float(arousal), 4),
            confidence=round(confidence, 4), evidence=tuple(evidence),
            sarcasm=extra.sarcasm, act=extra.act, language=extra.language)

    def _word_evidence(self, text: str, label: int, limit: int = 5) -> list[Evidence]:
        """Occlusion: the drop of the label's logit when each word is removed."""
        encoding = self.model.encode(text)
        ids = encoding.ids[: WINDOW - 2]
        words = [w for w in _word_spans(text, encoding, len(ids)) if w[0].lower() not in STOPWORDS]
        if not 2 <= len(words) <= 40:  # one word explains itself; long texts cost too much
            return []
        variants = [ids] + [ids[:a] + ids[b:] for _, a, b in words]
        logits = self.model.run_ids(variants)[:, label]
        drops = logits[0] - logits[1:]
        ranked = sorted(zip(words, drops), key=lambda pair: -pair[1])
        return [Evidence("token", word, round(float(drop), 3), "removing it lowers the score")
                for (word, _, _), drop in ranked[:limit] if drop > 0.05]


def _word_spans(text: str, encoding, n_ids: int) -> list[tuple[str, int, int]]:
    """(word, first token, end token) for each word of an encoding, punctuation left out."""
    spans: dict[int, list[int]] = {}
    for position, word_id in enumerate(encoding.word_ids[:n_ids]):
        if word_id is not None:
            spans.setdefault(word_id, []).append(position)
    words = []
    for positions in spans.values():
        word = text[encoding.offsets[positions[0]][0]:encoding.offsets[positions[-1]][1]]
        if re.search(r"\w", word):
            words.append((word, positions[0], positions[-1] + 1))
    return words


def _check_context(context, index: int | None) -> "pragmatics.Context | None":
    """Previous turns as (speaker, text) pairs, newest 10 kept; a clear error otherwise."""
    where = f" (context of item {index})" if index is not None else ""
    if context is None:
        return None
    if isinstance(context, (str, bytes, dict)) or not isinstance(context, (list, tuple)):
        raise InvalidInputError(
            f"context must be a list of previous turns (strings or {{'speaker', 'text'}} dicts), "
            f"got {type(context).__name__}{where}")
    pairs = []
    for position, item in enumerate(context):
        if isinstance(item, str):
            pairs.append(("", item))
        elif isinstance(item, dict):
            if not isinstance(item.get("text"), str):
                raise InvalidInputError(f"context turn {position} has no 'text' string{where}")
            speaker = item.get("speaker", "")
            if speaker is not None and not isinstance(speaker, str):
                raise InvalidInputError(f"context turn {position}: 'speaker' must be a string{where}")
            pairs.append((speaker or "", item["text"]))
        else:
            raise InvalidInputError(
                f"context turn {position} is a {type(item).__name__}; each turn must be a string or a "
                f"{{'speaker', 'text'}} dict{where}")
        if len(pairs[-1][1]) > MAX_CHARS:
            raise InvalidInputError(f"context turn {position} is over {MAX_CHARS} characters{where}")
    dropped = max(0, len(pairs) - pragmatics.MAX_CONTEXT)
    return pragmatics.Context(tuple(pairs[dropped:]), dropped)

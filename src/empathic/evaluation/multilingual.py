"""``empathic eval multilingual``: six-emotion macro-F1 per language, beside the English-only model.

* BRIGHTER track A dev, every language: the multilingual head (``models/multilingual``) beside the
  English-only 28-label model (labels grouped to Ekman's six with the GoEmotions mapping; a text reads
  an emotion when any of its labels is in that group). Macro-F1 is over the emotions that have at least
  one positive in that language's dev set (English has no disgust column).
* EmoEvent Spanish dev (one label a tweet, ``others`` = none of the six), same macro-F1.
* XED projections, the held-out 15 % slice (never trained on; a fixed 600 rows a language), for fr and
  it (not in BRIGHTER) and de, es, pt, ru. Projected labels are noisy (subtitles aligned to English ones).
* Speed: the multilingual path per utterance (language identification + encoder + head), one thread.

Thresholds come from the training run's tuning fold (a tenth of the training rows): nothing here is
tuned on dev.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from empathic.datasets.multilingual import (BRIGHTER_ISO, BRIGHTER_LANGUAGES, EMOTIONS, Examples, load_brighter,
                                            load_emoevent, load_xed)
from empathic.labels import EKMAN_GROUPS

TARGET_LANGUAGES = ("es", "de", "fr", "pt", "it", "ru", "zh")
XED_LANGUAGES = ("fr", "it", "de", "es", "pt", "ru")
XED_PER_LANGUAGE = 600  # a fixed random 600 of each held-out projection slice
_TO_EKMAN = {label: group for group, members in EKMAN_GROUPS.items() for label in members}


@dataclass
class Row:
    name: str
    iso: str
    n: int
    ours: float
    english_only: float | None = None


@dataclass
class Report:
    brighter: list[Row] = field(default_factory=list)
    other: list[Row] = field(default_factory=list)
    speed_ms_p50: float | None = None
    speed_texts: int = 0
    english: dict = field(default_factory=dict)

    @property
    def mean_ours(self) -> float:
        return float(np.mean([r.ours for r in self.brighter]))

    @property
    def mean_english_only(self) -> float | None:
        values = [r.english_only for r in self.brighter if r.english_only is not None]
        return float(np.mean(values)) if values else None


def macro_f1(predicted: np.ndarray, targets: np.ndarray) -> float:
    """Mean F1 over the emotions with a known column and at least one positive."""
    scores = []
    for j in range(targets.shape[1]):
        known = targets[:, j] >= 0
        gold = targets[known, j] == 1
        if not known.any() or not gold.any():
            continue
        pred = predicted[known, j]
        scores.append(2 * float(np.sum(pred & gold)) / float(pred.sum() + gold.sum()))
    return float(np.mean(scores)) if scores else 0.0


def head_predictions(model, examples: Examples, iso: str) -> np.ndarray:
    """The head's six-emotion decisions with the thresholds the product uses for language ``iso``
    (batched encoding: equal to one text at a time within 1e-6)."""
    from empathic.training.multilingual import encode_cached

    head = model.head
    vectors = encode_cached(examples.texts)
    return head.probabilities(examples.texts, vectors, iso) >= head.thresholds_for(iso)


def english_only_predictions(recognizer, texts: list[str]) -> np.ndarray:
    readings = recognizer.recognize_batch(texts)
    return np.array([[any(_TO_EKMAN.get(l) == e for l in r.labels) for e in EMOTIONS] for r in readings])


def speed(model, texts: list[str]) -> float:
    """p50 milliseconds of language identification + a multilingual reading, one text at a time."""
    from empathic.text.language import identify
    from empathic.text.multilingual import multilingual_reading

    multilingual_reading(model, texts[0], identify(texts[0]))  # load
    times = []
    for text in texts:
        started = time.perf_counter()
        multilingual_reading(model, text, identify(text))
        times.append(time.perf_counter() - started)
    return float(np.median(times) * 1000)


def evaluate_multilingual(model=None, english_recognizer=None, languages=BRIGHTER_LANGUAGES,
                          limit: int | None = None, speed_texts: int = 200) -> Report:
    """``english_recognizer``: the English-only model (None skips its column); ``limit``: first N rows
    of each dev set."""
    from empathic.text.multilingual import MultilingualEmotionModel

    model = model or MultilingualEmotionModel()
    report = Report()

    def row(name: str, iso: str, examples: Examples) -> Row:
        if limit:
            for key in ("texts", "languages", "sources", "targets"):
                setattr(examples, key, getattr(examples, key)[:limit])
        targets = examples.matrix
        result = Row(name, iso, len(examples), macro_f1(head_predictions(model, examples, iso), targets))
        if english_recognizer is not None:
            result.english_only = macro_f1(english_only_predictions(english_recognizer, examples.texts), targets)
        return result

    for code in languages:
        report.brighter.append(row(f"BRIGHTER {code}", BRIGHTER_ISO[code], load_brighter("dev", [code])))
    report.other.append(row("EmoEvent es", "es", load_emoevent("es", "dev")))
    xed = load_xed("dev", languages=XED_LANGUAGES, per_language=XED_PER_LANGUAGE)
    for iso in XED_LANGUAGES:
        part = Examples()
        for text, language, source, target in zip(xed.texts, xed.languages, xed.sources, xed.targets):
            if language == iso:
                part.add(text, language, source, target)
        report.other.append(row(f"XED held-out {iso}", iso, part))
    if speed_texts:
        sample = load_brighter("dev", ["esp", "deu", "rus"]).texts
        report.speed_texts = min(speed_texts, len(sample))
        report.speed_ms_p50 = speed(model, sample[:report.speed_texts])
    return report


def format_report(report: Report) -> str:
    def cell(value):
        return "-" if value is None else f"{value:.3f}"

    lines = ["Multilingual text emotion: six-emotion macro-F1 (anger, disgust, fear, joy, sadness, surprise; "
             "emotions with a positive in the set)",
             f"{'set':24} {'iso':4} {'n':>5} {'multilingual':>12} {'English-only':>12}"]
    for r in report.brighter + report.other:
        lines.append(f"{r.name:24} {r.iso:4} {r.n:>5} {r.ours:>12.3f} {cell(r.english_only):>12}")
    lines.append(f"{'BRIGHTER mean':24} {'':4} {len(report.brighter):>5} {report.mean_ours:>12.3f} "
                 f"{cell(report.mean_english_only):>12}")
    by_iso = {}
    for r in report.brighter + [r for r in report.other if r.name.startswith("XED")]:
        by_iso.setdefault(r.iso, r)  # BRIGHTER first; XED where BRIGHTER has no such language (fr, it)
    targets = ", ".join(f"{iso} {by_iso[iso].ours:.3f} ({by_iso[iso].name.split()[0]})"
                        for iso in TARGET_LANGUAGES if iso in by_iso)
    lines.append(f"target languages: {targets}")
    lines.append(f"targets: BRIGHTER mean >= 0.45 ({'met' if report.mean_ours >= 0.45 else 'NOT met'}); "
                 f">= 0.55 on each of {', '.join(TARGET_LANGUAGES)}: "
                 + ", ".join(f"{iso} {'met' if by_iso[iso].ours >= 0.55 else 'NOT met'}"
                             for iso in TARGET_LANGUAGES if iso in by_iso))
    if report.speed_ms_p50 is not None:
        lines.append(f"speed: {report.speed_ms_p50:.1f} ms p50 per utterance (language identification + "
                     f"encoder + head, one thread, {report.speed_texts} BRIGHTER es/de/ru dev texts)")
    return "\n".join(lines)

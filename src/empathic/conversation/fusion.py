"""Fusion of per-modality readings into one ``fused`` reading.

Each modality has its own label set (28 GoEmotions labels for text, 8 RAVDESS
for voice, 7 FER for face), so fusion happens in the shared Ekman space (six
basic emotions + neutral) plus valence and arousal. Each modality is weighted
by its confidence; agreement is the weighted mean cosine similarity between a
modality's Ekman distribution and the fused one. When the words are positive
but a confident voice or face reads negative, the fused reading follows the
non-verbal signal and says so in its evidence (a shaky "I'm fine").
"""

from __future__ import annotations

import numpy as np

from empathic.errors import InvalidInputError
from empathic.reading import EmotionReading, Evidence

EKMAN = ("anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral")
VOICE_TO_EKMAN = {"neutral": "neutral", "calm": "neutral", "happy": "joy", "sad": "sadness", "angry": "anger",
                  "fearful": "fear", "disgust": "disgust", "surprised": "surprise"}
FACE_TO_EKMAN = {"angry": "anger", "disgust": "disgust", "fear": "fear", "happy": "joy", "neutral": "neutral",
                 "sad": "sadness", "surprise": "surprise"}
# Non-verbal channels are harder to fake than words: a small prior weight on top of confidence.
MODALITY_PRIOR = {"text": 1.0, "voice": 1.2, "face": 1.1}
# Positive words over a confidently negative voice or face ("I'm fine", shakily) count for little.
INCONGRUENT_TEXT_WEIGHT = 0.25


def ekman_distribution(reading: EmotionReading) -> np.ndarray:
    if reading.modality == "text":
        scores = reading.ekman()
    else:
        mapping = VOICE_TO_EKMAN if reading.modality == "voice" else FACE_TO_EKMAN
        scores = dict.fromkeys(EKMAN, 0.0)
        for label, p in reading.scores.items():
            if label in mapping:
                scores[mapping[label]] += p
    vector = np.array([scores.get(e, 0.0) for e in EKMAN], dtype=np.float64)
    total = vector.sum()
    return vector / total if total > 0 else np.eye(len(EKMAN))[EKMAN.index("neutral")]


def fuse(readings: dict[str, EmotionReading]) -> EmotionReading:
    if not readings:
        raise InvalidInputError("fusion needs at least one reading")
    names = list(readings)
    text = readings.get("text")
    others = [readings[m] for m in names if m != "text"]
    incongruent = bool(text and others and text.valence > 0.1
                       and any(o.valence < -0.2 and o.confidence >= 0.4 for o in others))
    weights = np.array([max(readings[m].confidence, 0.05) * MODALITY_PRIOR.get(m, 1.0)
                        * (INCONGRUENT_TEXT_WEIGHT if incongruent and m == "text" else 1.0) for m in names])
    weights /= weights.sum()
    distributions = np.stack([ekman_distribution(readings[m]) for m in names])
    fused = weights @ distributions
    valence = float(weights @ np.array([readings[m].valence for m in names]))
    arousal = float(weights @ np.array([readings[m].arousal for m in names]))
    cosines = distributions @ fused / (np.linalg.norm(distributions, axis=1) * np.linalg.norm(fused) + 1e-9)
    agreement = float(weights @ cosines)
    evidence = [Evidence("modality", m, round(float(w), 3),
                         f"{readings[m].top} ({readings[m].confidence:.2f} confidence)") for m, w in zip(names, weights)]
    evidence.append(Evidence("agreement", "modalities", round(agreement, 3),
                             "how far the modalities agree (1 = fully)"))
    if incongruent:
        evidence.append(Evidence("cue", "incongruence", 1.0,
                                 "the words sound positive but the voice or face reads negative"))
        valence = min(valence, min(o.valence for o in others if o.confidence >= 0.4))
    top = EKMAN[int(fused.argmax())]
    scores = {e: round(float(p), 4) for e, p in zip(EKMAN, fused)}
    labels = [e for e in sorted(scores, key=scores.get, reverse=True) if scores[e] >= 0.25] or [top]
    confidence = float(weights @ np.array([readings[m].confidence for m in names])) * (0.5 + 0.5 * agreement)
    return EmotionReading("fused", scores, labels, top, round(valence, 4), round(arousal, 4),
                          round(min(confidence, 1.0), 4), tuple(evidence),
                          language=text.language if text is not None else None)  # what the words were written in

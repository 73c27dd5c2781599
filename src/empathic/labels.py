"""Emotion label sets, coarse groupings and the valence/arousal map.

The 28 GoEmotions labels are the text model's output space. Coarse groupings
follow Demszky et al. 2020 (``ekman_mapping.json`` and ``sentiment_mapping.json``
of the GoEmotions repository).
"""

from __future__ import annotations

GOEMOTIONS_LABELS: tuple[str, ...] = (
    "admiration", "amusement", "anger", "annoyance", "approval", "caring",
    "confusion", "curiosity", "desire", "disappointment", "disapproval",
    "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief",
    "joy", "love", "nervousness", "optimism", "pride", "realization",
    "relief", "remorse", "sadness", "surprise", "neutral",
)

# The 8 support strategies of ESConv (Liu et al. 2021), as named in the public contract
# (architecture.md): ``ResponsePlan.strategy`` is always one of them.
STRATEGIES: tuple[str, ...] = (
    "Question", "Restatement or Paraphrasing", "Reflection of feelings", "Self-disclosure",
    "Affirmation and Reassurance", "Providing Suggestions", "Information", "Others",
)

# FER2013's 7 expressions (face model output) and RAVDESS's 8 (voice model output).
FER_LABELS: tuple[str, ...] = ("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise")
VOICE_LABELS: tuple[str, ...] = ("neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised")

EKMAN_GROUPS: dict[str, tuple[str, ...]] = {
    "anger": ("anger", "annoyance", "disapproval"),
    "disgust": ("disgust",),
    "fear": ("fear", "nervousness"),
    "joy": ("joy", "amusement", "approval", "excitement", "gratitude", "love",
            "optimism", "relief", "pride", "admiration", "desire", "caring"),
    "sadness": ("sadness", "disappointment", "embarrassment", "grief", "remorse"),
    "surprise": ("surprise", "realization", "confusion", "curiosity"),
    "neutral": ("neutral",),
}

SENTIMENT_GROUPS: dict[str, tuple[str, ...]] = {
    "positive": ("amusement", "excitement", "joy", "love", "desire", "optimism",
                 "caring", "pride", "admiration", "gratitude", "relief", "approval"),
    "negative": ("fear", "nervousness", "remorse", "embarrassment", "disappointment",
                 "sadness", "grief", "disgust", "anger", "annoyance", "disapproval"),
    "ambiguous": ("realization", "surprise", "curiosity", "confusion"),
    "neutral": ("neutral",),
}

# Valence in [-1, 1] and arousal in [0, 1] per label: the project's own placement
# on Russell's circumplex (1980), rounded to 0.05. A reading's valence/arousal is
# the score-weighted mean of these points, so it moves smoothly with the scores.
CIRCUMPLEX: dict[str, tuple[float, float]] = {
    "admiration": (0.70, 0.50), "amusement": (0.75, 0.65), "anger": (-0.75, 0.85),
    "annoyance": (-0.55, 0.65), "approval": (0.55, 0.35), "caring": (0.60, 0.35),
    "confusion": (-0.20, 0.50), "curiosity": (0.25, 0.55), "desire": (0.45, 0.65),
    "disappointment": (-0.60, 0.35), "disapproval": (-0.50, 0.45),
    "disgust": (-0.75, 0.60), "embarrassment": (-0.50, 0.60),
    "excitement": (0.80, 0.90), "fear": (-0.75, 0.80), "gratitude": (0.80, 0.45),
    "grief": (-0.90, 0.40), "joy": (0.85, 0.70), "love": (0.85, 0.55),
    "nervousness": (-0.50, 0.75), "optimism": (0.65, 0.50), "pride": (0.70, 0.60),
    "realization": (0.05, 0.45), "relief": (0.60, 0.25), "remorse": (-0.65, 0.40),
    "sadness": (-0.80, 0.25), "surprise": (0.15, 0.80), "neutral": (0.00, 0.20),
}
# The face and voice labels placed on the same circumplex as their GoEmotions namesakes.
FACE_CIRCUMPLEX = {"angry": CIRCUMPLEX["anger"], "disgust": CIRCUMPLEX["disgust"], "fear": CIRCUMPLEX["fear"],
                   "happy": CIRCUMPLEX["joy"], "neutral": CIRCUMPLEX["neutral"], "sad": CIRCUMPLEX["sadness"],
                   "surprise": CIRCUMPLEX["surprise"]}
VOICE_CIRCUMPLEX = {**{k: FACE_CIRCUMPLEX[k] for k in ("neutral", "happy", "sad", "angry", "disgust")},
                    "calm": (0.30, 0.10), "fearful": CIRCUMPLEX["fear"], "surprised": CIRCUMPLEX["surprise"]}


def group_scores(scores: dict[str, float], groups: dict[str, tuple[str, ...]]) -> dict[str, float]:
    """Score of each coarse group: the highest score among its member labels."""
    return {group: max(scores.get(label, 0.0) for label in members)
            for group, members in groups.items()}


def circumplex_point(scores: dict[str, float], table: dict[str, tuple[float, float]] = CIRCUMPLEX
                     ) -> tuple[float, float]:
    """Score-weighted valence and arousal of a set of label scores."""
    total = sum(scores.get(label, 0.0) for label in table)
    if total <= 0:
        return table["neutral"]
    valence = sum(scores.get(k, 0.0) * v for k, (v, _) in table.items()) / total
    arousal = sum(scores.get(k, 0.0) * a for k, (_, a) in table.items()) / total
    return valence, arousal

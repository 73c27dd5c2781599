"""Per-turn readings for insights: the shipped text emotion recognizer on every user turn, and the
crisis detector's rule signals (the meaning-level check costs an encoder pass per sentence and is
left out here for speed; the report says so)."""

from __future__ import annotations

from dataclasses import dataclass

from empathic.insights.loading import Conversation

ANGER_LABELS = ("anger", "annoyance")


@dataclass(frozen=True)
class TurnReading:
    valence: float  # -1 .. 1
    arousal: float  # 0 .. 1
    anger: float  # the larger of the anger and annoyance scores
    top: str  # the strongest label
    crisis: str  # crisis-signal level of the turn's own words: none, low, moderate, high, imminent


def read_conversations(conversations: list[Conversation], recognizer=None, detector=None,
                       progress=None) -> list[list[TurnReading]]:
    """One reading per user turn of each conversation, in order. Identical texts are read once."""
    from empathic.safety.crisis import CrisisDetector
    from empathic.safety.patterns import LEVEL_NAMES
    from empathic.text.recognizer import TextEmotionRecognizer

    recognizer = recognizer or TextEmotionRecognizer(explain=False, pragmatics=False)
    detector = detector or CrisisDetector(semantic=False)
    unique = list(dict.fromkeys(t.text for c in conversations for t in c.user_turns))
    by_text: dict[str, TurnReading] = {}
    chunk = 256
    for start in range(0, len(unique), chunk):
        texts = unique[start:start + chunk]
        for text, reading in zip(texts, recognizer.recognize_batch(texts)):
            rank = max((s["rank"] for s in detector.turn_signals(text)), default=0)
            by_text[text] = TurnReading(reading.valence, reading.arousal,
                                        max(reading.scores.get(label, 0.0) for label in ANGER_LABELS),
                                        reading.top, LEVEL_NAMES[rank])
        if progress:
            progress(min(start + chunk, len(unique)), len(unique))
    return [[by_text[t.text] for t in c.user_turns] for c in conversations]

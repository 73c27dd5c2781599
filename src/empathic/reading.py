"""``EmotionReading``: what every recognizer returns, and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from empathic.labels import EKMAN_GROUPS, SENTIMENT_GROUPS, group_scores

MODALITIES = ("text", "voice", "face", "fused")


@dataclass(frozen=True)
class Evidence:
    """One reason behind a reading.

    ``kind`` is ``token`` (a word whose removal lowers the main label's score by
    ``weight``), ``cue`` (a surface cue such as negation, an intensifier, an
    emoji or a sarcasm marker), ``acoustic`` or ``region`` for voice and face.
    """

    kind: str
    name: str
    weight: float
    detail: str = ""


@dataclass(frozen=True)
class EmotionReading:
    """An estimate of the emotion a person expresses, never a statement of what
    they feel. ``scores`` are per-label probabilities; ``labels`` those above
    their calibrated thresholds, most likely first (``["neutral"]`` if none)."""

    modality: str
    scores: dict[str, float]
    labels: list[str]
    top: str
    valence: float
    arousal: float
    confidence: float
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    #: probability that a text is sarcastic or ironic (text readings; None elsewhere)
    sarcasm: float | None = None
    #: dialogue act of a text turn: statement, question, request, complaint, thanks, greeting,
    #: goodbye, handoff_request, advice_request or correction (None elsewhere)
    act: str | None = None
    #: ISO 639-1 language of a text turn (also on the fused reading of a turn with words; None elsewhere)
    language: str | None = None

    def __post_init__(self):
        if self.modality not in MODALITIES:
            raise ValueError(f"modality must be one of {MODALITIES}, got {self.modality!r}")

    def ekman(self) -> dict[str, float]:
        """Scores grouped into Ekman's six basic emotions plus neutral."""
        return group_scores(self.scores, EKMAN_GROUPS)

    def sentiment(self) -> dict[str, float]:
        """Scores grouped into positive, negative, ambiguous and neutral."""
        return group_scores(self.scores, SENTIMENT_GROUPS)

    def top_scores(self, k: int = 3) -> list[tuple[str, float]]:
        return sorted(self.scores.items(), key=lambda kv: -kv[1])[:k]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["evidence"] = [asdict(e) for e in self.evidence]
        return data

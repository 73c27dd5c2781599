"""Conversation state: the emotional trajectory, shifts, escalation and topics.

Valence and arousal are smoothed with an exponential moving average so one
odd turn does not swing the agent. Escalation is frustration (anger-group
score weighted by arousal) rising over the last turns; de-escalation is the
same falling after a peak. Topics are the things the person talks about,
kept in their own words ("my refund", "the exam").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

SMOOTHING = 0.6  # weight of the newest turn: responsive, yet one odd turn does not flip the mood
NEGATIVE_OBJECT = re.compile(
    r"\b((?:my|the|our|your)\s+(?:[a-z]+\s+){0,2}?(?:[a-z']{3,}))\b(?=[\s,.!?;]|$)", re.IGNORECASE)
FUNCTION_WORDS = {"is", "are", "was", "were", "be", "been", "has", "have", "had", "so", "very", "really", "not", "and",
                  "or", "but", "to", "of", "in", "on", "at", "for", "with", "it", "that", "this", "just", "still", "own"}
TOPIC_STOP = {"time", "way", "thing", "things", "day", "life", "mind", "own", "same", "other", "best", "worst",
              "moment", "point", "lot", "fact", "end", "feeling", "feelings", "one", "only", "whole", "first",
              "last", "next", "most", "rest", "kind", "sort"}
TOPIC_LEADS = re.compile(r"\b(?:about|over|because of|lost|missed|failed|broke|cancelled|canceled|"
                         r"miss|hate|love|worried about|scared of|upset about|angry about)\s+", re.IGNORECASE)


@dataclass
class TurnEmotion:
    turn: int
    top: str
    valence: float
    arousal: float
    confidence: float
    frustration: float


@dataclass
class ConversationState:
    turns: list[TurnEmotion] = field(default_factory=list)
    trajectory: list[tuple[float, float]] = field(default_factory=list)  # smoothed (valence, arousal)
    shifts: list[dict] = field(default_factory=list)
    escalation: float = 0.0  # > 0: frustration rising over recent turns
    escalating: bool = False
    deescalating: bool = False
    topics: list[str] = field(default_factory=list)

    @property
    def valence(self) -> float:
        return self.trajectory[-1][0] if self.trajectory else 0.0

    @property
    def arousal(self) -> float:
        return self.trajectory[-1][1] if self.trajectory else 0.2

    def to_dict(self) -> dict:
        data = asdict(self)
        data.update(valence=self.valence, arousal=self.arousal)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ConversationState":
        """Inverse of ``to_dict`` (the derived valence/arousal are ignored)."""
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["turns"] = [TurnEmotion(**t) for t in fields.get("turns", [])]
        fields["trajectory"] = [tuple(p) for p in fields.get("trajectory", [])]
        return cls(**fields)


def frustration_of(reading) -> float:
    scores = reading.scores
    anger = max(scores.get(k, 0.0) for k in ("anger", "annoyance", "disapproval", "disgust", "angry"))
    disappointment = scores.get("disappointment", 0.0)
    return float(min(1.0, (anger + 0.5 * disappointment) * (0.5 + reading.arousal)))


def _mood(valence: float, arousal: float) -> str:
    if valence > 0.2:
        return "positive"
    if valence < -0.2:
        return "upset" if arousal >= 0.55 else "low"
    return "calm"


def extract_topics(text: str) -> list[str]:
    """Objects of feeling in the person's own words, e.g. "my refund", "the exam"."""
    found = []
    for match in NEGATIVE_OBJECT.finditer(text):
        phrase = match.group(1).strip()
        words = [w.lower() for w in phrase.split()]
        if words[-1] in TOPIC_STOP or len(words) < 2 or FUNCTION_WORDS & set(words[1:]):
            continue
        found.append(phrase[0].lower() + phrase[1:])
    for match in TOPIC_LEADS.finditer(text):
        rest = re.match(r"([A-Za-z][\w'-]*(?:\s+[a-z][\w'-]*){0,1})", text[match.end():])
        if rest and rest.group(1).lower() not in TOPIC_STOP and not rest.group(1).lower().startswith(("my ", "the ")):
            word = rest.group(1)
            if word.lower().split()[0] not in {"it", "this", "that", "me", "you", "him", "her", "them", "a", "an", "to", "and", "so"}:
                found.append(word)
    return list(dict.fromkeys(found))


def update_state(state: ConversationState, reading, text: str | None) -> ConversationState:
    """Add one user turn's fused reading (and its text) to the state, in place."""
    index = len(state.turns)
    frustration = frustration_of(reading)
    state.turns.append(TurnEmotion(index, reading.top, reading.valence, reading.arousal, reading.confidence, frustration))
    if state.trajectory:
        v0, a0 = state.trajectory[-1]
        smoothed = (v0 + SMOOTHING * (reading.valence - v0), a0 + SMOOTHING * (reading.arousal - a0))
    else:
        smoothed = (reading.valence, reading.arousal)
    state.trajectory.append((round(smoothed[0], 4), round(smoothed[1], 4)))
    if len(state.trajectory) >= 2:
        before, after = _mood(*state.trajectory[-2]), _mood(*smoothed)
        if before != after:
            state.shifts.append({"turn": index, "from": before, "to": after})
    recent = [t.frustration for t in state.turns[-4:]]
    state.escalation = round(recent[-1] - min(recent), 4) if len(recent) >= 2 else 0.0
    state.escalating = len(recent) >= 2 and recent[-1] >= 0.25 and all(
        b >= a - 0.05 for a, b in zip(recent, recent[1:])) and recent[-1] - recent[0] >= 0.1
    peak = max(t.frustration for t in state.turns)
    state.deescalating = peak >= 0.3 and frustration <= peak - 0.2 and not state.escalating
    if text:
        for topic in extract_topics(text):
            if topic not in state.topics:
                state.topics.append(topic)
        state.topics = state.topics[-20:]
    return state

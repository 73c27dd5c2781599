"""``UserProfile``: what the agent learns about a person across sessions.

Baseline affect is a slow moving average of their readings (so a person who
always writes flatly is not read as sad). Formality and verbosity come from
how they write. ``helped`` keeps, per strategy, the mean feedback and the
valence change after it, so what helped before is tried again.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

BASELINE_RATE = 0.1
STYLE_RATE = 0.35
INFORMAL = re.compile(r"\b(?:lol|lmao|omg|u|ur|gonna|wanna|ya|yeah|nah|hey|dude|bro|tbh|idk|rn|fr)\b|[😀-🙏]|!!|\bhaha", re.IGNORECASE)
FORMAL = re.compile(r"\b(?:dear|regards|sincerely|would you|could you|kindly|please|thank you|i would|however|therefore)\b", re.IGNORECASE)


@dataclass
class UserProfile:
    user_id: str
    name: str | None = None
    baseline_valence: float = 0.0
    baseline_arousal: float = 0.3
    formality: float = 0.5
    verbosity: float = 15.0  # mean words per message
    turns_seen: int = 0
    sessions: int = 0
    helped: dict[str, dict] = field(default_factory=dict)  # strategy -> {"n", "mean_rating", "mean_valence_gain"}
    facts: list[dict] = field(default_factory=list)
    locale: str | None = None
    said: list[str] = field(default_factory=list)  # keys (hashes) of sentences the agent has said to this person

    def observe(self, text: str | None, reading) -> None:
        """Learn from one user turn."""
        self.turns_seen += 1
        self.baseline_valence += BASELINE_RATE * (reading.valence - self.baseline_valence)
        self.baseline_arousal += BASELINE_RATE * (reading.arousal - self.baseline_arousal)
        if text:
            informal = len(INFORMAL.findall(text)) + (text == text.lower() and len(text) > 3)
            formal = len(FORMAL.findall(text)) + bool(re.match(r"^[A-Z].*[.?]$", text.strip()))
            target = 0.5 if informal == formal else (0.85 if formal > informal else 0.15)
            self.formality += STYLE_RATE * (target - self.formality)
            self.verbosity += STYLE_RATE * (len(text.split()) - self.verbosity)

    def record_outcome(self, strategy: str, rating: float | None = None, valence_gain: float | None = None) -> None:
        """What happened after a reply with ``strategy``: a 1-5 rating and/or the change in valence."""
        entry = self.helped.setdefault(strategy, {"n": 0, "mean_rating": 0.0, "mean_valence_gain": 0.0})
        entry["n"] += 1
        if rating is not None:
            entry["mean_rating"] += (float(rating) - entry["mean_rating"]) / entry["n"]
        if valence_gain is not None:
            entry["mean_valence_gain"] += (float(valence_gain) - entry["mean_valence_gain"]) / entry["n"]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "UserProfile":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

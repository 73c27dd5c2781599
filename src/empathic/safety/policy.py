"""Consent and preset policy (product rules 1-7).

``Policy.check`` is the one gate every voice or face analysis passes: a preset
for workplaces or education refuses biometric emotion inference outright
(unless an audited medical or safety purpose is set), and everywhere else
voice and face need the user's active consent for that modality. Text is not
biometric data and needs no consent record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

from empathic.errors import ConsentRequiredError, InvalidInputError, ProhibitedContextError

MODALITIES = ("text", "voice", "face")
BIOMETRIC = ("voice", "face")
AUDITED_PURPOSES = ("medical", "safety")
DEFAULT_RETENTION_DAYS = 90

AI_DISCLOSURE = "I'm an AI assistant, not a person or a licensed professional."
EMOTION_NOTICE = ("Emotion recognition is on for {modality}: I estimate the emotion you seem to express "
                  "from your {modality}, which can be wrong. Raw {modality} is processed in memory and never "
                  "stored. You can turn this off at any time.")


@dataclass(frozen=True)
class Preset:
    name: str
    biometrics_prohibited: bool = False  # workplaces and education (AI Act Art. 5(1)(f))
    no_scoring: bool = False  # HR and education never score, rank or screen people
    wellbeing_limits: bool = False  # refuses calorie / weight-loss coaching (rule 16)
    companion_persona: bool = False  # off for minors (rule 17)
    formality: float = 0.5
    description: str = ""


PRESETS: dict[str, Preset] = {
    "default": Preset("default", description="general empathic assistant"),
    "customer_service": Preset("customer_service", formality=0.7, description="support desks and complaints"),
    "wellbeing": Preset("wellbeing", wellbeing_limits=True, formality=0.3, description="emotional support, not therapy"),
    "tutoring": Preset("tutoring", biometrics_prohibited=True, no_scoring=True, description="education"),
    "hr": Preset("hr", biometrics_prohibited=True, no_scoring=True, formality=0.8, description="workplace / HR"),
    "game_character": Preset("game_character", companion_persona=True, formality=0.2, description="NPCs and companions"),
}


def get_preset(name: str) -> Preset:
    if name not in PRESETS:
        raise InvalidInputError(f"unknown preset {name!r}; available: {', '.join(PRESETS)}")
    return PRESETS[name]


@dataclass(frozen=True)
class Consent:
    user_id: str
    modality: str
    purpose: str
    granted_at: datetime
    retention_days: int = DEFAULT_RETENTION_DAYS
    withdrawn_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Not withdrawn and within its own retention period (the one place expiry is decided)."""
        return self.withdrawn_at is None and datetime.now(timezone.utc) < self.expires_at()

    def expires_at(self) -> datetime:
        return self.granted_at + timedelta(days=self.retention_days)


def new_consent(user_id: str, modality: str, purpose: str, retention_days: int = DEFAULT_RETENTION_DAYS) -> Consent:
    if modality not in MODALITIES:
        raise InvalidInputError(f"unknown modality {modality!r}; use one of {', '.join(MODALITIES)}")
    if not purpose or not isinstance(purpose, str):
        raise InvalidInputError("consent needs a purpose")
    if not 1 <= int(retention_days) <= 365:
        raise InvalidInputError("retention_days must be between 1 and 365")
    return Consent(user_id, modality, purpose, datetime.now(timezone.utc), int(retention_days))


def withdraw(consent: Consent) -> Consent:
    return replace(consent, withdrawn_at=datetime.now(timezone.utc))


@dataclass
class Policy:
    """Gate for one deployment: a preset and, optionally, an audited purpose."""

    preset: Preset = field(default_factory=lambda: PRESETS["default"])
    purpose: str | None = None

    def check(self, user_id: str, modality: str, consents: dict[str, Consent]) -> None:
        """Raise unless analysing ``modality`` for this user is allowed now."""
        if modality not in MODALITIES:
            raise InvalidInputError(f"unknown modality {modality!r}")
        if modality == "text":
            return
        if self.preset.biometrics_prohibited and self.purpose not in AUDITED_PURPOSES:
            raise ProhibitedContextError(self.preset.name, modality)
        consent = consents.get(modality)
        if consent is not None and not isinstance(consent, Consent):
            raise InvalidInputError(f"consents[{modality!r}] must be a Consent (empathic.safety.policy.new_consent), "
                                    f"got {type(consent).__name__}")
        if consent is None or not consent.active:
            raise ConsentRequiredError(modality, user_id)


def describe_estimate(label: str, confidence: float) -> str:
    """Reading worded as an estimate of expressed emotion (rule 7); asks when unsure."""
    if confidence < 0.4:
        return f"I'm not sure I'm reading you right. Are you feeling some {label}?"
    strength = "fairly confident" if confidence >= 0.7 else "not certain"
    return f"You seem to be expressing {label} (an estimate; I'm {strength})."

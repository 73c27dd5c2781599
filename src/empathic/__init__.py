"""empathic: emotional intelligence for conversational software.

Public names are imported lazily so ``import empathic`` stays fast and loads
no model until one is used.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "EmotionReading": "empathic.reading",
    "Evidence": "empathic.reading",
    "TextEmotionRecognizer": "empathic.text.recognizer",
    "VoiceEmotionRecognizer": "empathic.voice.recognizer",
    "SpeakerBaseline": "empathic.voice.recognizer",
    "Transcriber": "empathic.voice.transcribe",
    "SpeechSynthesizer": "empathic.voice.speech",
    "FaceEmotionRecognizer": "empathic.vision.recognizer",
    "FaceReading": "empathic.vision.recognizer",
    "EmpathicError": "empathic.errors",
    "InvalidInputError": "empathic.errors",
    "MissingDependencyError": "empathic.errors",
    "PolicyError": "empathic.errors",
    "ConsentRequiredError": "empathic.errors",
    "ProhibitedContextError": "empathic.errors",
    "Agent": "empathic.conversation.agent",
    "TurnResult": "empathic.conversation.agent",
    "ResponsePlanner": "empathic.conversation.planner",
    "ResponsePlan": "empathic.conversation.planner",
    "ConversationState": "empathic.conversation.state",
    "UserProfile": "empathic.conversation.profile",
    "OpenAICompatible": "empathic.conversation.llm",
    "LlamaCppModel": "empathic.conversation.llm",
    "CrisisDetector": "empathic.safety.crisis",
    "SafetyAssessment": "empathic.safety.crisis",
    "SentenceEncoder": "empathic.text.encoder",
    "Store": "empathic.storage.store",
    "redact": "empathic.safety.redact",
    "fuse": "empathic.conversation.fusion",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'empathic' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)

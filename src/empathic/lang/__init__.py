"""Languages the agent replies in, one folder each (``empathic/lang/<code>/``), and which language a turn gets.

English is the responder's own language (``conversation/packs``); Spanish, German, French,
Portuguese and Italian each have a folder of natively written phrases and cues (``base.py`` says
what a folder holds). The reply language follows the conversation: a turn too short to tell
("ok", "sí", "danke") keeps the language the conversation is in. A language with no folder gets
a fixed reply, in English and, where written, in that language, naming the languages supported.
"""

from __future__ import annotations

import re

from empathic.lang import de, es, fr, it, pt
from empathic.lang.base import LanguagePack, plain
from empathic.lang.de import crisis as de_crisis
from empathic.lang.es import crisis as es_crisis
from empathic.lang.fr import crisis as fr_crisis
from empathic.lang.it import crisis as it_crisis
from empathic.lang.pt import crisis as pt_crisis

PACKS: dict[str, LanguagePack] = {m.PACK.code: m.PACK for m in (es, de, fr, pt, it)}
# each folder's crisis texts (resource message, crisis dialogue templates, helpline names): safety/ reads them
CRISIS_TEXTS = {"es": es_crisis, "de": de_crisis, "fr": fr_crisis, "pt": pt_crisis, "it": it_crisis}
SUPPORTED = ("en", *PACKS)  # the languages replies are written in
NAMES = {"en": "English", **{code: pack.name for code, pack in PACKS.items()}}

ENGLISH_WORDS = frozenset(
    "the and is are you it to of not my what this that with have it's you're i'm i've don't can't "
    "sounds like feel feeling there here your just how would could no she his her we they were for at up into who "
    "did had our us him them their from by or but if some ago very really got get been be can all about out when "
    "one much".split())  # none a word of es/de/fr/pt/it but "no" (not "a", "i", "so", "was", "will", "in", "on")
# Scripts that name their language well enough to say "not supported" without a detector model
_SCRIPTS = (("ru", r"[\u0400-\u04ff]"), ("el", r"[\u0370-\u03ff]"), ("ar", r"[\u0600-\u06ff]"),
            ("he", r"[\u0590-\u05ff]"), ("hi", r"[\u0900-\u097f]"), ("th", r"[\u0e00-\u0e7f]"),
            ("ko", r"[\uac00-\ud7af]"), ("ja", r"[\u3040-\u30ff]"), ("zh", r"[\u4e00-\u9fff]"))

UNSUPPORTED = ("I'm sorry, for now I can only help in English, Spanish, German, French, Portuguese and Italian "
               "(English, Español, Deutsch, Français, Português, Italiano).")
# the same, written by people who speak these languages (never translated at run time)
UNSUPPORTED_LOCAL = {
    "nl": "Sorry, ik kan je voorlopig alleen helpen in het Engels, Spaans, Duits, Frans, Portugees en Italiaans.",
    "ru": "Извините, пока я могу помочь только на английском, испанском, немецком, французском, португальском "
          "и итальянском языках.",
    "pl": "Przepraszam, na razie mogę pomóc tylko po angielsku, hiszpańsku, niemiecku, francusku, portugalsku "
          "i włosku.",
}


def language_pack(code: str | None) -> LanguagePack | None:
    return PACKS.get(code or "")


def unsupported_reply(code: str) -> str:
    """What a user writing in a language without a folder is told."""
    local = UNSUPPORTED_LOCAL.get(code)
    return f"{local} {UNSUPPORTED}" if local else UNSUPPORTED


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", plain(text or ""))


def word_counts(text: str) -> dict[str, int]:
    """How many of the text's words are function words of each supported language."""
    found = words(text)
    counts = {"en": sum(w in ENGLISH_WORDS for w in found)}
    counts.update({code: sum(w in pack.words for w in found) for code, pack in PACKS.items()})
    return counts


def script_language(text: str) -> str | None:
    """A language told by its script alone (Cyrillic, Greek, Arabic, CJK ...), when most letters are in it."""
    letters = re.findall(r"[^\W\d_]", text or "")
    for code, pattern in _SCRIPTS:
        if letters and len(re.findall(pattern, text)) >= 0.5 * len(letters):
            return code
    return None


def conversation_language(previous: str | None, detected: str | None, text: str) -> str:
    """The language to reply in: the turn's own when it plainly is another, else the conversation's.

    ``previous``: the conversation's language so far (None on the first turn); ``detected``: the
    turn's ``EmotionReading.language``. A turn too short to tell ("ok", "sí", "danke") keeps the
    conversation's language; moving to another supported language takes that language's own
    function words outnumbering the current one's, so one misread turn does not switch it."""
    script = script_language(text)
    if script:
        return script
    count = len(words(text))
    counts = word_counts(text)
    best = max(counts, key=counts.get)
    if count < 3 or detected is None:
        if previous:
            return previous
        return best if counts[best] else (detected or "en")  # a first "Hola" or "Hallo"
    current = previous or "en"
    if detected in counts:
        if counts[best] >= 2 and counts[best] > counts[detected]:
            detected = best  # the words say plainly which of the six it is (a word-list detector confuses es and pt)
        if detected == current:
            return current
        # a first turn goes with the detector when its words at least tie English's; a switch needs more
        ahead = counts[detected] - counts.get(current, 0)
        return detected if ahead > 0 or (previous is None and ahead == 0 and counts[detected] > 0) else current
    if counts[best] >= 2 and counts[best] >= 0.25 * count:
        return best  # the detector names a language without replies, but the words are plainly a supported one
    return detected


def foreign_words(reply: str, expected: str) -> str | None:
    """The language a reply reads as, when it plainly is not ``expected`` (None when it is, or cannot tell).

    Works on short replies: function words decide ("Lo siento mucho." has none of English's), and
    English frames in a non-English reply ("It sounds like you're feeling triste") are caught. Words
    the expected language shares with another ("no", "a") count for the expected one only."""
    found = words(reply)
    vocabularies = {"en": ENGLISH_WORDS, **{code: pack.words for code, pack in PACKS.items()}}
    mine = vocabularies.get(expected, frozenset())
    own = sum(w in mine for w in found)
    others = {code: sum(w in vocab and w not in mine for w in found)
              for code, vocab in vocabularies.items() if code != expected}
    other = max(others, key=others.get)
    if others[other] >= 2 and others[other] > own:
        return other
    if expected != "en" and others["en"] >= 2 and others["en"] >= 0.25 * max(1, len(found)):
        return "en"  # English frames pasted around the user's words
    return None


__all__ = ["CRISIS_TEXTS", "NAMES", "PACKS", "SUPPORTED", "LanguagePack", "conversation_language", "foreign_words",
           "language_pack", "unsupported_reply", "word_counts"]

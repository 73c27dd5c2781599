"""Text normalisation for safety matching: the spellings people use to dodge filters.

``normalize`` lowercases, folds accents, undoes leetspeak inside words
(``k1ll`` -> ``kill``), drops separators inside words (``k.i.l.l``, ``s*icide``),
squeezes letter runs (``diiiie`` -> ``die``) and spells out risk emoji, so the
patterns only need to know the plain spelling.
"""

from __future__ import annotations

import re
import unicodedata

LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})

RISK_EMOJI = {
    "🔪": " knife ", "💊": " pills ", "🪢": " rope ", "⚰️": " coffin ", "⚰": " coffin ",
    "🔫": " gun ", "🩸": " blood ", "🪦": " grave ", "☠️": " dead ", "☠": " dead ",
    "🌉": " bridge ", "🚆": " train ", "😵": " ", "🥀": " ",
}
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\ufeff]")
_WORDLIKE = re.compile(r"(?<![\w])[a-z0-9@$!*.\-_]+(?![\w])", re.IGNORECASE)


def _fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _unleet_word(word: str) -> str:
    lead, core, trail = re.match(r"^([^\w@$]*)(.*?)([.!?,\-_]*)$", word).groups()
    letters = sum(ch.isalpha() for ch in core)
    if letters == 0 or letters == len(core):
        return word
    if re.fullmatch(r"(\w[.\-_*]){2,}\w", core):  # "k.i.l.l", "s-u-i-c-i-d-e"
        return lead + re.sub(r"[.\-_*]", "", core) + trail
    if letters >= len(core) / 2 and not re.fullmatch(r"\d+[a-z]{0,2}", core):  # "k1ll", "su!c!de"
        return lead + core.translate(LEET).replace("*", "") + trail
    return word


# Misspellings too short for the edit-distance check below.
VARIANTS = {"lyfe": "life", "lif": "life", "wnat": "want", "wnt": "want", "wan": "want", "kil": "kill",
            "kll": "kill", "dye": "die", "ded": "dead", "pils": "pills", "slf": "self", "myslf": "myself",
            "sucide": "suicide", "suicde": "suicide", "sucidal": "suicidal", "suicdal": "suicidal",
            "sucicidal": "suicidal", "suisidal": "suicidal", "suiside": "suicide", "unalive": "unalive"}
CONTRACTIONS = ((r"\bwanna\b", "want to"), (r"\bgonna\b", "going to"), (r"\bgotta\b", "got to"),
                (r"\bdont\b", "don't"), (r"\bcant\b", "can't"), (r"\bwont\b", "won't"),
                (r"\bim\b", "i'm"), (r"\bive\b", "i've"), (r"\bno more\b", "anymore"),
                (r"\b2 (die|be|end|kill)\b", r"to \1"), (r"\bu\b", "you"), (r"\bur\b", "your"))
# Long risk words corrected when one edit (or one swap of neighbours) away.
KEYWORDS = ("myself", "suicide", "suicidal", "overdose", "yourself", "overdosed", "herself", "himself")


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _correct(word: str) -> str:
    if word in VARIANTS:
        return VARIANTS[word]
    if len(word) >= 6 and word not in KEYWORDS:
        for keyword in KEYWORDS:
            if _one_edit_apart(word, keyword):
                return keyword
    return word


def normalize(text: str) -> str:
    text = _ZERO_WIDTH.sub("", text)
    for emoji, word in RISK_EMOJI.items():
        text = text.replace(emoji, word)
    text = _fold_accents(unicodedata.normalize("NFKC", text)).lower()
    text = text.replace("’", "'").replace("‘", "'")
    text = _WORDLIKE.sub(lambda m: _unleet_word(m.group(0)), text)
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)  # "sooo tiiired" -> "so tired"
    text = re.sub(r"[a-z]+", lambda m: _correct(m.group(0)), text)
    text = re.sub(r"\b(?:[a-z] ){2,}[a-z]\b", lambda m: m.group(0).replace(" ", ""), text)  # "k i l l"
    for short, full in CONTRACTIONS:
        text = re.sub(short, full, text)
    return re.sub(r"\s+", " ", text).strip()

"""Composing a reply from moves: whole sentences, none the user has read before, all well formed.

A move is ``(name, options, required)``: alternative wordings of one thing to say. Each move
takes a wording none of whose sentences this user has read (in any session); an optional move
with none left is dropped, a required one repeats and is counted, so the ranking can prefer a
candidate that repeats nothing.
"""

from __future__ import annotations

import hashlib
import random
import re

from empathic.conversation.realizer import FORMAL_EXPANSIONS


def sentence_key(sentence: str) -> str:
    """What is remembered of a sentence the user has read: a short hash, not the words."""
    return hashlib.sha1(" ".join(sentence.lower().split()).encode()).hexdigest()[:12]


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def finish(text: str, formal: bool = False, english: bool = True) -> str:
    """Whole sentences only: expanded when the preset is formal, capitalised, ending in punctuation.
    ``english=False`` (the other languages' phrases): no contractions to expand, and "i" is not "I"
    (it is an article in Italian)."""
    if formal and english:
        for short, full in FORMAL_EXPANSIONS.items():
            text = re.sub(rf"\b{re.escape(short)}\b", full, text, flags=re.IGNORECASE)
    out = []
    for sentence in split_sentences(" ".join(text.split())):
        lead = len(sentence) - len(sentence.lstrip("\"'(\u201c"))
        sentence = sentence[:lead] + sentence[lead:lead + 1].upper() + sentence[lead + 1:]
        if english:
            sentence = re.sub(r"\bi\b", "I", sentence)
        if not re.search(r"[.!?)\"\u201d]$", sentence):
            sentence += "."
        out.append(sentence)
    return " ".join(out)


def keys(text: str, formal: bool, english: bool = True) -> set[str]:
    return {sentence_key(s) for s in split_sentences(finish(text, formal, english))}


def compose(moves, said: set[str], rng: random.Random, formal: bool = False,
            english: bool = True) -> tuple[str, int, list[str]]:
    """(reply, how many required moves had to repeat a sentence, the moves used)."""
    parts, reused, used = [], 0, []
    taken = set(said)
    for name, options, required in moves:
        fresh = [o for o in options if not keys(o, formal, english) & taken]
        if fresh:
            choice = rng.choice(fresh)
        elif required and options:
            choice, reused = rng.choice(options), reused + 1
        else:
            continue
        parts.append(choice)
        used.append(name)
        taken |= keys(choice, formal, english)
    return finish(" ".join(parts), formal, english), reused, used

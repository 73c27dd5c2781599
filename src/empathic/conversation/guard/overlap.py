"""Prompt leaks by overlap: a reply that repeats the system prompt or the ``<data>`` block.

Any 8-word run of the system prompt template, of the data block as sent (keys
and values), or of its values read in order counts as a leak; 8 words is long
enough that no ordinary reply shares one by chance (the shortest data values,
"your sister Anna", never reach it). Runs that also occur in the person's own
messages are left out: reflecting someone's words back is good listening, and
their words reach the data block as topics. A data key such as
``remembered_facts`` in a reply is a leak too.
"""

from __future__ import annotations

import json
import re
import unicodedata

from empathic.conversation.llm import SYSTEM_PROMPT
from empathic.conversation.planner import ResponsePlan

N = 8
_WORD = re.compile(r"[a-z0-9]+")
_DATA = re.compile(r"<data>((?:(?!<data>).)*?)</data>", re.DOTALL)  # the prompt names "<data>" once before the block


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(ch for ch in folded if not unicodedata.combining(ch)))


def shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + N]) for i in range(len(tokens) - N + 1)}


TEMPLATE = set().union(*(shingles(words(part)) for part in SYSTEM_PROMPT.split("{data}")))
# the data block's own field names, known even when the prompt is not passed
FIELDS = {f for f in (*ResponsePlan.__dataclass_fields__, "emotional_state", "remembered_facts") if "_" in f}


def _leaves(value, keys: set[str]) -> list[str]:
    if isinstance(value, dict):
        keys.update(value)
        return [leaf for v in value.values() for leaf in _leaves(v, keys)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v, keys)]
    return [] if value is None else [str(value)]


def prompt_overlap(reply: str, messages: list[dict] | None) -> str | None:
    """A description of the leak, or None."""
    reply_words = words(reply)
    reply_runs = shingles(reply_words)
    if reply_runs & TEMPLATE:
        return f"repeats the system prompt ({' '.join(sorted(reply_runs & TEMPLATE)[0])!r})"
    named = [k for k in FIELDS if re.search(rf"\b{k}\b", reply.lower())]
    if named:
        return f"names the data field {sorted(named)[0]!r}"
    if not messages:
        return None
    secret, keys, theirs = set(), set(), set()
    for message in messages:
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, str):
            continue
        if message.get("role") != "system":
            theirs |= shingles(words(content))
            continue
        for block in _DATA.findall(content):
            secret |= shingles(words(block))
            try:
                leaves = _leaves(json.loads(block), keys)
            except ValueError:
                continue
            secret |= shingles([w for leaf in leaves for w in words(leaf)])
    leaked = (reply_runs & secret) - theirs
    if leaked:
        return f"repeats the data block ({' '.join(sorted(leaked)[0])!r})"
    named = [k for k in keys if "_" in k and re.search(rf"\b{re.escape(k)}\b", reply.lower())]
    return f"names the data field {named[0]!r}" if named else None

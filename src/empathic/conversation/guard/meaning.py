"""Checks on what a reply means, for every source (templates, retrieval, a language model).

- a repetition loop ("I will do it tomorrow." thirty times), or a sentence cut off mid-way;
- a claim of first-hand experience an AI cannot have ("when I lost my mum", "I've been there");
- a positive opener on a turn that sounds negative ("That's great news!" to a complaint);
- checking in on someone the user told us has died, or an ex ("How is Margaret doing?");
- wrong arithmetic: a sum stated wrongly, or a learner's wrong answer confirmed ("Yes!" to 1/3 + 1/4 = 2/7).
"""

from __future__ import annotations

import re
from collections import Counter

from empathic.conversation import arithmetic, persons

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
FIRST_HAND = re.compile(
    r"\b(?:when I (?:was (?:a kid|young|little|your age|in school)|lost my|went through|broke up)|I remember when I|"
    r"I(?:'ve| have) been (?:there|through (?:this|that|the same|something similar))|happened to me (?:too|as well)|"
    r"I (?:also )?(?:lost|buried) my|my (?:own )?(?:mum|mom|mother|dad|father|wife|husband|kids?|children|family|"
    r"grandmother|grandfather|ex) (?:died|passed|left|used to)|I felt the same (?:way )?when I|in my experience as a)\b",
    re.IGNORECASE)
POSITIVE_OPENER = re.compile(r"^\W*(?:(?:that'?s|that is|how|what)\s+(?:\w+\s+)?(?:great|wonderful|lovely|fantastic|"
                             r"brilliant|amazing|awesome|exciting)\b|(?:great|wonderful|fantastic|brilliant|awesome|amazing)\s+news\b|"
                             r"congratulations|I'?m (?:so )?(?:glad|happy|thrilled|delighted) (?:to hear|for you)|yay\b|"
                             r"how exciting|good for you)", re.IGNORECASE)
UNFINISHED = re.compile(r"(?:[.!?)\"'\u201d\u2019\u2026*]|[\U0001F300-\U0001FAFF\u2600-\u27BF])\s*$")


def repetition(reply: str) -> str | None:
    """A sentence said three times, or a four-word run said four times: a loop, not a reply."""
    sentences = [" ".join(s.lower().split()) for s in _SENTENCE.split(reply.strip()) if s.strip()]
    sentence, count = Counter(sentences).most_common(1)[0] if sentences else ("", 0)
    if count >= 3:
        return f"sentence repeated {count} times: {sentence[:60]!r}"
    words = re.findall(r"[\w']+", reply.lower())
    runs = Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3))
    run, times = runs.most_common(1)[0] if runs else ((), 0)
    return f"a four-word run repeated {times} times: {' '.join(run)!r}" if times >= 4 else None


def unfinished(reply: str) -> bool:
    return not UNFINISHED.search(reply.strip())


def checks_in_on_the_gone(reply: str, memory) -> str | None:
    """The name of a deceased person or an ex the reply asks after, if it does."""
    for fact in getattr(memory, "facts", []) or []:
        if fact.kind != "relation" or not fact.value or getattr(fact, "status", "") not in (persons.DECEASED, persons.EX):
            continue
        name = re.escape(fact.value)
        if re.search(rf"\bhow(?:'s| is| are)\b[^.?!]*\b{name}\b|\b{name}\b[^.?!]*\b(?:doing|better|going|feeling|on the mend)\b|"
                     rf"\bhope {name}\b", reply, re.IGNORECASE):
            return f"{fact.value} ({fact.status})"
    return None


CONFIRMS = re.compile(r"^\W*(?:yes|yep|yeah|correct|right|exactly|that'?s (?:right|correct)|well done|great job|perfect)\b",
                      re.IGNORECASE)


def wrong_arithmetic(reply: str, user_text: str | None) -> str | None:
    for sentence in _SENTENCE.split(reply):
        found = arithmetic.find_problem(sentence)
        if found and found[1] is not None and found[0].answer() is not None and found[1] != found[0].answer():
            return f"states {found[0].text()} = {arithmetic.show(found[1])}"
    asked = arithmetic.find_problem(user_text) if user_text else None
    if asked and asked[1] is not None and asked[0].answer() is not None and asked[1] != asked[0].answer() \
            and CONFIRMS.search(reply):
        return f"confirms {asked[0].text()} = {arithmetic.show(asked[1])}"
    return None


def meaning_violations(reply: str, turn_negative: bool | None = None, memory=None, user_text: str | None = None) -> list[str]:
    found = []
    wrong = wrong_arithmetic(reply, user_text)
    if wrong:
        found.append(f"wrong arithmetic: {wrong}")
    looped = repetition(reply)
    if looped:
        found.append(f"repetition loop: {looped}")
    if unfinished(reply):
        found.append(f"unfinished sentence: {reply.strip()[-40:]!r}")
    claim = FIRST_HAND.search(reply)
    if claim:
        found.append(f"claims first-hand experience: {claim.group(0)!r}")
    if turn_negative and POSITIVE_OPENER.search(reply):
        found.append(f"positive opener on a negative turn: {POSITIVE_OPENER.search(reply).group(0)!r}")
    gone = checks_in_on_the_gone(reply, memory) if memory is not None else None
    if gone:
        found.append(f"checks in on a person who is gone: {gone}")
    return found

"""Answers to what the user asked: from memory, from arithmetic done in code, from the preset's
knowledge and the host's lore, or a plain "I don't know" (never a feeling read into a question).

Each function returns the sentences that could answer (the responder picks one not said
before), or None when it has nothing to say about the turn.
"""

from __future__ import annotations

import re

from empathic.conversation import arithmetic
from empathic.conversation.memory import RELATIONS

USER_NAME_QUESTION = re.compile(r"\b(?:what(?:'s| is) my name|(?:remember|know|recall) my name|who am I)\b", re.I)
RELATION_NAME_QUESTION = re.compile(
    rf"\b(?:remember|recall|know|what(?:'s| is| was))\b.{{0,20}}?\b(?:my|our)\s+(?:late\s+)?({RELATIONS})(?:'s)?\s+name\b"
    rf"|\b(?:remember|recall)\s+(?:my|our)\s+(?:late\s+)?({RELATIONS})\s*\??\s*$", re.I)
THEIR_NAME_QUESTION = re.compile(r"\bwhat(?:'s| is) your name\b|\bwho are you\b|\byour name\b", re.I)
ARE_YOU_HUMAN = re.compile(r"\bare you (?:a |an )?(?:human|real|person|bot|robot|ai|machine)\b", re.I)
EXPLAIN = re.compile(r"\b(?:explain|again|slower|slowly|show me|how do you|how did you|why|walk me through|don'?t understand)\b", re.I)
OPTIONS = re.compile(r"\b(?:my options|what (?:are the|are my) options|what can (?:you|I) do)\b", re.I)
WEEKDAY = re.compile(r"\b(?:by|before|on|for)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)\b", re.I)
ORDER = re.compile(r"\border\s*(?:number|no\.?|#|num)?\s*(?:is|was|:)?\s*#?(\d{3,12})\b", re.I)


def memory_answer(text: str, memory, pack) -> list[str] | None:
    if USER_NAME_QUESTION.search(text):
        known = memory.get("name", "user")
        return _fill(pack, "user_name_yes", name=known.value) if known else list(pack.phrasings("user_name_unknown"))
    match = RELATION_NAME_QUESTION.search(text)
    if not match:
        return recall_answer(text, memory, pack)
    relation = (match.group(1) or match.group(2)).lower()
    person = memory.person(relation)
    if person is not None and person.value:
        return _fill(pack, "memory_yes", name=person.value)
    return _fill(pack, "memory_unknown", relation=relation)


REMEMBER = re.compile(r"\b(?:do|did) you (?:still )?(?:remember|recall)\b|\bremember (?:what|when) I (?:told|said)", re.I)


def recall_answer(text: str, memory, pack) -> list[str] | None:
    """ "Do you remember my exam?" / "Do you remember me?": what the user told us, or that we don't know."""
    if not REMEMBER.search(text):
        return None
    if re.search(r"\bremember me\b", text, re.I):
        known = [f for f in memory.facts if f.kind in ("name", "relation") and f.value]
        if not known:
            return ["I don't have anything from before, so I can't say I do."]
        return [f"Yes. You told me about {known[-1].describe()}." if known[-1].kind == "relation"
                else f"Yes, you're {known[-1].value}."]
    hits = [f for f in memory.recall(text) if f.value or f.kind == "event"]
    if hits:
        return [f"Yes: {hits[0].describe()}.", f"I do: {hits[0].describe()}."]
    return ["I don't remember you telling me about that.", "I don't know; I don't have that from what you've told me."]


def identity_answer(text: str, pack, persona) -> list[str] | None:
    if ARE_YOU_HUMAN.search(text):
        return list(pack.phrasings("ai"))
    if THEIR_NAME_QUESTION.search(text):
        if persona is not None and persona.name:
            return _fill(pack, "name_answer", name=persona.name) or [f"I'm {persona.name}."]
        return list(pack.phrasings("no_name"))
    return None


def arithmetic_answer(text: str, pack, state: dict) -> list[list[str]] | None:
    """Moves (each a list of alternative sentences) for a sum, an answer to the last sum, or a
    request to explain it again. The last sum is kept in ``state['problem']``."""
    found = arithmetic.find_problem(text)
    last = arithmetic.Problem(**state["problem"]) if state.get("problem") else None
    if found is None:
        proposed = arithmetic.find_proposal(text)
        if last is not None and proposed is not None:
            found = (last, proposed)
        elif last is not None and EXPLAIN.search(text):
            return [list(pack.phrasings("math_slow")), *[[s] for s in last.slow_steps()]]
        else:
            return None
    problem, proposed = found
    answer = problem.answer()
    if answer is None:
        return [list(pack.phrasings("not_known"))]
    state["problem"] = problem.to_dict()
    fields = dict(problem=problem.text(), answer=arithmetic.show(answer))
    if proposed is None:
        return [_fill(pack, "math_answer", **fields), *[[s] for s in problem.steps()]]  # steps: optional (responder)
    if proposed == answer:
        return [_fill(pack, "math_right", **fields)]
    moves = [_fill(pack, "math_wrong", proposed=arithmetic.as_written(text, proposed), **fields)]
    if problem.is_top_and_bottom_slip(proposed):
        moves.append(list(pack.phrasings("math_trap")))
    return moves + [[s] for s in problem.steps()]


def knowledge_answer(text: str, pack) -> list[str] | None:
    for pattern, answers in pack.knowledge:
        if re.search(pattern, text, re.I):
            return list(answers)
    return None


def lore_answer(text: str, pack, persona) -> list[list[str]] | None:
    if persona is None:
        return None
    for topic, sentence in persona.lore.items():
        if re.search(rf"\b{re.escape(topic)}\b", text, re.I):
            return [list(pack.phrasings("lore_intro")), [sentence]]
    return None


def _fill(pack, move: str, **fields) -> list[str]:
    return [p.format(**fields) for p in pack.phrasings(move)]

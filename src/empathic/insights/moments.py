"""Escalation moments and what preceded them, and which supporter strategies were followed by
improvement. Both look at the supporter turns between two user turns (the "block" before a user turn):
its last text and its strategies (where the input names them, e.g. ESConv's labels)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from empathic.insights.stats import bootstrap_mean

VALENCE_DROP = 0.5  # a user turn this much below the previous one, to a new low, is an escalation
NEW_LOW = 0.1  # ... at least this far under every earlier turn of the conversation,
ALREADY_NEGATIVE = -0.2  # ... after the user already said something this negative (opening up is not escalating)
ANGER_RISE = 0.3  # ... or anger/annoyance up this much (to at least ANGER_LEVEL)
ANGER_LEVEL = 0.35
CRISIS_LEVELS = ("moderate", "high", "imminent")
PLEASANTRY_WORDS = 6  # a short positive turn ("Good evening!", "I'm fine, thanks") is a pleasantry
LOOKAHEAD = 2  # user turns after a supporter block whose valence is averaged
NO_STRATEGY = "(not labelled)"
NO_SUPPORTER = "(none: the user wrote twice in a row)"
MIN_COUNT = 5  # a strategy seen fewer times is listed without an interval


def supporter_blocks(conversation) -> list[list]:
    """For each user turn, the supporter turns since the previous user turn (possibly none)."""
    blocks, current = [], []
    for turn in conversation.turns:
        if turn.is_user:
            blocks.append(current)
            current = []
        else:
            current.append(turn)
    return blocks


def _strategies(block) -> list[str]:
    if not block:
        return [NO_SUPPORTER]
    labelled = list(dict.fromkeys(t.strategy for t in block if t.strategy))
    return labelled or [NO_STRATEGY]


def _pleasantry(text: str, reading) -> bool:
    """Thanks, greetings and "I'm good": a drop after one is the user getting to the point, not escalating,
    so changes are measured from the user's last turn that is not one."""
    return reading.top == "gratitude" or (len(text.split()) <= PLEASANTRY_WORDS and reading.valence > 0.2)


def find_escalations(conversations, readings, excerpt, limit: int = 30) -> dict:
    moments, after = [], defaultdict(lambda: [0, 0])  # strategy -> [user turns after it, escalations]
    by_kind: dict[str, int] = defaultdict(int)
    transitions = 0
    for conversation, rs in zip(conversations, readings):
        users, blocks = conversation.user_turns, supporter_blocks(conversation)
        lowest = rs[0].valence if rs else 0.0
        base = None if _pleasantry(users[0].text, rs[0]) else 0  # the user turn a change is measured from
        for j in range(1, len(users)):
            now = rs[j]
            transitions += 1
            triggers, kinds = [], []
            if now.crisis in CRISIS_LEVELS and rs[j - 1].crisis not in CRISIS_LEVELS:
                triggers.append(f"crisis signal ({now.crisis}) {now.crisis_evidence}")
                kinds.append("crisis signal")
            previous = rs[base] if base is not None else None
            if (previous and now.valence - previous.valence <= -VALENCE_DROP and now.valence <= lowest - NEW_LOW
                    and lowest <= ALREADY_NEGATIVE):
                triggers.append(f"valence drop {now.valence - previous.valence:+.2f} to a new low")
                kinds.append("valence drop")
            if previous and now.anger - previous.anger >= ANGER_RISE and now.anger >= ANGER_LEVEL:
                triggers.append(f"anger rise {now.anger - previous.anger:+.2f}")
                kinds.append("anger rise")
            for kind in kinds:
                by_kind[kind] += 1
            lowest = min(lowest, now.valence)
            before = base if base is not None else j - 1
            if not _pleasantry(users[j].text, now):
                base = j
            strategies = _strategies(blocks[j])
            for s in strategies:
                after[s][0] += 1
                after[s][1] += bool(triggers)
            if triggers:
                block = blocks[j]
                moments.append({
                    "id": conversation.id, "user_turn": j, "triggers": triggers,
                    "kinds": kinds,
                    "severity": (bool(now.crisis in CRISIS_LEVELS), round(rs[before].valence - now.valence, 3)),
                    "valence_before": round(rs[before].valence, 3), "valence_after": round(now.valence, 3),
                    "user_before": excerpt(users[before].text), "user_text": excerpt(users[j].text),
                    "preceded_by": excerpt(block[-1].text) if block else None,
                    "preceded_by_strategies": strategies})
    moments.sort(key=lambda m: m["severity"], reverse=True)
    # the examples: the strongest crisis signals and, apart, the sharpest emotional escalations
    crisis = [m for m in moments if "crisis signal" in m["kinds"]][:limit]
    emotional = sorted((m for m in moments if m["kinds"] != ["crisis signal"]),
                       key=lambda m: m["valence_before"] - m["valence_after"], reverse=True)[:limit]
    rates = [{"strategy": s, "user_turns_after": n, "escalations": e, "rate": round(e / n, 4)}
             for s, (n, e) in after.items() if n]
    rates.sort(key=lambda r: -r["rate"])
    for m in moments:
        m.pop("severity", None)
    return {"count": len(moments), "transitions": transitions, "by_kind": dict(by_kind),
            "rule": {"valence_drop": VALENCE_DROP, "new_low": NEW_LOW, "already_negative": ALREADY_NEGATIVE,
                     "anger_rise": ANGER_RISE, "anger_level": ANGER_LEVEL,
                     "crisis_levels": list(CRISIS_LEVELS)},
            "after_strategy": rates, "crisis_examples": crisis, "examples": emotional}


def strategy_outcomes(conversations, readings) -> dict:
    """Mean change of user valence from the turn before a supporter block to the next ``LOOKAHEAD``
    user turns after it, per strategy in the block, with 95% intervals by resampling conversations."""
    per_strategy: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    before_by_strategy: dict[str, list[float]] = defaultdict(list)
    labelled = 0
    for conversation, rs in zip(conversations, readings):
        blocks = supporter_blocks(conversation)
        for j in range(1, len(rs)):
            if not blocks[j]:
                continue
            after = np.mean([r.valence for r in rs[j:j + LOOKAHEAD]])
            change = float(after - rs[j - 1].valence)
            strategies = _strategies(blocks[j])
            labelled += strategies != [NO_STRATEGY]
            for s in strategies + ["(all supporter turns)"]:
                per_strategy[s][conversation.id].append(change)
                before_by_strategy[s].append(rs[j - 1].valence)
    rows = []
    for s, by_conversation in per_strategy.items():
        values = list(by_conversation.values())
        n = sum(len(v) for v in values)
        mean, low, high = bootstrap_mean(values)
        enough = n >= MIN_COUNT and len(values) >= 2
        rows.append({"strategy": s, "n": n, "conversations": len(values), "mean_change": round(mean, 4),
                     "low": round(low, 4) if enough else None, "high": round(high, 4) if enough else None,
                     "valence_before": round(float(np.mean(before_by_strategy[s])), 4)})
    rows.sort(key=lambda r: -r["mean_change"])
    return {"lookahead": LOOKAHEAD, "labelled_blocks": labelled, "rows": rows}

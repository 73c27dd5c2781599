"""``empathic eval replies``: our replies beside the human ones, on the same contexts.

Contexts are ESConv test supporter turns and EmpatheticDialogues validation
listener turns (the published release has no dialogue test file here). For
each context the planner and template realizer write a reply; the human reply
from the data is scored by the same measures:

- EPITOME mechanisms (Sharma et al. 2020), detected lexically: *emotional
  reaction* (expresses warmth or concern: "I'm sorry", "that sounds hard"),
  *interpretation* (shows understanding: "it sounds like", "I imagine", "so you")
  and *exploration* (asks an open question about the person);
- Distinct-2: unique word bigrams / all bigrams over the replies;
- forbidden phrasing: the guard's invalidating / manipulative / human-claim patterns;
- strategy accuracy (ESConv only): the plan's strategy against the gold one.
"""

from __future__ import annotations

import csv
import random
import re

from empathic.conversation.guard import HUMAN_CLAIMS, INVALIDATING, MANIPULATIVE
from empathic.conversation.planner import ResponsePlanner
from empathic.conversation.realizer import TemplateRealizer
from empathic.conversation.state import ConversationState, update_state
from empathic.datasets.esconv import load_esconv
from empathic.datasets.paths import data_dir

EMOTIONAL_REACTION = re.compile(
    r"\b(?:sorry|so sad|that'?s (?:awful|terrible|horrible|great|wonderful|tough|hard)|sounds (?:hard|tough|awful|"
    r"terrible|difficult|painful|stressful|great|wonderful|lovely)|must (?:be|have been) (?:hard|tough|awful|difficult|"
    r"painful|scary|frustrating)|i'?m (?:so )?(?:glad|happy for you|sorry)|congratulations|oh no|wow)\b", re.IGNORECASE)
INTERPRETATION = re.compile(
    r"\b(?:it sounds like|sounds like you|it seems|you seem|i (?:can )?imagine|i understand|i hear|i get the sense|"
    r"you (?:must|might) (?:feel|be)|so you(?:'re| are)?|if i understand|you'?re feeling|that must)\b", re.IGNORECASE)
EXPLORATION = re.compile(
    r"(?:\b(?:what|how|why|when|where|who|which|do you|did you|have you|are you|would you|could you|can you|tell me)\b[^.?!]*\?)",
    re.IGNORECASE)


def distinct_2(replies: list[str]) -> float:
    bigrams = [tuple(words[i:i + 2]) for r in replies for words in [r.lower().split()] for i in range(len(words) - 1)]
    return len(set(bigrams)) / max(len(bigrams), 1)


def score(replies: list[str]) -> dict:
    n = max(len(replies), 1)
    return {"emotional_reaction": sum(bool(EMOTIONAL_REACTION.search(r)) for r in replies) / n,
            "interpretation": sum(bool(INTERPRETATION.search(r)) for r in replies) / n,
            "exploration": sum(bool(EXPLORATION.search(r)) for r in replies) / n,
            "distinct_2": distinct_2(replies),
            "forbidden": sum(bool(p.search(r)) for r in replies for p in (INVALIDATING, MANIPULATIVE, HUMAN_CLAIMS)) / n,
            "mean_words": sum(len(r.split()) for r in replies) / n}


def _esconv_human_replies(limit: int, seed: int) -> list[tuple[list[dict], str, str]]:
    out = []
    for conversation in load_esconv("test"):
        dialog = conversation["dialog"]
        for i, turn in enumerate(dialog):
            if turn["speaker"] == "agent" and "strategy" in turn and any(t["speaker"] == "user" for t in dialog[:i]):
                out.append((dialog[:i], turn["strategy"], turn["text"]))
    random.Random(seed).shuffle(out)
    return out[:limit]


def _empathetic_dialogues(limit: int, seed: int) -> list[tuple[list[dict], None, str]]:
    conversations: dict[str, list[tuple[int, str]]] = {}
    with open(data_dir("empathetic_dialogues") / "dialogues_valid.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            conversations.setdefault(row["conv_id"], []).append((int(row["utterance_idx"]), row["utterance"].replace("_comma_", ",")))
    out = []
    for turns in conversations.values():
        turns.sort()
        for i in range(1, len(turns), 2):
            history = [{"speaker": "user" if j % 2 == 0 else "agent", "text": t} for j, (_, t) in enumerate(turns[:i])]
            out.append((history, None, turns[i][1]))
    random.Random(seed).shuffle(out)
    return out[:limit]


def evaluate_replies(recognizer, planner: ResponsePlanner | None = None, limit: int = 300, seed: int = 0) -> dict:
    planner = planner or ResponsePlanner(recognizer=recognizer)
    results = {}
    for name, contexts in (("ESConv test", _esconv_human_replies(limit, seed)),
                           ("EmpatheticDialogues valid", _empathetic_dialogues(limit, seed))):
        realizer = TemplateRealizer(seed)
        ours, humans, hits = [], [], []
        for index, (history, gold, human) in enumerate(contexts):
            state = ConversationState()
            user_turns = [t["text"] for t in history if t["speaker"] == "user"]
            readings = recognizer.recognize_batch(user_turns[-3:])
            for text, reading in zip(user_turns[-3:], readings):
                update_state(state, reading, text)
            plan = planner.plan(history, readings[-1], state)
            ours.append(realizer.realize(plan, readings[-1], state, user_turns[-1], f"ctx{index}"))
            humans.append(human)
            if gold is not None:
                hits.append(plan.strategy == gold)
        results[name] = {"n": len(contexts), "ours": score(ours), "human": score(humans),
                         "strategy_accuracy": sum(hits) / len(hits) if hits else None, "examples": list(zip(
                             [c[0][-1]["text"] for c in contexts[:3]], ours[:3], humans[:3]))}
    results[RANKER] = ranker_recall()
    return results


RANKER = "Reply ranker"


def ranker_recall(bank_dir=None) -> dict:
    """The shipped ranker's recall@1 of 100 on held-out EmpatheticDialogues contexts, beside the frozen
    encoder's cosine on the same candidate sets (see ``training/responses.py`` for the split)."""
    from empathic.conversation.retrieval import ResponseBank
    from empathic.training.responses import evaluate_ranker

    ranker = ResponseBank.shared(bank_dir).ranker
    return evaluate_ranker(ranker) if ranker is not None else {}


def format_report(results: dict) -> str:
    lines = []
    for name, r in results.items():
        if name == RANKER:
            if r:
                lines += [f"{RANKER}: recall@1 of {r['candidates']} on {r['contexts']} held-out EmpatheticDialogues contexts "
                          f"(gold + random replies)",
                          f"  learned ranker {r['ranker_recall_at_1']:.3f}  frozen-encoder cosine {r['cosine_recall_at_1']:.3f}  "
                          f"(target >= 0.50); {r['ranker_ms_per_set']:.2f} ms per candidate set", ""]
            continue
        lines.append(f"{name}: {r['n']} contexts" + (f"; strategy accuracy {r['strategy_accuracy']:.3f}" if r["strategy_accuracy"] is not None else ""))
        lines.append(f"  {'measure':20} {'ours':>8} {'human':>8}")
        for key in ("emotional_reaction", "interpretation", "exploration", "distinct_2", "forbidden", "mean_words"):
            lines.append(f"  {key:20} {r['ours'][key]:8.3f} {r['human'][key]:8.3f}")
        for context, ours, human in r["examples"]:
            lines += [f"    context: {context[:90]!r}", f"    ours:    {ours[:140]!r}", f"    human:   {human[:140]!r}"]
        lines.append("")
    return "\n".join(lines)

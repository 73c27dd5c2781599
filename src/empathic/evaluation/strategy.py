"""``empathic eval strategy``: next-strategy accuracy on ESConv test.

Every labelled supporter turn of the test conversations is predicted from the
dialogue before it (gold history, as in MISC, Tu et al. 2022), beside a
majority-class baseline (the most frequent strategy in train) and the
hand-written rule baseline.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from empathic.conversation.strategy_model import StrategyModel, featurize, rule_strategy
from empathic.datasets.esconv import load_esconv, strategy_examples
from empathic.labels import STRATEGIES

PUBLISHED = {"MISC (Tu et al. 2022, BART + COMET)": 0.313}


def evaluate_strategy(encoder, recognizer, model: StrategyModel | None = None, limit: int | None = None) -> dict:
    model = model or StrategyModel()
    train = strategy_examples(load_esconv("train"))
    test = strategy_examples(load_esconv("test"))[:limit]
    gold = [s for _, s in test]
    majority = Counter(s for _, s in train).most_common(1)[0][0]
    histories = [h for h, _ in test]
    features = featurize(histories, encoder, recognizer)
    context_probabilities = model.context.probabilities(histories) if model.context is not None else None
    predicted = [STRATEGIES[i] for i in model.probabilities(features, context=context_probabilities).argmax(1)]
    trees = [STRATEGIES[i] for i in model.tree_probabilities(features).argmax(1)]
    context = ([STRATEGIES[i] for i in context_probabilities.argmax(1)]
               if context_probabilities is not None else None)
    readings = recognizer.recognize_batch([(next((t["text"] for t in reversed(h) if t["speaker"] == "user"), "") or "ok") for h in histories])
    rules = [rule_strategy(h, r) for h, r in zip(histories, readings)]
    planned = _planner_choices(histories, recognizer, encoder, model, predicted)
    accuracy = lambda preds: float(np.mean([p == g for p, g in zip(preds, gold)]))  # noqa: E731
    per_class = {s: float(np.mean([p == s for p, g in zip(predicted, gold) if g == s])) if s in gold else 0.0
                 for s in STRATEGIES}
    return {"n": len(gold), "ours": accuracy(predicted), "planner": accuracy(planned), "trees": accuracy(trees),
            "context": accuracy(context) if context else None,
            "blend_weight": model.context.config["blend_weight"] if model.context is not None else 0.0,
            "majority": accuracy([majority] * len(gold)),
            "majority_label": majority, "rules": accuracy(rules), "per_class_recall": per_class,
            "published": PUBLISHED}


def _planner_choices(histories, recognizer, encoder, model, fallback) -> list[str]:
    """What ``ResponsePlanner.plan`` picks: the model, adjusted by the conversation state
    (escalation, negative feelings, low confidence) built from the last three user turns."""
    from empathic.conversation.planner import ResponsePlanner
    from empathic.conversation.state import ConversationState, update_state

    planner = ResponsePlanner(encoder, recognizer, model)
    choices = []
    for history, model_choice in zip(histories, fallback):
        user_turns = [t["text"] for t in history if t["speaker"] == "user"][-3:]
        if not user_turns:  # the supporter spoke first: nothing to adjust for
            choices.append(model_choice)
            continue
        readings = recognizer.recognize_batch(user_turns)
        state = ConversationState()
        for text, reading in zip(user_turns, readings):
            update_state(state, reading, text)
        choices.append(planner.plan(history, readings[-1], state).strategy)
    return choices


def format_report(report: dict) -> str:
    lines = [f"ESConv test: next-strategy accuracy over {report['n']} supporter turns (8 strategies)",
             f"  empathic model alone     {report['ours']:.3f}  (trees + context model, weight "
             f"{report['blend_weight']:.1f} chosen on valid)",
             f"    trees alone            {report['trees']:.3f}",
             *([f"    context model alone    {report['context']:.3f}"] if report["context"] is not None else []),
             f"  empathic ResponsePlanner {report['planner']:.3f}  (model + conversation-state rules; what the agent uses)",
             f"  rule baseline            {report['rules']:.3f}",
             f"  majority ({report['majority_label']}) {report['majority']:.3f}"]
    for name, value in report["published"].items():
        lines.append(f"  {name} [published] {value:.3f}")
    lines.append("per-strategy recall (ours):")
    for s, r in report["per_class_recall"].items():
        lines.append(f"  {s:30} {r:.3f}")
    return "\n".join(lines)

"""ESConv (Liu et al. 2021): emotional-support conversations with supporter strategies."""

from __future__ import annotations

import json

from empathic.datasets.paths import data_dir
from empathic.labels import STRATEGIES


def load_esconv(split: str) -> list[dict]:
    """Conversations of ``train``, ``valid`` or ``test``; speakers mapped to user/agent."""
    conversations = []
    with open(data_dir("esconv") / f"{split}.jsonl", encoding="utf-8") as f:
        for line in f:
            raw = json.loads(line)
            dialog = [{"speaker": "user" if t["speaker"] == "usr" else "agent", "text": t["text"].strip(),
                       **({"strategy": t["strategy"]} if t.get("strategy") in STRATEGIES else {})}
                      for t in raw["dialog"]]
            conversations.append({"emotion_type": raw.get("emotion_type"), "problem_type": raw.get("problem_type"),
                                  "situation": raw.get("situation"), "dialog": dialog,
                                  "survey": (raw.get("survey_score") or {}).get("seeker") or {}})
    return conversations


def strategy_examples(conversations: list[dict]) -> list[tuple[list[dict], str]]:
    """(history before the agent turn, that turn's strategy) for every labelled agent turn."""
    examples = []
    for conversation in conversations:
        dialog = conversation["dialog"]
        for i, turn in enumerate(dialog):
            if turn["speaker"] == "agent" and "strategy" in turn and i > 0:
                examples.append((dialog[:i], turn["strategy"]))
    return examples


def insights_conversations(splits: tuple[str, ...] = ("train", "valid", "test")) -> list[dict]:
    """ESConv in the ``empathic insights`` conversation shape (docs/insights.md): ids ``<split>-<n>``,
    seeker and supporter turns with the supporter's strategy, and the seeker's own survey
    (emotion intensity 1-5 before and after) in ``metadata``."""
    conversations = []
    for split in splits:
        with open(data_dir("esconv") / f"{split}.jsonl", encoding="utf-8") as f:
            for number, line in enumerate(f):
                raw = json.loads(line)
                seeker = (raw.get("survey_score") or {}).get("seeker") or {}
                turns = [{"speaker": "seeker" if t["speaker"] == "usr" else "supporter", "text": t["text"].strip(),
                          **({"strategy": t["strategy"]} if t.get("strategy") in STRATEGIES else {})}
                         for t in raw["dialog"] if t["text"].strip()]
                metadata = {"emotion_type": raw.get("emotion_type"), "problem_type": raw.get("problem_type"),
                            "initial_intensity": _number(seeker.get("initial_emotion_intensity")),
                            "final_intensity": _number(seeker.get("final_emotion_intensity"))}
                conversations.append({"id": f"{split}-{number}", "turns": turns, "metadata": metadata})
    return conversations


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None

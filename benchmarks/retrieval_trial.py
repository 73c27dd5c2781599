"""Replies of the scripted conversations (tests/conversation_scripts.py) in the supportive presets, with the
retrieval bank and without: distinct-2, share ending in a question, share with a retrieved human reply.

    PYTHONPATH=src python benchmarks/retrieval_trial.py [--show 12]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conversation_scripts import CONVERSATIONS  # noqa: E402

from empathic.conversation.agent import Agent  # noqa: E402
from empathic.conversation.planner import ResponsePlanner  # noqa: E402
from empathic.conversation.retrieval import ResponseBank  # noqa: E402
from empathic.evaluation.replies import distinct_2  # noqa: E402
from empathic.storage.store import Store  # noqa: E402
from empathic.text.recognizer import TextEmotionRecognizer  # noqa: E402


def play(bank, recognizer, planner) -> list[tuple[str, str]]:
    pairs = []
    for conversation in CONVERSATIONS:
        if conversation.preset not in ("default", "wellbeing"):
            continue
        agent = Agent(preset=conversation.preset, store=Store("sqlite:///:memory:"), seed=0, text_recognizer=recognizer,
                      planner=planner, response_bank=bank, persona=conversation.persona)
        for number, session in enumerate(conversation.sessions):
            for turn in session:
                result = agent.respond(f"{conversation.id}-{number}", conversation.user, text=turn.text)
                if result.source != "crisis":
                    pairs.append((turn.text, result.reply))
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=10, help="print this many turns whose reply changed")
    args = parser.parse_args()
    recognizer = TextEmotionRecognizer().load()
    planner = ResponsePlanner(recognizer=TextEmotionRecognizer(explain=False))
    bank_replies = {e["reply"] for e in ResponseBank().entries}
    rows = {}
    for name, bank in (("composed only", False), ("with retrieval", None)):
        pairs = play(bank, recognizer, planner)
        replies = [r for _, r in pairs]
        retrieved = sum(any(b in r for b in bank_replies) for r in replies)
        rows[name] = pairs
        print(f"{name:15} replies {len(replies)}  distinct-2 {distinct_2(replies):.3f}  "
              f"end in a question {sum(r.rstrip().endswith('?') for r in replies) / len(replies):.2f}  "
              f"with a retrieved reply {retrieved / len(replies):.2f}")
    shown = 0
    for (user, before), (_, after) in zip(rows["composed only"], rows["with retrieval"]):
        if before != after and shown < args.show:
            print(f"\n  user:   {user}\n  before: {before}\n  after:  {after}")
            shown += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

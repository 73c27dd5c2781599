"""Per-turn latency of the agent with the template realizer (text only).

    python benchmarks/turn_latency.py [--turns 200]

Runs scripted sessions through ``Agent.respond`` on an in-memory SQLite store
and on a file store (WAL), and prints p50/p95 per turn; the first turn of the
process (model loading) is excluded.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

LINES = ["I had a really rough day at work.", "My manager criticised me in front of everyone.",
         "I keep replaying it in my head.", "My sister Maya says I should let it go.",
         "But I'm worried it will affect my review next month.", "Thanks, that helps a little.",
         "I'm also excited about my trip to Lisbon though!", "Anyway, I should sleep soon."]


def run(database_url: str, turns: int) -> dict:
    from empathic.conversation.agent import Agent

    agent = Agent(database_url=database_url, seed=0)
    agent.respond("warmup", "w", text="hello")
    samples = []
    for i in range(turns):
        started = time.perf_counter()
        agent.respond(f"s{i // len(LINES)}", f"u{i // len(LINES)}", text=LINES[i % len(LINES)])
        samples.append((time.perf_counter() - started) * 1000)
    ordered = sorted(samples)
    return {"p50_ms": statistics.median(ordered), "p95_ms": ordered[int(0.95 * (len(ordered) - 1))], "n": turns}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name, url in (("sqlite in memory", "sqlite:///:memory:"), ("sqlite file (WAL)", f"sqlite:///{folder}/bench.db")):
            result = run(url, args.turns)
            print(f"{name:20} p50 {result['p50_ms']:6.1f} ms   p95 {result['p95_ms']:6.1f} ms   ({result['n']} turns)")


if __name__ == "__main__":
    main()

"""What the LiveKit plugin adds per user turn, text only.

    PYTHONPATH=src python benchmarks/livekit_overhead.py [--turns 40] [--runs 3]

The same typed turns go through a real LiveKit ``AgentSession`` (text mode, no room) with a plain ``Agent``
and with ``EmpathicAgent`` (guard on); the LLM is ``livekit-plugins-openai`` over real HTTP to a local fake
model that answers at once. Overhead per turn = the turn's time with empathic minus the median turn time
with the plain agent in the same run (every turn a different sentence, so no cache answers). Prints the p50
and p95 per run and the median of the runs' p50.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proxy_overhead import percentile, sentences  # noqa: E402  the same varied turns


async def turn_times(agent, base_url: str, texts: list[str]) -> list[float]:
    from livekit.agents import AgentSession
    from livekit.plugins import openai

    times = []
    async with openai.LLM(model="fake-model", base_url=base_url, api_key="sk-bench") as model, \
            AgentSession(llm=model) as session:
        await session.start(agent)
        await session.run(user_input="Hello there.")  # connections and first-call costs out of the timing
        for text in texts:
            start = time.perf_counter()
            await session.run(user_input=text)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    from livekit.agents import Agent

    from empathic.integrations.livekit import EmpathicAgent
    from empathic.integrations.proxy import TurnReader
    from empathic.testing.fake_llm import FakeLLMServer

    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reader = TurnReader()
    reader.warm_up()
    pool = list(sentences())
    p50s = []
    with FakeLLMServer(reply="That sounds hard. Tell me more about what happened.") as fake:
        for run in range(args.runs):
            texts = pool[run * args.turns:(run + 1) * args.turns]
            plain = asyncio.run(turn_times(Agent(instructions="You are ShopBot."), fake.base_url, texts))
            agent = EmpathicAgent(instructions="You are ShopBot.", reader=reader)
            empathic = asyncio.run(turn_times(agent, fake.base_url, texts))
            base = statistics.median(plain)
            overhead = [t - base for t in empathic]
            p50s.append(percentile(overhead, 0.5))
            print(f"run {run + 1}: plain p50 {base:.1f} ms; overhead p50 {p50s[-1]:.1f} ms, "
                  f"p95 {percentile(overhead, 0.95):.1f} ms over {len(texts)} turns")
    print(f"overhead per user turn, median of {args.runs} runs' p50: {statistics.median(p50s):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

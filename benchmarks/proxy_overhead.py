"""The proxy's overhead per request beyond the upstream's own time.

    PYTHONPATH=src python benchmarks/proxy_overhead.py [--runs 5] [--requests 40] [--no-context-model]

A local fake OpenAI-compatible model answers at once; the same chat requests go to it
directly and through ``empathic proxy`` (real HTTP, an API key, a session header, one new
user turn per request as a chat client sends it; every user turn is a different sentence,
so no cache answers for the models). Overhead per request = time through the proxy minus
the median time straight to the upstream, measured in the same run. Prints p50/p95 per run
and the median of the runs' p50; also the proxy's own ``overhead_ms`` (perception,
planning and the guard, without the HTTP hop).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

OPENINGS = ["Honestly,", "Ugh,", "Well,", "So", "To be fair,", "Right now", "Today", "Again,", "Look,", "Okay,"]
MIDDLES = ["my order still hasn't arrived", "the app crashed during my exam", "my landlord ignored my emails",
           "I got the promotion I wanted", "my sister stopped talking to me", "the refund never came through",
           "my flight was cancelled twice", "I can't sleep before the interview", "my dog is sick again",
           "the support line hung up on me", "I finished the marathon", "my manager took credit for my work"]
ENDINGS = ["and I don't know what to do.", "which is ridiculous.", "and I'm so happy!", "and it's wearing me down.",
           "but whatever.", "and nobody seems to care."]


def sentences():
    for ending in ENDINGS:
        for middle in MIDDLES:
            for opening in OPENINGS:
                yield f"{opening} {middle} {ending}"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import httpx
    from conftest import LiveServer

    from empathic.integrations.proxy import EmotionProxy, create_proxy_app
    from empathic.service.application import Application
    from empathic.service.auth import create_key
    from empathic.service.settings import Settings
    from empathic.testing.fake_llm import FakeLLMServer

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--turns", type=int, default=6, help="user turns per session before a new one starts")
    parser.add_argument("--no-context-model", action="store_true", help="plan with the strategy trees alone")
    args = parser.parse_args()

    application = Application(Settings(database_url="sqlite:///:memory:", rate_limit_per_minute=0))
    key = create_key(application.store, "bench")
    texts = sentences()
    p50s = []
    with FakeLLMServer(reply="That sounds like a lot. What would help most right now?") as fake:
        proxy = EmotionProxy(fake.base_url, application, context_model=not args.no_context_model)
        proxy.warm_up()
        live = LiveServer(create_proxy_app(proxy))
        with httpx.Client(timeout=30) as http:
            for run in range(args.runs):
                direct, through, own = [], [], []
                messages: list[dict] = [{"role": "system", "content": "You are a helpful assistant."}]
                session = f"run{run}-0"
                for i in range(args.requests):
                    if i and i % args.turns == 0:
                        messages, session = messages[:1], f"run{run}-{i}"
                    messages.append({"role": "user", "content": next(texts)})
                    body = {"model": "m", "messages": messages}
                    started = time.perf_counter()
                    http.post(f"{fake.base_url}/chat/completions", json=body).raise_for_status()
                    direct.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    response = http.post(f"{live.base}/v1/chat/completions", json=body,
                                         headers={"Authorization": f"Bearer {key}", "X-Empathic-Session": session})
                    through.append((time.perf_counter() - started) * 1000)
                    response.raise_for_status()
                    data = response.json()
                    own.append(data["empathic"]["overhead_ms"])
                    messages.append({"role": "assistant", "content": data["choices"][0]["message"]["content"]})
                upstream = statistics.median(direct)
                overhead = [t - upstream for t in through]
                p50s.append(statistics.median(overhead))
                print(f"run {run + 1}: overhead p50 {p50s[-1]:6.1f} ms  p95 {percentile(overhead, 0.95):6.1f} ms  "
                      f"(through the proxy p50 {statistics.median(through):6.1f} ms, upstream alone p50 {upstream:5.1f} ms; "
                      f"proxy's own work p50 {statistics.median(own):5.1f} ms; {args.requests} requests)", flush=True)
        live.stop()
    print(f"median of {args.runs} runs' p50 overhead: {statistics.median(p50s):.1f} ms (target <= 30 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

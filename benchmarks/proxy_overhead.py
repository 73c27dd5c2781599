"""The proxy's overhead per request beyond the upstream's own time.

    PYTHONPATH=src python benchmarks/proxy_overhead.py [--runs 5] [--requests 40] [--context-model]

A local fake OpenAI-compatible model answers at once; the same chat requests go to it
directly and through ``empathic proxy`` (the CLI, in its own process; real HTTP, an API
key, a session header, one new user turn per request as a chat client sends it; every user
turn is a different sentence, so no cache answers for the models). Overhead per request =
time through the proxy minus the median time straight to the upstream, measured in the
same run. Prints p50/p95 per run and the median of the runs' p50; also the proxy's own
``overhead_ms`` (perception, planning and the guard, without the HTTP hop) and the proxy
process's CPU time per request, which does not depend on what else the machine runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
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
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cpu_ms(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main() -> int:
    import httpx

    from empathic.testing.fake_llm import FakeLLMServer

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--turns", type=int, default=6, help="user turns per session before a new one starts")
    parser.add_argument("--context-model", action="store_true", help="the proxy's --context-model (the agent's planner)")
    args = parser.parse_args()

    texts = sentences()
    p50s, cpus = [], []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    with tempfile.TemporaryDirectory() as folder, FakeLLMServer(reply="That sounds like a lot. What would help most?") as fake:
        database = f"sqlite:///{folder}/keys.db"
        key = subprocess.run([sys.executable, "-m", "empathic.cli", "keys", "create", "--tenant", "bench",
                              "--database-url", database], env=env, capture_output=True, text=True,
                             check=True).stdout.strip().splitlines()[-1]
        port = free_port()
        command = [sys.executable, "-m", "empathic.cli", "proxy", "--upstream", fake.base_url, "--port", str(port),
                   "--database-url", database, "--rate-limit", "0"]
        proxy = subprocess.Popen(command + (["--context-model"] if args.context_model else []), env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base, auth = f"http://127.0.0.1:{port}/v1", {"Authorization": f"Bearer {key}"}
        try:
            with httpx.Client(timeout=60) as http:
                for _ in range(600):
                    try:
                        if http.get(f"{base}/models", headers=auth).status_code == 200:
                            break
                    except httpx.HTTPError:
                        time.sleep(0.2)
                for run in range(args.runs):
                    direct, through, own = [], [], []
                    messages: list[dict] = [{"role": "system", "content": "You are a helpful assistant."}]
                    session = f"run{run}-0"
                    cpu_before = cpu_ms(proxy.pid)
                    for i in range(args.requests):
                        if i and i % args.turns == 0:
                            messages, session = messages[:1], f"run{run}-{i}"
                        messages.append({"role": "user", "content": next(texts)})
                        body = {"model": "m", "messages": messages}
                        started = time.perf_counter()
                        http.post(f"{fake.base_url}/chat/completions", json=body).raise_for_status()
                        direct.append((time.perf_counter() - started) * 1000)
                        started = time.perf_counter()
                        response = http.post(f"{base}/chat/completions", json=body,
                                             headers={**auth, "X-Empathic-Session": session})
                        through.append((time.perf_counter() - started) * 1000)
                        response.raise_for_status()
                        data = response.json()
                        own.append(data["empathic"]["overhead_ms"])
                        messages.append({"role": "assistant", "content": data["choices"][0]["message"]["content"]})
                    cpus.append((cpu_ms(proxy.pid) - cpu_before) / args.requests)
                    upstream = statistics.median(direct)
                    overhead = [t - upstream for t in through]
                    p50s.append(statistics.median(overhead))
                    print(f"run {run + 1}: overhead p50 {p50s[-1]:6.1f} ms  p95 {percentile(overhead, 0.95):6.1f} ms  "
                          f"(through the proxy p50 {statistics.median(through):6.1f} ms, upstream alone p50 "
                          f"{upstream:5.1f} ms; proxy's own work p50 {statistics.median(own):5.1f} ms; proxy CPU "
                          f"{cpus[-1]:5.1f} ms/request; {args.requests} requests; load {os.getloadavg()[0]:.1f})",
                          flush=True)
        finally:
            proxy.terminate()
            proxy.wait(timeout=30)
    print(f"median of {args.runs} runs' p50 overhead: {statistics.median(p50s):.1f} ms (target <= 30 ms); "
          f"proxy CPU per request, median of runs: {statistics.median(cpus):.1f} ms; "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    return 0


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    raise SystemExit(main())

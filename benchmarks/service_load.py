"""Load on the running service: text turns over real HTTP, SQLite and PostgreSQL.

    python benchmarks/service_load.py [--clients 8] [--turns 10] [--postgres URL]

Starts ``empathic serve`` in a subprocess per database, creates a key with
``empathic keys create``, then ``--clients`` threads each run a session of
``--turns`` text turns. Prints throughput and p50/p95 latency per turn.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import httpx

LINES = ["My order still hasn't arrived.", "I've been waiting two weeks.", "Nobody answers my emails!",
         "This is really frustrating.", "Can you tell me what happens next?", "OK, thanks for explaining."]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(database_url: str, clients: int, turns: int) -> dict:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    key = subprocess.run([sys.executable, "-m", "empathic.cli", "keys", "create", "--tenant", "bench",
                          "--database-url", database_url], capture_output=True, text=True, check=True, env=env).stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "empathic.cli", "serve", "--port", str(port),
                               "--database-url", database_url, "--rate-limit", "100000"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        headers = {"Authorization": f"Bearer {key}"}

        def session(i: int) -> list[float]:
            latencies = []
            with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
                sid = c.post("/v1/sessions", json={"user_id": f"load-{i}"}).json()["id"]
                for n in range(turns):
                    started = time.perf_counter()
                    r = c.post(f"/v1/sessions/{sid}/turns", json={"text": LINES[n % len(LINES)]})
                    r.raise_for_status()
                    latencies.append((time.perf_counter() - started) * 1000)
            return latencies

        session(-1)  # warm up models and connections
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            latencies = [x for part in pool.map(session, range(clients)) for x in part]
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    ordered = sorted(latencies)
    return {"turns_per_s": len(latencies) / elapsed, "p50_ms": statistics.median(ordered),
            "p95_ms": ordered[int(0.95 * (len(ordered) - 1))], "n": len(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--postgres", default="postgresql+psycopg2://postgres@127.0.0.1:5432/empathic_test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name, url in (("SQLite (WAL file)", f"sqlite:///{folder}/load.db"), ("PostgreSQL", args.postgres)):
            try:
                r = run(url, args.clients, args.turns)
            except (subprocess.CalledProcessError, httpx.HTTPError) as exc:
                print(f"{name:18} skipped: {exc}")
                continue
            print(f"{name:18} {r['turns_per_s']:6.1f} turns/s   p50 {r['p50_ms']:6.1f} ms   p95 {r['p95_ms']:6.1f} ms"
                  f"   ({r['n']} turns, {args.clients} concurrent clients)")


if __name__ == "__main__":
    main()

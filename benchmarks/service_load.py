"""Load on the running service: text turns over real HTTP, SQLite and PostgreSQL.

    python benchmarks/service_load.py [--clients 30] [--seconds 60] [--postgres URL]

Starts ``empathic serve`` in a subprocess per database (encryption on), creates a key with
``empathic keys create``, then ``--clients`` threads each run one session, sending text turns
until ``--seconds`` have passed. Prints throughput and p50/p95 latency per turn, then opens
the database and checks that every acknowledged turn is stored exactly once (and nothing
else). PostgreSQL runs in a fresh database of its own, dropped afterwards.
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


def run(database_url: str, clients: int, seconds: float) -> dict:
    from cryptography.fernet import Fernet

    secret = Fernet.generate_key().decode()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "EMPATHIC_ENCRYPTION_KEY": secret}
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

        def session(i: int, seconds: float) -> tuple[str, list[str], list[float]]:
            acknowledged, latencies = [], []
            with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
                sid = c.post("/v1/sessions", json={"user_id": f"load-{i}"}).json()["id"]
                deadline, n = time.perf_counter() + seconds, 0
                while time.perf_counter() < deadline:
                    text = f"{LINES[n % len(LINES)]} (#{n})"
                    started = time.perf_counter()
                    r = c.post(f"/v1/sessions/{sid}/turns", json={"text": text})
                    if r.status_code == 200:
                        acknowledged.append(text)
                        latencies.append((time.perf_counter() - started) * 1000)
                    n += 1
            return sid, acknowledged, latencies

        session(-1, 2)  # warm up models and connections
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            runs = list(pool.map(session, range(clients), [seconds] * clients))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    from empathic.storage.store import Store

    store = Store(database_url, encryption_key=secret)
    exact = sum(sorted(t["user_text"] for t in store.list_turns(sid)) == sorted(texts) for sid, texts, _ in runs)
    latencies = [x for _, _, part in runs for x in part]
    ordered = sorted(latencies)
    return {"turns_per_s": len(latencies) / elapsed, "p50_ms": statistics.median(ordered),
            "p95_ms": ordered[int(0.95 * (len(ordered) - 1))], "n": len(latencies), "exact": exact,
            "sessions": len(runs)}


def fresh_postgres(url: str) -> tuple[str, callable]:
    import sqlalchemy

    name = f"empathic_load_{os.getpid()}"
    admin = sqlalchemy.create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f"drop database if exists {name}")
        c.exec_driver_sql(f"create database {name}")

    def drop():
        with admin.connect() as c:
            c.exec_driver_sql(f"drop database if exists {name} with (force)")
    return url.rsplit("/", 1)[0] + f"/{name}", drop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--postgres", default="postgresql+psycopg2://postgres@127.0.0.1:5432/empathic_test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name in ("SQLite (WAL file)", "PostgreSQL"):
            drop = None
            try:
                url = f"sqlite:///{folder}/load.db" if name.startswith("SQLite") else None
                if url is None:
                    url, drop = fresh_postgres(args.postgres)
                r = run(url, args.clients, args.seconds)
            except Exception as exc:  # noqa: BLE001  a database that is not there is reported, not fatal
                print(f"{name:18} skipped: {type(exc).__name__}: {exc}")
                continue
            finally:
                if drop:
                    drop()
            print(f"{name:18} {r['turns_per_s']:6.1f} turns/s   p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms"
                  f"   ({r['n']} turns, {args.clients} clients, {args.seconds:.0f} s; acknowledged turns stored "
                  f"exactly once in {r['exact']}/{r['sessions']} sessions)", flush=True)


if __name__ == "__main__":
    main()

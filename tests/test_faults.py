"""A database outage under load: PostgreSQL refuses and drops the test's own database's
connections for a few seconds while clients send turns. Clients get 503 + Retry-After with
the JSON error shape, the service recovers by itself, and the stored history has every
acknowledged turn exactly once, no hole in the turn index and no text of a failed turn."""

from __future__ import annotations

import concurrent.futures
import threading
import time
import uuid

import httpx
import pytest

from conftest import POSTGRES_URL, LiveServer, postgres_url_or_skip
from empathic.service.app import Settings, create_app
from empathic.service.auth import create_key


@pytest.fixture
def own_database():
    """A database of this test's own, so that cutting its connections touches nothing else."""
    postgres_url_or_skip()
    import sqlalchemy

    name = f"empathic_fault_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f"create database {name}")
    yield admin, name, POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as c:
        c.exec_driver_sql(f"alter database {name} allow_connections true")
        c.exec_driver_sql(f"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{name}'")
        c.exec_driver_sql(f"drop database if exists {name}")
    admin.dispose()


def outage(admin, name: str, seconds: float) -> None:
    with admin.connect() as c:
        c.exec_driver_sql(f"alter database {name} allow_connections false")
        deadline = time.time() + seconds
        while time.time() < deadline:  # keep cutting: pools try to reconnect
            c.exec_driver_sql(f"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{name}'")
            time.sleep(0.2)
        c.exec_driver_sql(f"alter database {name} allow_connections true")


def test_database_outage_answers_503_recovers_and_loses_or_duplicates_nothing(own_database, caplog):
    admin, name, url = own_database
    app = create_app(Settings(database_url=url, rate_limit_per_minute=1_000_000, purge_interval_s=0))
    key = create_key(app.state.store, "fault")
    live = LiveServer(app)
    headers = {"Authorization": f"Bearer {key}"}
    acknowledged: dict[str, list[str]] = {}
    statuses: list[int] = []
    stop = threading.Event()

    def client(i: int) -> None:
        with httpx.Client(base_url=live.base, headers=headers, timeout=30) as c:
            sid = c.post("/v1/sessions", json={"user_id": f"u{i}"}).json()["id"]
            acknowledged[sid] = []
            n = 0
            while not stop.is_set():
                text = f"client {i} message {n} SECRET{uuid.uuid4().hex[:6]}"
                n += 1
                response = c.post(f"/v1/sessions/{sid}/turns", json={"text": text})
                statuses.append(response.status_code)
                if response.status_code == 200:
                    acknowledged[sid].append(text)
                else:
                    assert response.status_code == 503, response.text
                    assert response.json()["error"] == "database_unavailable"
                    assert int(response.headers["Retry-After"]) > 0
                    time.sleep(0.2)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(client, i) for i in range(4)]
            time.sleep(2)
            outage(admin, name, 4)
            time.sleep(4)  # recovery: turns succeed again
            stop.set()
            for f in futures:
                f.result()
    finally:
        live.stop()
    assert 503 in statuses, "the outage was not seen"
    tail = statuses[-8:]
    assert 200 in tail, f"no recovery: {tail}"
    store = app.state.store
    for sid, texts in acknowledged.items():
        stored = store.list_turns(sid)
        assert [t["index"] for t in stored] == list(range(len(stored))), "a hole in the turn index"
        stored_texts = [t["user_text"] for t in stored]
        assert sorted(set(stored_texts)) == sorted(stored_texts), "a turn stored twice"
        assert set(texts) <= set(stored_texts), "an acknowledged turn was lost"
        # a failed turn may only be stored if its commit happened before the connection broke
        assert len(stored_texts) - len(texts) <= 1
        history = [h["text"] for h in store.get_session(sid)["state"]["history"] if h["speaker"] == "user"]
        assert history == stored_texts, "the session history holds text the turns table does not"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "SECRET" not in logged, "a turn's text reached the log"

"""The security suite: each hole an attack-and-fault run found, reproduced and shown closed,
over real HTTP and WebSocket, on SQLite and PostgreSQL. docs/robustness.md lists them."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid

import httpx
import pytest

from conftest import LiveServer, postgres_url_or_skip
from empathic.service.app import Settings, create_app
from empathic.service.auth import create_key

ws_client = pytest.importorskip("websockets.sync.client")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    url = (f"sqlite:///{tmp_path_factory.mktemp('sec') / 'sec.db'}" if request.param == "sqlite"
           else postgres_url_or_skip())
    app = create_app(Settings(database_url=url, rate_limit_per_minute=100_000, purge_interval_s=0))
    live = LiveServer(app)
    tenants = [f"sec-{uuid.uuid4().hex[:6]}" for _ in range(2)]
    keys = {t: create_key(app.state.store, t) for t in tenants}
    yield {"base": live.base, "app": app, "store": app.state.store, "tenants": tenants, "keys": keys,
           "url": url, "kind": request.param}
    live.stop()


def http(served, tenant: int = 0) -> httpx.Client:
    key = served["keys"][served["tenants"][tenant]]
    return httpx.Client(base_url=served["base"], headers={"Authorization": f"Bearer {key}"}, timeout=60)


def session(c: httpx.Client, user: str, preset: str | None = None) -> str:
    body = {"user_id": user} | ({"preset": preset} if preset else {})
    created = c.post("/v1/sessions", json=body)
    assert created.status_code == 201, created.text
    return created.json()["id"]


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error", "detail"}, body
    if code:
        assert body["error"] == code, body
    return body


# --- tenancy -------------------------------------------------------------------------------------
def test_tenant_names_and_user_ids_cannot_carry_a_slash(served, tmp_path):
    from empathic.errors import InvalidInputError

    for bad in ("acme/eu", "line\nbreak", "", "x" * 65, "mqtt", "local"):
        with pytest.raises(InvalidInputError):
            create_key(served["store"], bad)
    with http(served) as c:
        for user in ("eu/carol", "nul\x00", "tab\tid", "x" * 101, "\ud800"):
            body = json.dumps({"user_id": user})  # ASCII-escaped: a lone surrogate travels as \\ud800
            assert_error(c.post("/v1/sessions", content=body, headers={"Content-Type": "application/json"}),
                         422, "invalid_input")
        assert c.get("/v1/users/eu%2Fcarol/export").status_code in (404, 422)


def test_the_same_user_id_in_two_tenants_is_two_people(served):
    with http(served, 0) as a, http(served, 1) as b:
        sid_a = session(a, "carol")
        sid_b = session(b, "carol")
        a.post(f"/v1/sessions/{sid_a}/turns", json={"text": "tenant A secret about my sister"})
        b.post(f"/v1/sessions/{sid_b}/turns", json={"text": "tenant B note"})
        erased = a.delete("/v1/users/carol").json()["erased"]
        assert erased["sessions"] == 1 and erased["turns"] == 1
        kept = b.get("/v1/users/carol/export").json()
        assert [t["text"] for t in kept["sessions"][0]["turns"]] == ["tenant B note"]
        assert "sister" not in json.dumps(kept)


# --- erasure against an open socket ----------------------------------------------------------------
def test_erasure_closes_the_socket_and_nothing_comes_back(served):
    from websockets.exceptions import ConnectionClosed

    user = f"ws-{uuid.uuid4().hex[:6]}"
    with http(served) as c:
        sid = session(c, user)
        ws = ws_client.connect(served["base"].replace("http", "ws") + f"/v1/sessions/{sid}/stream", open_timeout=10)
        ws.send(json.dumps({"type": "auth", "key": served["keys"][served["tenants"][0]]}))
        assert json.loads(ws.recv(timeout=10))["type"] == "ready"
        ws.send(json.dumps({"type": "text", "text": "first words"}))
        while json.loads(ws.recv(timeout=60))["type"] != "turn":
            pass
        assert c.delete(f"/v1/users/{user}").status_code == 200
        with pytest.raises(ConnectionClosed) as closed:
            for _ in range(10):
                ws.send(json.dumps({"type": "text", "text": "after erasure"}))
                ws.recv(timeout=10)
        assert closed.value.rcvd.code == 4410
        exported = c.get(f"/v1/users/{user}/export").json()
        assert exported["sessions"] == [] and exported["profile"] is None
    from sqlalchemy import select

    from empathic.storage.schema import sessions

    with served["store"].engine.connect() as conn:
        assert conn.execute(select(sessions.c.id).where(sessions.c.id == sid)).first() is None


def test_a_turn_racing_an_erasure_stores_nothing(served):
    """The library path: an Agent holding the session in memory cannot re-create an erased user."""
    from empathic.conversation.agent import Agent
    from empathic.errors import ConflictError

    store = served["store"]
    agent = Agent(store=store)
    agent.respond("race-1", "racer", "hello there", tenant="t1")
    store.erase_user("racer", "t1")  # erased behind the agent's back (another process)
    with pytest.raises(ConflictError):
        agent.respond("race-1", "racer", "still here?", tenant="t1")
    with pytest.raises(ConflictError):  # a new implicit session is refused too
        agent.respond("race-2", "racer", "new session?", tenant="t1")
    assert store.export_user("racer", "t1")["sessions"] == [] and store.load_profile("racer", "t1") is None


# --- malformed input ------------------------------------------------------------------------------------
@pytest.mark.parametrize("path, body", [
    ("/v1/analyze", b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    ("/v1/analyze", b'{"text": "bad \\ud800 surrogate"}'),
    ("/v1/analyze", b'{"text": "nul \\u0000 byte"}'),
    ("/v1/sessions", b'{"user_id": "u", "preset": ["hr"]}'),
    ("/v1/sessions", b'{"user_id": "\\ud83d"}'),
    ("/v1/sessions", b'{"user_id": 12}'),
    ("/v1/speech", b'{"text": "hi", "warmth": true}'),
])
def test_malformed_json_answers_422(served, path, body):
    with http(served) as c:
        assert_error(c.post(path, content=body, headers={"Content-Type": "application/json"}), 422, "invalid_input")


@pytest.mark.parametrize("change", [{"turn": 10**20}, {"turn": 2**31}, {"turn": -1}, {"turn": True},
                                    {"rating": True}, {"rating": 9}, {"thumbs": 2}, {"thumbs": True},
                                    {"label": "x" * 40}, {"session_id": "s" * 100}])
def test_feedback_fields_are_range_and_type_checked(served, change):
    with http(served) as c:
        sid = session(c, "fb")
        body = {"session_id": sid, "turn": 0, "rating": 4} | change
        assert_error(c.post("/v1/feedback", json=body), 422 if "session_id" not in change else 422)


def test_consent_fields_and_single_modality_read(served):
    with http(served) as c:
        assert_error(c.put("/v1/users/u9/consents/voice", json={"purpose": "x", "retention_days": True}), 422)
        assert_error(c.put("/v1/users/u9/consents/voice", json={"purpose": "x", "retention_days": 9999}), 422)
        assert_error(c.put("/v1/users/u9/consents/voice", json={"purpose": ""}), 422)
        assert c.put("/v1/users/u9/consents/voice", json={"purpose": "support"}).status_code == 201
        one = c.get("/v1/users/u9/consents/voice").json()
        assert one["active"] is True and one["purpose"] == "support" and one["expires_at"]
        assert c.get("/v1/users/u9/consents/face").json()["active"] is False
        assert_error(c.get("/v1/users/u9/consents/smell"), 422)


# --- bodies, media and cost -------------------------------------------------------------------------------
def test_chunked_and_multipart_bodies_are_cut_at_the_limit(served):
    def chunks(total: int, prefix: bytes = b""):
        yield prefix
        block = b"a" * 65_536
        for _ in range(total // len(block)):
            yield block

    with http(served) as c:
        started = time.perf_counter()
        big = c.post("/v1/analyze", content=chunks(40_000_000, b'{"text": "'), headers={"Content-Type": "application/json"})
        assert_error(big, 413, "payload_too_large")
        boundary = "xyz"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.wav\"\r\n"
                "Content-Type: audio/wav\r\n\r\n").encode()
        multi = c.post("/v1/analyze", content=chunks(40_000_000, head),
                       headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert_error(multi, 413, "payload_too_large")
        assert time.perf_counter() - started < 30
        assert c.get("/healthz").status_code == 200


def test_an_image_over_the_pixel_cap_is_refused_before_decoding(served):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (8000, 8000)).save(buffer, "PNG")  # ~80 KB on disk, 64 Mpx decoded
    with http(served) as c:
        sid = session(c, "pixels")
        c.put("/v1/users/pixels/consents/face", json={"purpose": "test"})
        started = time.perf_counter()
        refused = c.post(f"/v1/sessions/{sid}/turns", files={"image": ("big.png", buffer.getvalue(), "image/png")})
        assert_error(refused, 413, "payload_too_large")
        assert time.perf_counter() - started < 2


def test_rate_limits_count_cost_not_requests(tmp_path):
    from fastapi.testclient import TestClient

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'cost.db'}", rate_limit_per_minute=30,
                              purge_interval_s=0))
    key = create_key(app.state.store, "costly")
    headers = {"Authorization": f"Bearer {key}"}
    with TestClient(app) as c:
        sid = c.post("/v1/sessions", json={"user_id": "u"}, headers=headers).json()["id"]
        long_text = "I am upset about the delay. " * 350  # ~9,800 characters: ~20 units
        assert c.post(f"/v1/sessions/{sid}/turns", json={"text": long_text}, headers=headers).status_code == 200
        limited = c.post(f"/v1/sessions/{sid}/turns", json={"text": long_text}, headers=headers)
        assert_error(limited, 429, "rate_limited")
        assert int(limited.headers["Retry-After"]) >= 1
        assert c.post(f"/v1/sessions/{sid}/turns", json={"text": "ok"}, headers=headers).status_code == 200


def test_rate_limits_are_shared_across_workers_through_redis():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"Redis not reachable on 127.0.0.1:6379 ({type(exc).__name__})")
    from empathic.service.limits import CostLimiter

    tenant = f"shared-{uuid.uuid4().hex[:6]}"
    worker_a, worker_b = (CostLimiter(10, "redis://127.0.0.1:6379/0") for _ in range(2))
    assert worker_a.check(tenant, 6) == 0
    assert worker_b.check(tenant, 3) == 0
    assert worker_b.check(tenant, 3) > 0 and worker_a.check(tenant, 3) > 0  # one budget of 10, not two


# --- sessions, presets, metrics, headers --------------------------------------------------------------------
def test_ended_sessions_refuse_turns(served):
    with http(served) as c:
        sid = session(c, "ender")
        assert c.post(f"/v1/sessions/{sid}/turns", json={"text": "hello"}).status_code == 200
        assert c.post(f"/v1/sessions/{sid}/end").json()["ended"] is True
        assert_error(c.post(f"/v1/sessions/{sid}/turns", json={"text": "again"}), 409, "session_ended")
        assert [t["index"] for t in c.get(f"/v1/sessions/{sid}/timeline").json()["turns"]] == [0]


def test_analyze_follows_the_session_preset(served):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (128, 128, 128)).save(buffer, "PNG")
    with http(served) as c:
        sid = session(c, "employee", preset="hr")
        c.put("/v1/users/employee/consents/face", json={"purpose": "anything"})
        refused = c.post("/v1/analyze", data={"session_id": sid},
                         files={"image": ("f.png", buffer.getvalue(), "image/png")})
        assert_error(refused, 403, "prohibited_context")


def test_security_headers_metrics_and_docs(served):
    with http(served) as c:
        for path in ("/", "/healthz", "/v1/users/x/consents"):
            headers = c.get(path).headers
            assert headers["x-content-type-options"] == "nosniff"
            assert "frame-ancestors 'none'" in headers["content-security-policy"]
            assert headers["referrer-policy"] == "no-referrer" and "permissions-policy" in headers
        assert httpx.get(served["base"] + "/metrics").status_code == 401
        assert "empathic_errors_5xx_total" in c.get("/metrics").text
        page = c.get("/docs").text  # Swagger UI from the bundled assets, no CDN
        assert "/docs-assets/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
        assert c.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_docs_can_be_switched_off(tmp_path):
    from fastapi.testclient import TestClient

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'docs.db'}", docs=False, purge_interval_s=0))
    with TestClient(app) as c:
        assert c.get("/docs").status_code == 404 and c.get("/openapi.json").status_code == 200


def test_no_auth_refuses_foreign_hosts_and_origins(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'local.db'}", no_auth=True, purge_interval_s=0))
    live = LiveServer(app)
    try:
        # DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host
        assert_error(httpx.get(live.base + "/v1/users/guest/export", headers={"Host": "evil.example"}), 403, "forbidden")
        assert_error(httpx.get(live.base + "/v1/users/guest/export", headers={"Origin": "http://evil.example"}),
                     403, "forbidden")
        assert httpx.get(live.base + "/v1/users/guest/export",
                         headers={"Origin": f"http://127.0.0.1:{live.port}"}).status_code == 200
    finally:
        live.stop()


def test_bad_websocket_turns_do_not_kill_the_socket(served):
    with http(served) as c:
        sid = session(c, "wsbad")
    ws = ws_client.connect(served["base"].replace("http", "ws") + f"/v1/sessions/{sid}/stream", open_timeout=10)
    ws.send(json.dumps({"type": "auth", "key": served["keys"][served["tenants"][0]]}))
    assert json.loads(ws.recv(timeout=10))["type"] == "ready"
    for bad in ('{"type": "text", "text": "\\ud800"}', '{"type": "text", "text": "a\\u0000b"}',
                json.dumps({"type": "text", "text": "x" * 20_000})):
        ws.send(bad)
        assert json.loads(ws.recv(timeout=30))["error"] == "invalid_input"
    ws.send(json.dumps({"type": "text", "text": "Now a normal message."}))
    event = json.loads(ws.recv(timeout=60))
    while event["type"] != "turn":
        event = json.loads(ws.recv(timeout=60))
    assert event["result"]["reply"]
    ws.close()


def test_agent_keeps_a_bounded_number_of_sessions(monkeypatch):
    from empathic.conversation import agent as agent_module

    monkeypatch.setattr(agent_module, "MAX_CACHED_SESSIONS", 5)
    agent = agent_module.Agent()
    for i in range(12):
        agent.respond(f"s{i}", "u", "hello")
    assert len(agent._sessions) == 5
    assert agent.respond("s0", "u", "back again").turn == 1  # evicted, reloaded from the store


# --- keys --------------------------------------------------------------------------------------------------
def test_keys_list_and_revoke(tmp_path, capsys):
    from fastapi.testclient import TestClient

    from empathic.cli import main

    url = f"sqlite:///{tmp_path / 'keys.db'}"
    assert main(["keys", "create", "--tenant", "acme", "--database-url", url]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["keys", "list", "--database-url", url]) == 0
    listing = capsys.readouterr().out
    assert key[:12] in listing and key not in listing and "acme" in listing
    app = create_app(Settings(database_url=url, purge_interval_s=0))
    with TestClient(app) as c:
        headers = {"Authorization": f"Bearer {key}"}
        assert c.get("/v1/users/x/consents", headers=headers).status_code == 200
        assert main(["keys", "revoke", key[:12], "--database-url", url]) == 0
        assert_error(c.get("/v1/users/x/consents", headers=headers), 401, "unauthorized")
    assert main(["keys", "revoke", "emp_nothere00", "--database-url", url]) == 2


# --- start-up ----------------------------------------------------------------------------------------------
def _serve(*args, env=None, timeout=60):
    import os

    return subprocess.run([sys.executable, "-m", "empathic.cli", "serve", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def test_start_up_with_the_database_down_is_one_clear_line():
    done = _serve("--database-url", "postgresql+psycopg2://postgres@127.0.0.1:1/none")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot open the database" in done.stderr and "127.0.0.1:1" in done.stderr


def test_serving_with_auth_requires_an_encryption_key(tmp_path):
    done = _serve("--database-url", f"sqlite:///{tmp_path / 'plain.db'}", env={"EMPATHIC_ENCRYPTION_KEY": ""})
    assert done.returncode == 2 and "EMPATHIC_ENCRYPTION_KEY" in done.stderr


def test_a_changed_key_is_refused_at_start_and_rotation_keeps_old_rows(tmp_path):
    from cryptography.fernet import Fernet

    from empathic.storage.store import KeyMismatchError, Store

    url = f"sqlite:///{tmp_path / 'keys.db'}"
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    store = Store(url, encryption_key=old)
    store.create_session("s", "u", "default", "t")
    store.add_turn("s", 0, "written under the old key", {})
    with pytest.raises(KeyMismatchError):
        Store(url, encryption_key=new)
    with pytest.raises(KeyMismatchError):
        Store(url, encryption_key="")  # no key at all cannot read encrypted rows either
    rotated = Store(url, encryption_key=f"{new},{old}")
    assert rotated.list_turns("s")[0]["user_text"] == "written under the old key"


def test_serve_prints_a_start_up_line(tmp_path):
    import os

    from conftest import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "empathic.cli", "serve", "--no-auth", "--port", str(port),
                             "--database-url", f"sqlite:///{tmp_path / 'up.db'}"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "EMPATHIC_ENCRYPTION_KEY": ""})
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line and "encryption off" in line
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()


# --- privacy lifecycle ----------------------------------------------------------------------------------------
def test_expired_consent_no_longer_counts(served):
    from datetime import timedelta

    from sqlalchemy import update

    from empathic.storage.schema import consents
    from empathic.storage.store import now

    tenant = served["tenants"][0]
    with http(served) as c:
        assert c.put("/v1/users/expiring/consents/face", json={"purpose": "x", "retention_days": 1}).status_code == 201
        with served["store"].engine.begin() as conn:
            conn.execute(update(consents).where(consents.c.tenant == tenant, consents.c.user_id == "expiring")
                         .values(granted_at=now() - timedelta(days=2)))
        assert c.get("/v1/users/expiring/consents/face").json()["active"] is False


def test_withdrawal_forgets_that_modalitys_readings(served):
    store, tenant = served["store"], served["tenants"][0]
    sid = uuid.uuid4().hex
    store.create_session(sid, "withdrawer", "default", tenant)
    store.add_turn(sid, 0, "words I spoke", {"readings": {"voice": {"top": "sad"}, "text": {"top": "sadness"}},
                                             "transcript": "words I spoke"})
    with http(served) as c:
        c.put("/v1/users/withdrawer/consents/voice", json={"purpose": "support"})
        assert c.delete("/v1/users/withdrawer/consents/voice").json()["withdrawn"] is True
        turn = c.get("/v1/users/withdrawer/export").json()["sessions"][0]["turns"][0]
    assert "voice" not in turn["result"]["readings"] and "transcript" not in turn["result"]
    assert turn["text"] is None and turn["result"]["withdrawn"] == ["voice"]


def test_retention_purge_covers_every_stored_item(served):
    from datetime import timedelta

    from sqlalchemy import select, update

    from empathic.safety.policy import new_consent
    from empathic.storage.schema import audit_log, consents, profiles, sessions
    from empathic.storage.store import now

    store, tenant = served["store"], f"ret-{uuid.uuid4().hex[:6]}"
    sid = uuid.uuid4().hex
    store.create_session(sid, "old", "default", tenant)
    store.save_profile("old", {"facts": ["my dog Rex"]}, tenant)
    store.grant_consent(new_consent("old", "voice", "support", 30), tenant)
    store.audit("export", tenant, "api", "old")
    long_ago = now() - timedelta(days=400)
    with store.engine.begin() as c:
        c.execute(update(sessions).where(sessions.c.tenant == tenant).values(created_at=long_ago))
        c.execute(update(profiles).where(profiles.c.tenant == tenant).values(updated_at=long_ago))
        c.execute(update(consents).where(consents.c.tenant == tenant).values(granted_at=long_ago))
        c.execute(update(audit_log).where(audit_log.c.tenant == tenant).values(at=long_ago))
    store.purge_expired(90, 365)
    with store.engine.connect() as c:
        for table in (sessions, profiles, consents, audit_log):
            assert c.execute(select(table).where(table.c.tenant == tenant)).first() is None, table.name


def test_erased_text_is_gone_from_the_sqlite_file_and_its_wal(tmp_path):
    from empathic.storage.store import Store

    path = tmp_path / "wal.db"
    store = Store(f"sqlite:///{path}", encryption_key="")
    marker = f"MARKER{uuid.uuid4().hex}"
    store.create_session("s", "walker", "default", "t")
    store.add_turn("s", 0, f"my secret is {marker}", {})
    store._compact()
    assert marker.encode() in path.read_bytes()  # the check can fail: the text was really on disk
    store.erase_user("walker", "t")
    wal = path.with_name(path.name + "-wal")
    on_disk = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert marker.encode() not in on_disk


def test_migration_from_prefixed_ids_splits_tenant_and_user(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from empathic.storage.store import Store

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(
        __import__("pathlib").Path(__import__("empathic.storage.store").storage.store.__file__).parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text("insert into sessions (id, user_id, tenant, preset, state) values "
                                "('s1', 'acme/eu/carol', 'acme', 'default', '{}')"))
        connection.execute(text("insert into profiles (user_id, data) values ('acme/eu/carol', '{}'), "
                                "('mqtt/dev1/bob', '{}')"))
        connection.execute(text("insert into consents (user_id, modality, purpose, retention_days) values "
                                "('acme/eu/carol', 'voice', 'x', 30)"))
    engine.dispose()
    store = Store(url, encryption_key="")
    assert store.get_session("s1")["user_id"] == "eu/carol" and store.get_session("s1")["tenant"] == "acme"
    assert store.load_profile("eu/carol", "acme") == {} and store.load_profile("dev1:bob", "mqtt") == {}
    with store.engine.connect() as c:
        assert c.execute(text("select tenant, user_id from consents")).first() == ("acme", "eu/carol")


def test_a_large_phone_photo_is_read_reduced_with_boxes_in_its_own_pixels(served):
    import io

    import numpy as np
    from PIL import Image

    ramp = np.linspace(0, 255, 6000, dtype=np.uint8)[None, :, None]
    photo = Image.fromarray(np.broadcast_to(ramp, (4000, 6000, 3)).copy())  # 24 Mpx, over the 16 Mpx cap
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=70)
    with http(served) as c:
        c.put("/v1/users/photographer/consents/face", json={"purpose": "test"})
        read = c.post("/v1/analyze", data={"user_id": "photographer", "text": "Look at this view!"},
                      files={"image": ("photo.jpg", buffer.getvalue(), "image/jpeg")})
        assert read.status_code == 200, read.text  # box mapping with a real face: tests/test_media_bounds.py
        assert read.json()["faces"] == []

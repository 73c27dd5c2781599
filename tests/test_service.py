"""The HTTP service over real HTTP (uvicorn on a free port), on SQLite and PostgreSQL."""

import concurrent.futures
import time
import uuid

import httpx
import numpy as np
import pytest

from conftest import LiveServer, postgres_url_or_skip
from empathic.service.app import Settings, create_app
from empathic.service.auth import create_key


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('svc') / 'service.db'}"
    else:
        url = postgres_url_or_skip()
    app = create_app(Settings(database_url=url, rate_limit_per_minute=100_000))
    live = LiveServer(app)
    tenant_a, tenant_b = f"a-{uuid.uuid4().hex[:6]}", f"b-{uuid.uuid4().hex[:6]}"
    keys = {t: create_key(app.state.store, t) for t in (tenant_a, tenant_b)}
    yield {"base": live.base, "keys": keys, "a": tenant_a, "b": tenant_b, "app": app, "url": url}
    live.stop()


def client(server, tenant="a"):
    return httpx.Client(base_url=server["base"], headers={"Authorization": f"Bearer {server['keys'][server[tenant]]}"},
                        timeout=30)


def _metric(server, name: str) -> int:
    with client(server) as c:
        text = c.get("/metrics").text
    line = next(l for l in text.splitlines() if l.startswith(name + " "))
    return int(line.split()[1])


def test_health_and_readiness(server):
    assert httpx.get(server["base"] + "/healthz").json() == {"status": "ok"}
    assert httpx.get(server["base"] + "/readyz").status_code == 200
    assert httpx.get(server["base"] + "/metrics").status_code == 401
    with client(server) as c:
        assert "empathic_errors_5xx_total" in c.get("/metrics").text
    errors = _metric(server, "empathic_errors_4xx_total")
    assert httpx.post(server["base"] + "/v1/analyze", json={"text": "hi"}).status_code == 401
    assert _metric(server, "empathic_errors_4xx_total") == errors + 1
    assert "/v1/sessions" in httpx.get(server["base"] + "/openapi.json").json()["paths"]


def test_fixed_points_of_the_api(server):
    with client(server) as c:
        created = c.post("/v1/sessions", json={"user_id": "u1"})
        assert created.status_code == 201
        sid = created.json()["id"]
        turn = c.post(f"/v1/sessions/{sid}/turns", json={"text": "My order never arrived and I'm really upset."})
        assert turn.status_code == 200, turn.text
        body = turn.json()
        assert body["reply"] and body["plan"]["strategy"] and body["safety"]["level"]
        c.post(f"/v1/sessions/{sid}/turns", json={"text": "Thanks for the help."})
        timeline = c.get(f"/v1/sessions/{sid}/timeline").json()
        assert [t["index"] for t in timeline["turns"]] == [0, 1]
        analyzed = c.post("/v1/analyze", json={"text": "I love this!"}).json()
        assert analyzed["readings"]["text"]["top"]
        assert c.post("/v1/feedback", json={"session_id": sid, "turn": 0, "rating": 4, "label": "anger"}).status_code == 201


def test_auth_and_tenant_isolation(server):
    assert httpx.post(server["base"] + "/v1/analyze", json={"text": "hi"}).status_code == 401
    assert httpx.post(server["base"] + "/v1/analyze", json={"text": "hi"},
                      headers={"Authorization": "Bearer emp_wrong"}).status_code == 401
    with client(server, "a") as a, client(server, "b") as b:
        sid = a.post("/v1/sessions", json={"user_id": "shared-name"}).json()["id"]
        a.post(f"/v1/sessions/{sid}/turns", json={"text": "secret feelings"})
        assert b.get(f"/v1/sessions/{sid}/timeline").status_code == 404
        assert b.post(f"/v1/sessions/{sid}/turns", json={"text": "hi"}).status_code == 404
        assert b.get("/v1/users/shared-name/export").json()["sessions"] == []


def test_consent_is_required_for_biometrics_and_recorded(server):
    with client(server) as c:
        assert c.put("/v1/users/u7/consents/voice", json={"purpose": "support", "retention_days": 30}).status_code == 201
        assert "voice" in c.get("/v1/users/u7/consents").json()["consents"]
        assert c.delete("/v1/users/u7/consents/voice").json()["withdrawn"] is True
        assert c.get("/v1/users/u7/consents").json()["consents"] == {}
        assert c.put("/v1/users/u7/consents/smell", json={"purpose": "x"}).status_code == 422


def test_export_and_erasure(server):
    user = f"erase-me-{uuid.uuid4().hex[:8]}"
    with client(server) as c:
        sid = c.post("/v1/sessions", json={"user_id": user}).json()["id"]
        c.post(f"/v1/sessions/{sid}/turns", json={"text": "My dog Rex is sick."})
        c.post("/v1/feedback", json={"session_id": sid, "turn": 0, "thumbs": 1})
        exported = c.get(f"/v1/users/{user}/export").json()
        assert exported["sessions"][0]["turns"][0]["text"] == "My dog Rex is sick."
        assert exported["profile"] and exported["feedback"]
        erased = c.delete(f"/v1/users/{user}").json()["erased"]
        assert erased["turns"] == 1 and erased["sessions"] == 1
        after = c.get(f"/v1/users/{user}/export").json()
        assert after["sessions"] == [] and after["profile"] is None and after["feedback"] == []
        assert c.get(f"/v1/sessions/{sid}/timeline").status_code == 404
    entries = server["app"].state.store.audit_entries(user)
    assert [e["action"] for e in entries] == ["export", "erasure", "export"]
    assert all(e["tenant"] == server["a"] for e in entries)
    assert all("Rex" not in (e["detail"] or "") for e in entries)


@pytest.mark.parametrize("kind, body, headers, status", [
    ("broken json", b"{not json", {"Content-Type": "application/json"}, 422),
    ("invalid utf-8", b'{"text": "\xff\xfe"}', {"Content-Type": "application/json"}, 422),
    ("wrong type", b'{"text": 42}', {"Content-Type": "application/json"}, 422),
    ("empty text", b'{"text": "   "}', {"Content-Type": "application/json"}, 422),
    ("array body", b'[1, 2]', {"Content-Type": "application/json"}, 422),
    ("not json", b"hello", {"Content-Type": "text/plain"}, 415),
    ("huge", b'{"text": "' + b"a" * 2_000_000 + b'"}', {"Content-Type": "application/json"}, 413),
    ("long text", b'{"text": "' + b"a" * 20_000 + b'"}', {"Content-Type": "application/json"}, 422),
])
def test_hostile_inputs_get_a_clear_4xx(server, kind, body, headers, status):
    with client(server) as c:
        response = c.post("/v1/analyze", content=body, headers=headers)
    assert response.status_code == status, (kind, response.text)


def test_many_concurrent_sessions_keep_their_own_state(server):
    def converse(i):
        with client(server) as c:
            sid = c.post("/v1/sessions", json={"user_id": f"conc-{i}"}).json()["id"]
            for n in range(2):
                r = c.post(f"/v1/sessions/{sid}/turns", json={"text": f"My cat Pixel{i} is unwell, message {n}."})
                assert r.status_code == 200, r.text
                assert r.json()["session_id"] == sid and r.json()["turn"] == n
            return sid, i

    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(converse, range(100)))
    store = server["app"].state.store
    for sid, i in results:
        rows = store.list_turns(sid)
        assert [r["index"] for r in rows] == [0, 1]
        assert all(f"Pixel{i} " in r["user_text"] for r in rows)


def test_rate_limit_answers_429_with_retry_after(tmp_path):
    from fastapi.testclient import TestClient

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'rl.db'}", rate_limit_per_minute=3))
    key = create_key(app.state.store, "rl")
    with TestClient(app) as c:
        codes = [c.post("/v1/analyze", json={"text": "hi"}, headers={"Authorization": f"Bearer {key}"}) for _ in range(5)]
    assert [r.status_code for r in codes[:3]] == [200, 200, 200]
    assert codes[-1].status_code == 429 and int(codes[-1].headers["Retry-After"]) >= 1
    assert codes[-1].json()["error"] == "rate_limited"


def test_keys_create_prints_the_key_last_and_stores_only_a_hash(tmp_path, capsys):
    from empathic.cli import main
    from empathic.service.auth import hash_key
    from empathic.storage.store import Store

    url = f"sqlite:///{tmp_path / 'keys.db'}"
    assert main(["keys", "create", "--tenant", "acme", "--database-url", url]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    store = Store(url)
    assert key.startswith("emp_") and store.tenant_for_key(hash_key(key)) == "acme"
    with store.engine.connect() as c:
        from sqlalchemy import text

        assert key not in str(c.execute(text("select * from api_keys")).fetchall())


def test_no_auth_mode_refuses_public_addresses(capsys):
    from empathic.cli import main

    assert main(["serve", "--no-auth", "--host", "0.0.0.0"]) == 2
    assert "loopback" in capsys.readouterr().err


def test_multipart_turns_enforce_consent_policy_types_and_sizes(server):
    with client(server) as c:
        sid = c.post("/v1/sessions", json={"user_id": "media-user"}).json()["id"]
        wav = ("clip.wav", b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(64), "audio/wav")
        refused = c.post(f"/v1/sessions/{sid}/turns", data={"text": "hello"}, files={"audio": wav})
        assert refused.status_code == 403 and refused.json()["error"] == "consent_required"
        assert refused.json()["modality"] == "voice"
        wrong = c.post(f"/v1/sessions/{sid}/turns", files={"audio": ("x.exe", b"MZ\x90\x00", "application/octet-stream")})
        assert wrong.status_code == 415
        big = c.post(f"/v1/sessions/{sid}/turns", files={"image": ("x.png", b"\x89PNG" + bytes(8_000_001), "image/png")})
        assert big.status_code == 413
        empty = c.post(f"/v1/sessions/{sid}/turns", files={"audio": ("x.wav", b"", "audio/wav")})
        assert empty.status_code == 422
        c.put("/v1/users/media-user/consents/voice", json={"purpose": "support"})
        broken = c.post(f"/v1/sessions/{sid}/turns", data={"text": "hello"}, files={"audio": wav})
        assert broken.status_code == 422 and "audio" in broken.json()["detail"]
        spoken = ("hi.wav", _speech_wav("I finally got the job, I am so happy!"), "audio/wav")
        heard = c.post(f"/v1/sessions/{sid}/turns", files={"audio": spoken})
        assert heard.status_code == 200, heard.text
        assert set(heard.json()["readings"]) == {"voice", "text"}
        text_only = c.post(f"/v1/sessions/{sid}/turns", data={"text": "just text in a form"})
        assert text_only.status_code == 200 and text_only.json()["reply"]
        hr = c.post("/v1/sessions", json={"user_id": "employee", "preset": "hr"}).json()["id"]
        c.put("/v1/users/employee/consents/face", json={"purpose": "anything"})
        prohibited = c.post(f"/v1/sessions/{hr}/turns", files={"image": ("f.jpg", b"\xff\xd8\xff" + bytes(100), "image/jpeg")})
        assert prohibited.status_code == 403 and prohibited.json()["error"] == "prohibited_context"


def test_language_model_down_keeps_template_and_crisis_replies_flowing(tmp_path):
    from fastapi.testclient import TestClient

    from empathic.conversation.llm import OpenAICompatible

    dead = OpenAICompatible("http://127.0.0.1:9/v1", "gone", timeout=0.5, retries=0)
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'down.db'}", llm=dead))
    key = create_key(app.state.store, "t")
    with TestClient(app) as c:
        headers = {"Authorization": f"Bearer {key}"}
        sid = c.post("/v1/sessions", json={"user_id": "u"}, headers=headers).json()["id"]
        normal = c.post(f"/v1/sessions/{sid}/turns", json={"text": "I had an awful day."}, headers=headers).json()
        crisis = c.post(f"/v1/sessions/{sid}/turns", json={"text": "I want to end my life."}, headers=headers).json()
    assert normal["source"] == "template" and normal["reply"]
    assert crisis["source"] == "crisis" and "findahelpline.com" in crisis["reply"]


def test_retention_purge_runs_at_start_up(tmp_path):
    from datetime import timedelta

    from sqlalchemy import update

    from empathic.storage.store import Store, now, sessions

    url = f"sqlite:///{tmp_path / 'retention.db'}"
    store = Store(url)
    store.create_session("old", "u", "default", "t")
    store.add_turn("old", 0, "an old message", {})
    with store.engine.begin() as c:
        c.execute(update(sessions).where(sessions.c.id == "old").values(created_at=now() - timedelta(days=91)))
    app = create_app(Settings(database_url=url, retention_days=90))
    for _ in range(400):  # the purge thread starts with the app; give a loaded machine time
        if app.state.purges:
            break
        time.sleep(0.05)
    app.state.stop_purging.set()
    assert Store(url).get_session("old") is None


def test_analyze_accepts_forms_and_guards_biometrics(server):
    with client(server) as c:
        form = c.post("/v1/analyze", data={"text": "I am thrilled!"})
        assert form.status_code == 200 and form.json()["fused"]["modality"] == "fused"
        image = ("face.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        assert c.post("/v1/analyze", files={"image": image}).status_code == 422  # no user_id
        refused = c.post("/v1/analyze", data={"user_id": "viewer"}, files={"image": image})
        assert refused.status_code == 403 and refused.json()["modality"] == "face"
        c.put("/v1/users/viewer/consents/face", json={"purpose": "demo"})
        broken = c.post("/v1/analyze", data={"user_id": "viewer"}, files={"image": image})
        assert broken.status_code == 422 and "not a readable image" in broken.json()["detail"]
        blank = ("blank.png", _png(np.full((64, 64, 3), 128, np.uint8)), "image/png")
        allowed = c.post("/v1/analyze", data={"user_id": "viewer", "text": "hello"}, files={"image": blank})
        assert allowed.status_code == 200 and allowed.json()["faces"] == []
        assert set(allowed.json()["readings"]) == {"text"}
        assert c.post("/v1/analyze", files={"image": ("x.gif", b"GIF89a", "image/gif")}).status_code == 415


def _png(array) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, "PNG")
    return buffer.getvalue()


def _speech_wav(text: str) -> bytes:
    from empathic.voice.speech import SpeechSynthesizer

    return SpeechSynthesizer().wav_bytes(text)


def test_speech_endpoint_speaks_and_validates(server):
    with client(server) as c:
        ok = c.post("/v1/speech", json={"text": "I am here for you.", "warmth": 0.9, "energy": 0.2})
        assert ok.status_code == 200 and ok.headers["content-type"] == "audio/wav"
        assert ok.content[:4] == b"RIFF" and len(ok.content) > 24_000
        assert c.post("/v1/speech", json={"text": ""}).status_code == 422
        assert c.post("/v1/speech", json={"text": "hi", "energy": 7}).status_code == 422
        assert c.post("/v1/speech", json={"text": "x" * 3000}).status_code == 422

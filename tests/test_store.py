"""Storage on SQLite and PostgreSQL: encryption at rest, erasure, retention, concurrency."""

import concurrent.futures
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text, update

from empathic.safety.policy import new_consent
from conftest import postgres_url_or_skip
from empathic.storage.store import Store, now, sessions


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return postgres_url_or_skip()


def test_text_is_encrypted_at_rest(url):
    from cryptography.fernet import Fernet

    store = Store(url, encryption_key=Fernet.generate_key().decode())
    sid = uuid.uuid4().hex
    store.create_session(sid, "u", "default", "t")
    store.add_turn(sid, 0, "my secret diary entry", {"reply": "a reply about the diary"})
    with store.engine.connect() as c:
        raw = c.execute(text("select user_text, result from turns where session_id = :s"), {"s": sid}).first()
    assert "secret" not in raw[0] and "diary" not in raw[1]
    assert store.list_turns(sid)[0]["user_text"] == "my secret diary entry"


def test_erasure_removes_everything_about_a_user(url):
    store = Store(url)
    user = uuid.uuid4().hex
    sid = uuid.uuid4().hex
    store.create_session(sid, user, "default", "t")
    store.add_turn(sid, 0, "hello", {})
    store.save_profile(user, {"name": "Kim"}, "t")
    store.grant_consent(new_consent(user, "voice", "support"), "t")
    store.add_feedback(sid, 0, user, 5, None, None, "t")
    counts = store.erase_user(user, "t")
    assert counts == {"turns": 1, "sessions": 1, "profiles": 1, "consents": 1, "feedback": 1}
    assert store.export_user(user, "t") == {"user_id": user, "profile": None, "sessions": [], "consents": [],
                                            "feedback": []}


def test_retention_purges_old_sessions(url):
    store = Store(url)
    old, fresh = uuid.uuid4().hex, uuid.uuid4().hex
    for sid in (old, fresh):
        store.create_session(sid, "r", "default", "t")
        store.add_turn(sid, 0, "x", {})
    with store.engine.begin() as c:
        c.execute(update(sessions).where(sessions.c.id == old).values(created_at=now() - timedelta(days=120)))
    store.purge_expired(90)
    assert store.get_session(old) is None and store.list_turns(old) == []
    assert store.get_session(fresh) is not None


def test_fifty_concurrent_writers_lose_nothing(url):
    store = Store(url)
    ids = [uuid.uuid4().hex for _ in range(50)]
    for sid in ids:
        store.create_session(sid, "c", "default", "t")

    def write(sid):
        for i in range(5):
            store.add_turn(sid, i, f"{sid}-{i}", {"i": i})

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(write, ids))
    for sid in ids:
        assert [t["user_text"] for t in store.list_turns(sid)] == [f"{sid}-{i}" for i in range(5)]


def test_a_turn_index_is_stored_once(url):
    from sqlalchemy.exc import IntegrityError

    store = Store(url)
    sid = uuid.uuid4().hex
    store.create_session(sid, "d", "default", "t")
    store.add_turn(sid, 0, "once", {})
    with pytest.raises(IntegrityError):
        store.add_turn(sid, 0, "twice", {})
    assert len(store.list_turns(sid)) == 1

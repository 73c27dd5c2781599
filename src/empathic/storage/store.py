"""Persistence for profiles, sessions, turns, consents and feedback.

SQLAlchemy 2 Core over SQLite (default, WAL) or PostgreSQL (by URL). Text and
emotion data are written through a ``Cipher`` (Fernet, key from
``EMPATHIC_ENCRYPTION_KEY``), so a raw SELECT shows ciphertext when a key is set.
Raw audio and images are never stored (product rule 4).
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone

from sqlalchemy import (Column, DateTime, Float, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        create_engine, delete, event, insert, select, update)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from empathic.errors import EmpathicError, require

metadata = MetaData()
profiles = Table("profiles", metadata, Column("user_id", String(128), primary_key=True),
                 Column("data", Text, nullable=False), Column("updated_at", DateTime(timezone=True)))
sessions = Table("sessions", metadata, Column("id", String(64), primary_key=True),
                 Column("user_id", String(128), index=True, nullable=False), Column("tenant", String(128), index=True),
                 Column("preset", String(32)), Column("state", Text), Column("created_at", DateTime(timezone=True)),
                 Column("ended_at", DateTime(timezone=True)))
turns = Table("turns", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
              Column("session_id", String(64), index=True, nullable=False), Column("idx", Integer, nullable=False),
              Column("user_text", Text), Column("result", Text), Column("created_at", DateTime(timezone=True)),
              UniqueConstraint("session_id", "idx", name="uq_turn_session_idx"))
consents = Table("consents", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
                 Column("user_id", String(128), index=True, nullable=False), Column("modality", String(8)),
                 Column("purpose", String(200)), Column("granted_at", DateTime(timezone=True)),
                 Column("retention_days", Integer), Column("withdrawn_at", DateTime(timezone=True)))
feedback = Table("feedback", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
                 Column("session_id", String(64), index=True), Column("turn", Integer),
                 Column("user_id", String(128), index=True), Column("rating", Float), Column("thumbs", Integer),
                 Column("label", String(32)), Column("created_at", DateTime(timezone=True)))


api_keys = Table("api_keys", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
                 Column("tenant", String(128), index=True, nullable=False), Column("key_hash", String(64), unique=True),
                 Column("prefix", String(12)), Column("created_at", DateTime(timezone=True)),
                 Column("revoked_at", DateTime(timezone=True)))
audit_log = Table("audit_log", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
                  Column("at", DateTime(timezone=True)), Column("tenant", String(128)), Column("actor", String(128)),
                  Column("action", String(64)), Column("subject", String(128)), Column("detail", String(500)))


class StorageError(EmpathicError):
    """A database operation failed."""


class Cipher:
    """Fernet encryption of stored text when ``EMPATHIC_ENCRYPTION_KEY`` is set."""

    def __init__(self, key: str | None = None):
        key = key if key is not None else os.environ.get("EMPATHIC_ENCRYPTION_KEY")
        self._fernet = None
        if key:
            fernet = require("cryptography.fernet", "server", "cryptography")
            self._fernet = fernet.Fernet(key.encode() if isinstance(key, str) else key)

    @property
    def enabled(self) -> bool:
        return self._fernet is not None

    def seal(self, data) -> str:
        text = json.dumps(data, ensure_ascii=False)
        return self._fernet.encrypt(text.encode()).decode() if self._fernet else text

    def open(self, stored: str | None):
        if stored is None:
            return None
        if self._fernet:
            stored = self._fernet.decrypt(stored.encode()).decode()
        return json.loads(stored)


def now() -> datetime:
    return datetime.now(timezone.utc)


class Store:
    def __init__(self, url: str = "sqlite:///empathic.db", encryption_key: str | None = None):
        self.url = url
        is_sqlite = url.startswith("sqlite")
        options = {"pool_pre_ping": not is_sqlite}
        if is_sqlite:
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        if url in ("sqlite://", "sqlite:///:memory:"):
            options["poolclass"] = StaticPool  # one shared in-memory database, not one per thread
        self.engine = create_engine(url, **options)
        if is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.cipher = Cipher(encryption_key)
        migrate(self.engine)

    # profiles ---------------------------------------------------------------
    def load_profile(self, user_id: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(profiles.c.data).where(profiles.c.user_id == user_id)).first()
        return self.cipher.open(row[0]) if row else None

    def save_profile(self, user_id: str, data: dict) -> None:
        with self.engine.begin() as c:
            self._upsert_profile(c, user_id, self.cipher.seal(data))

    @staticmethod
    def _upsert_profile(c, user_id: str, sealed: str) -> None:
        if c.execute(update(profiles).where(profiles.c.user_id == user_id).values(data=sealed, updated_at=now())).rowcount == 0:
            try:
                with c.begin_nested():
                    c.execute(insert(profiles).values(user_id=user_id, data=sealed, updated_at=now()))
            except IntegrityError:  # another writer created it first
                c.execute(update(profiles).where(profiles.c.user_id == user_id).values(data=sealed, updated_at=now()))

    # sessions ----------------------------------------------------------------
    def create_session(self, session_id: str, user_id: str, preset: str, tenant: str | None = None) -> None:
        with self.engine.begin() as c:
            c.execute(insert(sessions).values(id=session_id, user_id=user_id, tenant=tenant, preset=preset,
                                              state=self.cipher.seal({}), created_at=now()))

    def get_session(self, session_id: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(sessions).where(sessions.c.id == session_id)).mappings().first()
        if row is None:
            return None
        return {**row, "state": self.cipher.open(row["state"]) or {}}

    def end_session(self, session_id: str) -> bool:
        with self.engine.begin() as c:
            return c.execute(update(sessions).where(sessions.c.id == session_id, sessions.c.ended_at.is_(None))
                             .values(ended_at=now())).rowcount > 0

    # turns ---------------------------------------------------------------------
    def add_turn(self, session_id: str, index: int, user_text: str | None, result: dict) -> None:
        with self.engine.begin() as c:
            self._insert_turn(c, session_id, index, user_text, result)

    def _insert_turn(self, c, session_id: str, index: int, user_text: str | None, result: dict) -> None:
        c.execute(insert(turns).values(session_id=session_id, idx=index, user_text=self.cipher.seal(user_text),
                                       result=self.cipher.seal(result), created_at=now()))

    def record_turn(self, session_id: str, index: int, user_text: str | None, result: dict, state: dict,
                    user_id: str, profile: dict) -> None:
        """A turn, the session's new state and the user's profile, in one transaction."""
        with self.engine.begin() as c:
            self._insert_turn(c, session_id, index, user_text, result)
            c.execute(update(sessions).where(sessions.c.id == session_id).values(state=self.cipher.seal(state)))
            self._upsert_profile(c, user_id, self.cipher.seal(profile))

    def list_turns(self, session_id: str) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(select(turns).where(turns.c.session_id == session_id).order_by(turns.c.idx)).mappings().all()
        return [{"index": r["idx"], "user_text": self.cipher.open(r["user_text"]), "result": self.cipher.open(r["result"]),
                 "created_at": r["created_at"]} for r in rows]

    # consents ------------------------------------------------------------------
    def grant_consent(self, consent) -> None:
        with self.engine.begin() as c:
            c.execute(update(consents).where(consents.c.user_id == consent.user_id, consents.c.modality == consent.modality,
                                             consents.c.withdrawn_at.is_(None)).values(withdrawn_at=now()))
            c.execute(insert(consents).values(user_id=consent.user_id, modality=consent.modality, purpose=consent.purpose,
                                              granted_at=consent.granted_at, retention_days=consent.retention_days))

    def withdraw_consent(self, user_id: str, modality: str) -> bool:
        with self.engine.begin() as c:
            return c.execute(update(consents).where(consents.c.user_id == user_id, consents.c.modality == modality,
                                                    consents.c.withdrawn_at.is_(None)).values(withdrawn_at=now())).rowcount > 0

    def active_consents(self, user_id: str) -> dict:
        from empathic.safety.policy import Consent

        with self.engine.connect() as c:
            rows = c.execute(select(consents).where(consents.c.user_id == user_id, consents.c.withdrawn_at.is_(None))).mappings().all()
        return {r["modality"]: Consent(r["user_id"], r["modality"], r["purpose"], r["granted_at"], r["retention_days"]) for r in rows}

    # feedback --------------------------------------------------------------------
    def add_feedback(self, session_id: str, turn: int, user_id: str, rating: float | None, thumbs: int | None,
                     label: str | None) -> None:
        with self.engine.begin() as c:
            c.execute(insert(feedback).values(session_id=session_id, turn=turn, user_id=user_id, rating=rating,
                                              thumbs=thumbs, label=label, created_at=now()))

    def list_feedback(self, user_id: str) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(select(feedback).where(feedback.c.user_id == user_id)).mappings().all()
        return [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.items() if k != "id"} for r in rows]

    # keys and audit ----------------------------------------------------------------
    def add_api_key(self, tenant: str, key_hash: str, prefix: str) -> None:
        with self.engine.begin() as c:
            c.execute(insert(api_keys).values(tenant=tenant, key_hash=key_hash, prefix=prefix, created_at=now()))

    def tenant_for_key(self, key_hash: str) -> str | None:
        with self.engine.connect() as c:
            row = c.execute(select(api_keys.c.tenant).where(api_keys.c.key_hash == key_hash,
                                                             api_keys.c.revoked_at.is_(None))).first()
        return row[0] if row else None

    def audit(self, action: str, tenant: str | None, actor: str | None, subject: str | None, detail: str = "") -> None:
        """Record consent, export, erasure and admin actions; never message content."""
        with self.engine.begin() as c:
            c.execute(insert(audit_log).values(at=now(), tenant=tenant, actor=actor, action=action, subject=subject,
                                               detail=detail[:500]))

    def audit_entries(self, subject: str | None = None) -> list[dict]:
        query = select(audit_log).order_by(audit_log.c.id)
        if subject is not None:
            query = query.where(audit_log.c.subject == subject)
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(query).mappings().all()]

    # export, retention, erasure ----------------------------------------------------------
    def user_sessions(self, user_id: str) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(select(sessions).where(sessions.c.user_id == user_id)).mappings().all()
        return [dict(r) for r in rows]

    def export_user(self, user_id: str) -> dict:
        """Everything held about a user, as JSON-ready data (GDPR Art. 15, 20)."""
        exported_sessions = []
        for s in self.user_sessions(user_id):
            exported_sessions.append({"id": s["id"], "preset": s["preset"], "created_at": _iso(s["created_at"]),
                                      "ended_at": _iso(s["ended_at"]),
                                      "turns": [{"index": t["index"], "text": t["user_text"], "result": t["result"],
                                                 "created_at": _iso(t["created_at"])} for t in self.list_turns(s["id"])]})
        consent_rows = []
        with self.engine.connect() as c:
            for r in c.execute(select(consents).where(consents.c.user_id == user_id)).mappings().all():
                consent_rows.append({"modality": r["modality"], "purpose": r["purpose"], "granted_at": _iso(r["granted_at"]),
                                     "retention_days": r["retention_days"], "withdrawn_at": _iso(r["withdrawn_at"])})
        return {"user_id": user_id, "profile": self.load_profile(user_id), "sessions": exported_sessions,
                "consents": consent_rows, "feedback": self.list_feedback(user_id)}

    def purge_expired(self, retention_days: int = 90) -> dict:
        """Delete sessions (and their turns) and feedback older than the retention period."""
        from datetime import timedelta

        cutoff = now() - timedelta(days=retention_days)
        with self.engine.begin() as c:
            old = [r[0] for r in c.execute(select(sessions.c.id).where(sessions.c.created_at < cutoff))]
            counts = {"turns": c.execute(delete(turns).where(turns.c.session_id.in_(old))).rowcount if old else 0,
                      "sessions": c.execute(delete(sessions).where(sessions.c.id.in_(old))).rowcount if old else 0,
                      "feedback": c.execute(delete(feedback).where(feedback.c.created_at < cutoff)).rowcount}
        return counts

    # erasure -------------------------------------------------------------------
    def erase_user(self, user_id: str) -> dict:
        with self.engine.begin() as c:
            ids = [r[0] for r in c.execute(select(sessions.c.id).where(sessions.c.user_id == user_id))]
            counts = {"turns": c.execute(delete(turns).where(turns.c.session_id.in_(ids))).rowcount if ids else 0,
                      "sessions": c.execute(delete(sessions).where(sessions.c.user_id == user_id)).rowcount,
                      "profiles": c.execute(delete(profiles).where(profiles.c.user_id == user_id)).rowcount,
                      "consents": c.execute(delete(consents).where(consents.c.user_id == user_id)).rowcount,
                      "feedback": c.execute(delete(feedback).where(feedback.c.user_id == user_id)).rowcount}
        return counts


def migrate(engine) -> None:
    """Bring the schema to the newest Alembic revision (``storage/migrations``)."""
    from pathlib import Path

    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _iso(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()

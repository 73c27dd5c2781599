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
        self.engine = create_engine(url, future=True, pool_pre_ping=not is_sqlite,
                                    connect_args={"check_same_thread": False, "timeout": 30} if is_sqlite else {})
        if is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.cipher = Cipher(encryption_key)
        metadata.create_all(self.engine)

    # profiles ---------------------------------------------------------------
    def load_profile(self, user_id: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(profiles.c.data).where(profiles.c.user_id == user_id)).first()
        return self.cipher.open(row[0]) if row else None

    def save_profile(self, user_id: str, data: dict) -> None:
        sealed = self.cipher.seal(data)
        with self.engine.begin() as c:
            if c.execute(update(profiles).where(profiles.c.user_id == user_id).values(data=sealed, updated_at=now())).rowcount == 0:
                try:
                    with c.begin_nested():
                        c.execute(insert(profiles).values(user_id=user_id, data=sealed, updated_at=now()))
                except IntegrityError:
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

    def save_session_state(self, session_id: str, state: dict) -> None:
        with self.engine.begin() as c:
            c.execute(update(sessions).where(sessions.c.id == session_id).values(state=self.cipher.seal(state)))

    def end_session(self, session_id: str) -> bool:
        with self.engine.begin() as c:
            return c.execute(update(sessions).where(sessions.c.id == session_id, sessions.c.ended_at.is_(None))
                             .values(ended_at=now())).rowcount > 0

    # turns ---------------------------------------------------------------------
    def add_turn(self, session_id: str, index: int, user_text: str | None, result: dict) -> None:
        with self.engine.begin() as c:
            c.execute(insert(turns).values(session_id=session_id, idx=index, user_text=self.cipher.seal(user_text),
                                           result=self.cipher.seal(result), created_at=now()))

    def list_turns(self, session_id: str) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(select(turns).where(turns.c.session_id == session_id).order_by(turns.c.idx)).mappings().all()
        return [{"index": r["idx"], "user_text": self.cipher.open(r["user_text"]), "result": self.cipher.open(r["result"]),
                 "created_at": r["created_at"]} for r in rows]

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


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()

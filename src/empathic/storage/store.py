"""Persistence for profiles, sessions, turns, consents, feedback, keys and the audit log.

SQLAlchemy 2 Core over SQLite (default, WAL, ``secure_delete``) or PostgreSQL (by URL).
Text and emotion data are written through a ``Cipher`` (Fernet, keys from
``EMPATHIC_ENCRYPTION_KEY``), so a raw SELECT shows ciphertext when a key is set.
Raw audio and images are never stored (product rule 4). Rows about a person are keyed
by ``(tenant, user_id)``; the library's own default tenant is ``""``.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, create_engine, delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from empathic.errors import EmpathicError, SessionGoneError, UserErasedError  # noqa: F401
from empathic.storage.cipher import Cipher, KeyMismatchError  # noqa: F401  (re-exported)
from empathic.storage.schema import (api_keys, audit_log, consents, feedback, learners, metadata,  # noqa: F401
                                     profiles, sessions, settings_table, tombstones, turns)

CANARY = "empathic-canary"


class StorageError(EmpathicError):
    """A database operation failed."""


def now() -> datetime:
    return datetime.now(timezone.utc)


class Store:
    def __init__(self, url: str = "sqlite:///empathic.db", encryption_key: str | None = None):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        options = {"pool_pre_ping": not self.is_sqlite}
        if self.is_sqlite:
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            options["connect_args"] = {"connect_timeout": 5}
        if url in ("sqlite://", "sqlite:///:memory:"):
            options["poolclass"] = StaticPool  # one shared in-memory database, not one per thread
        self.engine = create_engine(url, **options)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.cipher = Cipher(encryption_key)
        self._learner_lock = threading.Lock()
        migrate(self.engine)
        self.check_key()

    # encryption key canary ------------------------------------------------------
    def check_key(self) -> None:
        """Raise ``KeyMismatchError`` when the key cannot open what this database holds."""
        with self.engine.begin() as c:
            stored = c.execute(select(settings_table.c.value).where(settings_table.c.name == "canary")).scalar()
            if stored is None:
                c.execute(insert(settings_table).values(name="canary", value=self.cipher.seal(CANARY)))
                return
        self.cipher.verify(stored, CANARY)

    # profiles ---------------------------------------------------------------
    def load_profile(self, user_id: str, tenant: str = "") -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(profiles.c.data).where(profiles.c.tenant == tenant,
                                                         profiles.c.user_id == user_id)).first()
        return self.cipher.open(row[0]) if row else None

    def save_profile(self, user_id: str, data: dict, tenant: str = "") -> None:
        with self.engine.begin() as c:
            self._upsert_profile(c, tenant, user_id, self.cipher.seal(data))

    @staticmethod
    def _upsert_profile(c, tenant: str, user_id: str, sealed: str) -> None:
        match = and_(profiles.c.tenant == tenant, profiles.c.user_id == user_id)
        if c.execute(update(profiles).where(match).values(data=sealed, updated_at=now())).rowcount == 0:
            try:
                with c.begin_nested():
                    c.execute(insert(profiles).values(tenant=tenant, user_id=user_id, data=sealed, updated_at=now()))
            except IntegrityError:  # another writer created it first
                c.execute(update(profiles).where(match).values(data=sealed, updated_at=now()))

    # sessions ----------------------------------------------------------------
    def create_session(self, session_id: str, user_id: str, preset: str, tenant: str | None = "",
                       explicit: bool = True) -> None:
        """A new session. An explicit one (the user asked) lifts an erasure tombstone; an
        implicit one (the library's ``Agent`` meeting an unknown id) is refused after erasure."""
        tenant = tenant or ""
        with self.engine.begin() as c:
            stone = and_(tombstones.c.tenant == tenant, tombstones.c.user_id == user_id)
            if explicit:
                c.execute(delete(tombstones).where(stone))
            elif c.execute(select(tombstones.c.user_id).where(stone)).first():
                raise UserErasedError(f"user {user_id!r} was erased; start a new session explicitly")
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
                    user_id: str, profile: dict, tenant: str = "") -> None:
        """A turn, the session's new state and the user's profile, in one transaction.

        The session row must still exist and be open: a turn racing an erasure (or an
        ended session) stores nothing and raises ``SessionGoneError``."""
        with self.engine.begin() as c:
            updated = c.execute(update(sessions).where(sessions.c.id == session_id, sessions.c.tenant == tenant,
                                                       sessions.c.ended_at.is_(None))
                                .values(state=self.cipher.seal(state))).rowcount
            if updated == 0:
                raise SessionGoneError(f"session {session_id!r} was ended or erased; the turn was not stored")
            self._insert_turn(c, session_id, index, user_text, result)
            self._upsert_profile(c, tenant, user_id, self.cipher.seal(profile))

    def get_turn(self, session_id: str, index: int) -> dict | None:
        """One stored turn (``list_turns``' shape), or None."""
        with self.engine.connect() as c:
            row = c.execute(select(turns).where(turns.c.session_id == session_id, turns.c.idx == index)).mappings().first()
        return None if row is None else {"index": row["idx"], "user_text": self.cipher.open(row["user_text"]),
                                         "result": self.cipher.open(row["result"]), "created_at": row["created_at"]}

    def list_turns(self, session_id: str) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(select(turns).where(turns.c.session_id == session_id).order_by(turns.c.idx)).mappings().all()
        return [{"index": r["idx"], "user_text": self.cipher.open(r["user_text"]), "result": self.cipher.open(r["result"]),
                 "created_at": r["created_at"]} for r in rows]

    # consents ------------------------------------------------------------------
    def grant_consent(self, consent, tenant: str = "") -> None:
        with self.engine.begin() as c:
            c.execute(update(consents).where(consents.c.tenant == tenant, consents.c.user_id == consent.user_id,
                                             consents.c.modality == consent.modality,
                                             consents.c.withdrawn_at.is_(None)).values(withdrawn_at=now()))
            c.execute(insert(consents).values(tenant=tenant, user_id=consent.user_id, modality=consent.modality,
                                              purpose=consent.purpose, granted_at=consent.granted_at,
                                              retention_days=consent.retention_days))

    def withdraw_consent(self, user_id: str, modality: str, tenant: str = "") -> bool:
        """Withdraw, and forget what that modality contributed to stored turns (readings, transcripts)."""
        with self.engine.begin() as c:
            withdrawn = c.execute(update(consents).where(consents.c.tenant == tenant, consents.c.user_id == user_id,
                                                         consents.c.modality == modality,
                                                         consents.c.withdrawn_at.is_(None))
                                  .values(withdrawn_at=now())).rowcount > 0
            if modality in ("voice", "face"):
                self._forget_modality(c, tenant, user_id, modality)
        return withdrawn

    def _forget_modality(self, c, tenant: str, user_id: str, modality: str) -> None:
        ids = select(sessions.c.id).where(sessions.c.tenant == tenant, sessions.c.user_id == user_id)
        for row in c.execute(select(turns.c.id, turns.c.user_text, turns.c.result)
                             .where(turns.c.session_id.in_(ids))).all():
            result, user_text = self.cipher.open(row.result) or {}, self.cipher.open(row.user_text)
            readings = result.get("readings") or {}
            if modality not in readings and not (modality == "voice" and "transcript" in result):
                continue
            readings.pop(modality, None)
            if modality == "voice" and "transcript" in result:  # the words were heard, not typed
                result.pop("transcript")
                user_text = None
            result.setdefault("withdrawn", []).append(modality)
            c.execute(update(turns).where(turns.c.id == row.id).values(result=self.cipher.seal(result),
                                                                       user_text=self.cipher.seal(user_text)))

    def active_consents(self, user_id: str, tenant: str = "") -> dict:
        """Consents neither withdrawn nor past their own retention period."""
        from empathic.safety.policy import Consent

        with self.engine.connect() as c:
            rows = c.execute(select(consents).where(consents.c.tenant == tenant, consents.c.user_id == user_id,
                                                    consents.c.withdrawn_at.is_(None))).mappings().all()
        found = {r["modality"]: Consent(r["user_id"], r["modality"], r["purpose"], _aware(r["granted_at"]),
                                        r["retention_days"]) for r in rows}
        return {m: c for m, c in found.items() if c.active}

    # feedback --------------------------------------------------------------------
    def add_feedback(self, session_id: str, turn: int, user_id: str, rating: float | None, thumbs: int | None,
                     label: str | None, tenant: str = "") -> None:
        with self.engine.begin() as c:
            c.execute(insert(feedback).values(tenant=tenant, session_id=session_id, turn=turn, user_id=user_id,
                                              rating=rating, thumbs=thumbs, label=label, created_at=now()))

    def feedback_count(self, session_id: str, turn: int, tenant: str = "") -> int:
        """How many thumbs or ratings one turn has received (the learner trains on the first only)."""
        with self.engine.connect() as c:
            return len(c.execute(select(feedback.c.id).where(
                feedback.c.tenant == tenant, feedback.c.session_id == session_id, feedback.c.turn == turn,
                (feedback.c.rating.is_not(None)) | (feedback.c.thumbs.is_not(None)))).all())

    def list_feedback(self, user_id: str, tenant: str = "") -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(select(feedback).where(feedback.c.tenant == tenant,
                                                    feedback.c.user_id == user_id)).mappings().all()
        return [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.items() if k not in ("id", "tenant")}
                for r in rows]

    # learners (conversation/learner.py) --------------------------------------------------
    def load_learner(self, tenant: str, name: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(learners.c.data).where(learners.c.tenant == tenant, learners.c.name == name)).first()
        return self.cipher.open(row[0]) if row else None

    def update_learner(self, tenant: str, name: str, change):
        """Read-modify-write in one transaction, the row locked on PostgreSQL (so workers sharing
        the database never lose each other's updates) and, on SQLite, which begins transactions
        only at the first write, serialised by a lock in this process.
        ``change(data or None) -> (new data, result)``; returns ``result``."""
        match = and_(learners.c.tenant == tenant, learners.c.name == name)
        for attempt in range(3):
            try:
                with self._learner_lock, self.engine.begin() as c:
                    row = c.execute(select(learners.c.data).where(match).with_for_update()).first()
                    data, result = change(self.cipher.open(row[0]) if row else None)
                    values = {"data": self.cipher.seal(data), "updated_at": now()}
                    if row is None:
                        c.execute(insert(learners).values(tenant=tenant, name=name, **values))
                    else:
                        c.execute(update(learners).where(match).values(**values))
                return result
            except IntegrityError:  # another writer created the row first: read theirs and apply again
                if attempt == 2:
                    raise
        return None

    # keys and audit ----------------------------------------------------------------
    def add_api_key(self, tenant: str, key_hash: str, prefix: str) -> None:
        with self.engine.begin() as c:
            c.execute(insert(api_keys).values(tenant=tenant, key_hash=key_hash, prefix=prefix, created_at=now()))

    def tenant_for_key(self, key_hash: str) -> str | None:
        with self.engine.connect() as c:
            row = c.execute(select(api_keys.c.tenant).where(api_keys.c.key_hash == key_hash,
                                                             api_keys.c.revoked_at.is_(None))).first()
        return row[0] if row else None

    def list_api_keys(self, tenant: str | None = None) -> list[dict]:
        query = select(api_keys.c.tenant, api_keys.c.prefix, api_keys.c.created_at, api_keys.c.revoked_at)
        if tenant is not None:
            query = query.where(api_keys.c.tenant == tenant)
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(query.order_by(api_keys.c.id)).mappings().all()]

    def revoke_api_key(self, prefix: str) -> int:
        with self.engine.begin() as c:
            return c.execute(update(api_keys).where(api_keys.c.prefix == prefix, api_keys.c.revoked_at.is_(None))
                             .values(revoked_at=now())).rowcount

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
    def user_sessions(self, user_id: str, tenant: str = "") -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(select(sessions).where(sessions.c.tenant == tenant,
                                                    sessions.c.user_id == user_id)).mappings().all()
        return [dict(r) for r in rows]

    def export_user(self, user_id: str, tenant: str = "") -> dict:
        """Everything held about a user, as JSON-ready data (GDPR Art. 15, 20)."""
        exported_sessions = []
        for s in self.user_sessions(user_id, tenant):
            exported_sessions.append({"id": s["id"], "preset": s["preset"], "created_at": _iso(s["created_at"]),
                                      "ended_at": _iso(s["ended_at"]),
                                      "turns": [{"index": t["index"], "text": t["user_text"], "result": t["result"],
                                                 "created_at": _iso(t["created_at"])} for t in self.list_turns(s["id"])]})
        consent_rows = []
        with self.engine.connect() as c:
            for r in c.execute(select(consents).where(consents.c.tenant == tenant,
                                                      consents.c.user_id == user_id)).mappings().all():
                consent_rows.append({"modality": r["modality"], "purpose": r["purpose"], "granted_at": _iso(r["granted_at"]),
                                     "retention_days": r["retention_days"], "withdrawn_at": _iso(r["withdrawn_at"])})
        return {"user_id": user_id, "profile": self.load_profile(user_id, tenant), "sessions": exported_sessions,
                "consents": consent_rows, "feedback": self.list_feedback(user_id, tenant)}

    def purge_expired(self, retention_days: int = 90, audit_days: int = 365) -> dict:
        """Delete everything older than the retention period: sessions and their turns, feedback,
        profiles not updated since, consents withdrawn or expired since, tombstones; audit rows
        after their own (longer) period, since they prove what was done."""
        cutoff, audit_cutoff = now() - timedelta(days=retention_days), now() - timedelta(days=audit_days)
        with self.engine.begin() as c:
            old = select(sessions.c.id).where(sessions.c.created_at < cutoff)
            counts = {"turns": c.execute(delete(turns).where(turns.c.session_id.in_(old))).rowcount,
                      "sessions": c.execute(delete(sessions).where(sessions.c.created_at < cutoff)).rowcount,
                      "feedback": c.execute(delete(feedback).where(feedback.c.created_at < cutoff)).rowcount,
                      "profiles": c.execute(delete(profiles).where(profiles.c.updated_at < cutoff)).rowcount,
                      "tombstones": c.execute(delete(tombstones).where(tombstones.c.erased_at < cutoff)).rowcount,
                      "audit": c.execute(delete(audit_log).where(audit_log.c.at < audit_cutoff)).rowcount}
            ended = c.execute(select(consents.c.id, consents.c.granted_at, consents.c.retention_days,
                                     consents.c.withdrawn_at)).all()
            stale = [r.id for r in ended if (r.withdrawn_at is not None and _aware(r.withdrawn_at) < cutoff) or
                     _aware(r.granted_at) + timedelta(days=r.retention_days or 0) < cutoff]
            counts["consents"] = c.execute(delete(consents).where(consents.c.id.in_(stale))).rowcount if stale else 0
        self._compact()
        return counts

    def erase_user(self, user_id: str, tenant: str = "") -> dict:
        """Delete every row about the user and leave a tombstone (ids only)."""
        person = lambda table: and_(table.c.tenant == tenant, table.c.user_id == user_id)  # noqa: E731
        with self.engine.begin() as c:
            ids = select(sessions.c.id).where(person(sessions))
            counts = {"turns": c.execute(delete(turns).where(turns.c.session_id.in_(ids))).rowcount,
                      "sessions": c.execute(delete(sessions).where(person(sessions))).rowcount,
                      "profiles": c.execute(delete(profiles).where(person(profiles))).rowcount,
                      "consents": c.execute(delete(consents).where(person(consents))).rowcount,
                      "feedback": c.execute(delete(feedback).where(person(feedback))).rowcount}
            c.execute(delete(tombstones).where(person(tombstones)))
            c.execute(insert(tombstones).values(tenant=tenant, user_id=user_id, erased_at=now()))
        self._compact()
        return counts

    def _compact(self) -> None:
        """SQLite: fold the WAL into the file (whose freed pages ``secure_delete`` zeroed), so
        erased text is not left behind in the log."""
        if self.is_sqlite:
            with self.engine.connect() as c:
                c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def ping(self) -> None:
        with self.engine.connect() as c:
            c.execute(select(settings_table.c.name).limit(1))


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


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes for what was written in UTC."""
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left in free pages
    cursor.close()

"""The current table definitions. Migrations under ``migrations/versions`` own the history.

Every row about a person carries ``tenant`` and that tenant's own ``user_id`` as two
columns: tenancy is data, never a string prefix (ids may not contain ``/`` anyway).
The library's ``Agent`` without a service uses the empty tenant ``""``.
"""

from sqlalchemy import (Column, DateTime, Float, Integer, MetaData, PrimaryKeyConstraint, String, Table, Text,
                        UniqueConstraint)

ID_LENGTH = 128
TENANT_LENGTH = 64

metadata = MetaData()


def _tenant() -> Column:
    return Column("tenant", String(TENANT_LENGTH), nullable=False, server_default="", index=True)


profiles = Table("profiles", metadata, _tenant(), Column("user_id", String(ID_LENGTH), nullable=False),
                 Column("data", Text, nullable=False), Column("updated_at", DateTime(timezone=True)),
                 PrimaryKeyConstraint("tenant", "user_id", name="pk_profiles"))
sessions = Table("sessions", metadata, Column("id", String(64), primary_key=True),
                 Column("user_id", String(ID_LENGTH), index=True, nullable=False), _tenant(),
                 Column("preset", String(32)), Column("state", Text), Column("created_at", DateTime(timezone=True)),
                 Column("ended_at", DateTime(timezone=True)))
turns = Table("turns", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
              Column("session_id", String(64), index=True, nullable=False), Column("idx", Integer, nullable=False),
              Column("user_text", Text), Column("result", Text), Column("created_at", DateTime(timezone=True)),
              UniqueConstraint("session_id", "idx", name="uq_turn_session_idx"))
consents = Table("consents", metadata, Column("id", Integer, primary_key=True, autoincrement=True), _tenant(),
                 Column("user_id", String(ID_LENGTH), index=True, nullable=False), Column("modality", String(8)),
                 Column("purpose", String(200)), Column("granted_at", DateTime(timezone=True)),
                 Column("retention_days", Integer), Column("withdrawn_at", DateTime(timezone=True)))
feedback = Table("feedback", metadata, Column("id", Integer, primary_key=True, autoincrement=True), _tenant(),
                 Column("session_id", String(64), index=True), Column("turn", Integer),
                 Column("user_id", String(ID_LENGTH), index=True), Column("rating", Float), Column("thumbs", Integer),
                 Column("label", String(32)), Column("created_at", DateTime(timezone=True)))
api_keys = Table("api_keys", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
                 Column("tenant", String(128), index=True, nullable=False), Column("key_hash", String(64), unique=True),
                 Column("prefix", String(12)), Column("created_at", DateTime(timezone=True)),
                 Column("revoked_at", DateTime(timezone=True)))
audit_log = Table("audit_log", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
                  Column("at", DateTime(timezone=True)), Column("tenant", String(128)), Column("actor", String(128)),
                  Column("action", String(64)), Column("subject", String(128)), Column("detail", String(500)))
# an erased user: refuses implicit re-creation (a live socket's next turn) until a new explicit session
tombstones = Table("tombstones", metadata, _tenant(), Column("user_id", String(ID_LENGTH), nullable=False),
                   Column("erased_at", DateTime(timezone=True)),
                   PrimaryKeyConstraint("tenant", "user_id", name="pk_tombstones"))
# a tenant's learned models (conversation/learner.py): sums over contexts, never text or user ids
learners = Table("learners", metadata, _tenant(), Column("name", String(64), nullable=False),
                 Column("data", Text, nullable=False), Column("updated_at", DateTime(timezone=True)),
                 PrimaryKeyConstraint("tenant", "name", name="pk_learners"))
# name -> value; holds the encryption canary (a known text sealed with the primary key)
settings_table = Table("store_meta", metadata, Column("name", String(64), primary_key=True), Column("value", Text))

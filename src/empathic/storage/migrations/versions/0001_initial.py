"""Initial schema: profiles, sessions, turns, consents, feedback, api_keys, audit_log.

Revision ID: 0001
Revises:

The tables are written out as they were at this revision (never imported from the
live schema, which later revisions change).
"""

from alembic import op
from sqlalchemy import (Column, DateTime, Float, Integer, MetaData, String, Table, Text, UniqueConstraint)

revision = "0001"
down_revision = None


def _tables() -> MetaData:
    m = MetaData()
    Table("profiles", m, Column("user_id", String(128), primary_key=True), Column("data", Text, nullable=False),
          Column("updated_at", DateTime(timezone=True)))
    Table("sessions", m, Column("id", String(64), primary_key=True),
          Column("user_id", String(128), index=True, nullable=False), Column("tenant", String(128), index=True),
          Column("preset", String(32)), Column("state", Text), Column("created_at", DateTime(timezone=True)),
          Column("ended_at", DateTime(timezone=True)))
    Table("turns", m, Column("id", Integer, primary_key=True, autoincrement=True),
          Column("session_id", String(64), index=True, nullable=False), Column("idx", Integer, nullable=False),
          Column("user_text", Text), Column("result", Text), Column("created_at", DateTime(timezone=True)),
          UniqueConstraint("session_id", "idx", name="uq_turn_session_idx"))
    Table("consents", m, Column("id", Integer, primary_key=True, autoincrement=True),
          Column("user_id", String(128), index=True, nullable=False), Column("modality", String(8)),
          Column("purpose", String(200)), Column("granted_at", DateTime(timezone=True)),
          Column("retention_days", Integer), Column("withdrawn_at", DateTime(timezone=True)))
    Table("feedback", m, Column("id", Integer, primary_key=True, autoincrement=True),
          Column("session_id", String(64), index=True), Column("turn", Integer),
          Column("user_id", String(128), index=True), Column("rating", Float), Column("thumbs", Integer),
          Column("label", String(32)), Column("created_at", DateTime(timezone=True)))
    Table("api_keys", m, Column("id", Integer, primary_key=True, autoincrement=True),
          Column("tenant", String(128), index=True, nullable=False), Column("key_hash", String(64), unique=True),
          Column("prefix", String(12)), Column("created_at", DateTime(timezone=True)),
          Column("revoked_at", DateTime(timezone=True)))
    Table("audit_log", m, Column("id", Integer, primary_key=True, autoincrement=True),
          Column("at", DateTime(timezone=True)), Column("tenant", String(128)), Column("actor", String(128)),
          Column("action", String(64)), Column("subject", String(128)), Column("detail", String(500)))
    return m


def upgrade() -> None:
    # checkfirst: databases created before migrations existed keep their tables
    _tables().create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    _tables().drop_all(op.get_bind())

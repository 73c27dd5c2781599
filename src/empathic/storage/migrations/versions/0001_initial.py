"""Initial schema: profiles, sessions, turns, consents, feedback, api_keys, audit_log.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    from empathic.storage.store import metadata

    # checkfirst: databases created before migrations existed keep their tables
    metadata.create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    from empathic.storage.store import metadata

    metadata.drop_all(op.get_bind())

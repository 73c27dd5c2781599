"""Learners: a tenant's learned strategy model (conversation/learner.py), one sealed row per name.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table("learners", sa.Column("tenant", sa.String(64), nullable=False, server_default=""),
                    sa.Column("name", sa.String(64), nullable=False), sa.Column("data", sa.Text, nullable=False),
                    sa.Column("updated_at", sa.DateTime(timezone=True)),
                    sa.PrimaryKeyConstraint("tenant", "name", name="pk_learners"))
    op.create_index("ix_learners_tenant", "learners", ["tenant"])


def downgrade() -> None:
    op.drop_index("ix_learners_tenant", "learners")
    op.drop_table("learners")

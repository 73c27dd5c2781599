"""Tenancy as data: a ``tenant`` column on every row about a person, tombstones, store_meta.

Revision ID: 0002
Revises: 0001

Before, user ids were ``tenant + "/" + user``. Sessions knew their tenant, so their
prefix is stripped exactly; for other rows the tenant is what precedes the first ``/``
(the old bridge's ``mqtt/<device>/<user>`` becomes tenant ``mqtt``, user ``<device>:<user>``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

PEOPLE = ("consents", "feedback")


def _split(user_id: str) -> tuple[str, str]:
    if "/" not in user_id:
        return "", user_id
    tenant, user = user_id.split("/", 1)
    return tenant, user.replace("/", ":") if tenant == "mqtt" else user


def upgrade() -> None:
    bind = op.get_bind()
    tenant_col = lambda: sa.Column("tenant", sa.String(64), nullable=False, server_default="")  # noqa: E731
    for table in PEOPLE:
        with op.batch_alter_table(table) as batch:
            batch.add_column(tenant_col())
        rows = bind.execute(sa.text(f"select id, user_id from {table} where user_id like '%/%'")).all()
        for row_id, user_id in rows:
            tenant, user = _split(user_id)
            bind.execute(sa.text(f"update {table} set tenant = :t, user_id = :u where id = :i"),
                         {"t": tenant, "u": user, "i": row_id})
        op.create_index(f"ix_{table}_tenant", table, ["tenant"])
    for session_id, user_id, tenant in bind.execute(sa.text("select id, user_id, tenant from sessions")).all():
        if tenant and user_id.startswith(tenant + "/"):
            user = user_id[len(tenant) + 1:]
        else:
            tenant, user = _split(user_id) if not tenant else (tenant, user_id)
        bind.execute(sa.text("update sessions set tenant = :t, user_id = :u where id = :i"),
                     {"t": tenant, "u": user, "i": session_id})
    with op.batch_alter_table("sessions") as batch:
        batch.alter_column("tenant", existing_type=sa.String(128), type_=sa.String(64), nullable=False,
                           server_default="")
    # profiles get a two-column key: rebuilt and copied
    op.create_table("profiles_v2", tenant_col(), sa.Column("user_id", sa.String(128), nullable=False),
                    sa.Column("data", sa.Text, nullable=False), sa.Column("updated_at", sa.DateTime(timezone=True)),
                    sa.PrimaryKeyConstraint("tenant", "user_id", name="pk_profiles"))
    for user_id, data, updated_at in bind.execute(sa.text("select user_id, data, updated_at from profiles")).all():
        tenant, user = _split(user_id)
        bind.execute(sa.text("insert into profiles_v2 (tenant, user_id, data, updated_at) values (:t, :u, :d, :a)"),
                     {"t": tenant, "u": user, "d": data, "a": updated_at})
    op.drop_table("profiles")
    op.rename_table("profiles_v2", "profiles")
    op.create_index("ix_profiles_tenant", "profiles", ["tenant"])
    op.create_table("tombstones", tenant_col(), sa.Column("user_id", sa.String(128), nullable=False),
                    sa.Column("erased_at", sa.DateTime(timezone=True)),
                    sa.PrimaryKeyConstraint("tenant", "user_id", name="pk_tombstones"))
    op.create_index("ix_tombstones_tenant", "tombstones", ["tenant"])
    op.create_table("store_meta", sa.Column("name", sa.String(64), primary_key=True), sa.Column("value", sa.Text))


def downgrade() -> None:
    raise NotImplementedError("0002 splits user ids into tenant and user; going back would merge them again")

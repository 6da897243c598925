"""accounts: name keys, login throttle counters, the laptop of each token

Revision ID: 0003
Revises: 0002

``login_attempt`` (one row per failure, counted per name only) gives way to
``login_throttle``: one atomically bumped counter per client address and per (account,
address). Existing names get their look-alike key; should two existing names already share
one ("Sato" and "sato"), the later account's key gets its id appended so the upgrade never
fails, and any further look-alike is refused as usual.
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    # Frozen copy of sync.server.names.name_key as of this revision.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return re.sub(r"[\s._\-]+", "", folded)


def upgrade() -> None:
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempt_name_at")
    op.drop_table("login_attempt")
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.create_index("ix_login_throttle_window_start", ["window_start"], unique=False)

    with op.batch_alter_table("auth_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_id", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_auth_token_user_client", ["user_id", "client_id"], unique=False)

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=160), nullable=True))
    users = sa.table(
        "user_account", sa.column("id", sa.Integer), sa.column("name"), sa.column("name_key")
    )
    conn = op.get_bind()
    taken: set[str] = set()
    for user_id, name in conn.execute(sa.select(users.c.id, users.c.name).order_by(users.c.id)):
        key = _key(name) or f"#{user_id}"
        if key in taken:
            key = f"{key}#{user_id}"
        taken.add(key)
        conn.execute(users.update().where(users.c.id == user_id).values(name_key=key))
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("name_key", existing_type=sa.String(length=160), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_user_account_name_key"), ["name_key"])


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_account_name_key"), type_="unique")
        batch_op.drop_column("name_key")
    with op.batch_alter_table("auth_token", schema=None) as batch_op:
        batch_op.drop_index("ix_auth_token_user_client")
        batch_op.drop_column("client_id")
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.drop_index("ix_login_throttle_window_start")
    op.drop_table("login_throttle")
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempt_name_at", ["name", "at"], unique=False)

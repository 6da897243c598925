"""record history, quotas, chunked pushes

Revision ID: 0002
Revises: 0001

* ``record_history``: every accepted version of every record (restore, undo). The records
  already stored get their current version as an "import" row, so each of them can be
  restored to what it was at the upgrade.
* ``user_quota``: records and bytes per user, seeded from who last wrote each record.
* ``sync_record.deleted`` and ``created_by``: the mass-delete guard counts live records in
  SQL; a record's size counts towards its creator's quota.
* ``push_batch.state``/``chunks_done`` and ``push_chunk``: a big push is applied in chunks
  and can resume after a crash without applying anything twice.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_history",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_history")),
    )
    with op.batch_alter_table("record_history", schema=None) as batch_op:
        batch_op.create_index(
            "ix_record_history_row", ["row_id", "table_name", "version"], unique=True
        )
        batch_op.create_index("ix_record_history_user_at", ["user_id", "at"], unique=False)

    op.create_table(
        "user_quota",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("records", sa.BigInteger(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("max_records", sa.BigInteger(), nullable=True),
        sa.Column("max_bytes", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_user_quota_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_quota")),
    )
    op.create_table(
        "push_chunk",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "key", "n", name=op.f("pk_push_chunk")),
    )
    with op.batch_alter_table("push_batch", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("state", sa.String(length=10), server_default="done", nullable=False)
        )
        batch_op.add_column(
            sa.Column("chunks_done", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("sync_record", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("created_by", sa.Integer(), nullable=True))

    # The server writes records compactly; a blank after the colon is allowed all the same.
    op.execute(
        sa.text(
            "UPDATE sync_record SET created_by = updated_by, "
            "deleted = (data LIKE :compact OR data LIKE :spaced)"
        ).bindparams(compact='%"deleted":true%', spaced='%"deleted": true%')
    )
    op.execute(
        "INSERT INTO record_history "
        "(table_name, row_id, version, seq, at, user_id, client_id, action, data, old) "
        "SELECT table_name, row_id, version, seq, CURRENT_TIMESTAMP, updated_by, last_client, "
        "'import', data, NULL FROM sync_record"
    )
    size = (
        "octet_length(data)"
        if op.get_bind().dialect.name == "postgresql"
        else "length(CAST(data AS BLOB))"
    )
    op.execute(
        "INSERT INTO user_quota (user_id, records, bytes) "
        f"SELECT updated_by, count(*), sum({size}) FROM sync_record "
        "WHERE updated_by IN (SELECT id FROM user_account) GROUP BY updated_by"
    )


def downgrade() -> None:
    with op.batch_alter_table("sync_record", schema=None) as batch_op:
        batch_op.drop_column("created_by")
        batch_op.drop_column("deleted")
    with op.batch_alter_table("push_batch", schema=None) as batch_op:
        batch_op.drop_column("chunks_done")
        batch_op.drop_column("state")
    op.drop_table("push_chunk")
    op.drop_table("user_quota")
    with op.batch_alter_table("record_history", schema=None) as batch_op:
        batch_op.drop_index("ix_record_history_user_at")
        batch_op.drop_index("ix_record_history_row")
    op.drop_table("record_history")

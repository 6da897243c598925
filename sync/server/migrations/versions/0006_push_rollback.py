"""a chunked push never resumed is rolled back

Revision ID: 0006
Revises: 0005

* ``push_hold``: the records a running chunked push changes, with their version before it
  (0: created by the push; NULL until its chunk reaches it) and their creator; nobody else writes them meanwhile, and a push
  nobody resumes is rolled back to these versions and marked "abandoned".
* ``push_batch.touched_at``: when a running push last made progress (set to ``created_at``
  here). A push running at the upgrade has no holds: it can only be marked abandoned, and
  the chunks it committed stay (the behaviour before this revision).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "push_hold",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("before_version", sa.Integer(), nullable=True),
        sa.Column("before_creator", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("table_name", "row_id", name=op.f("pk_push_hold")),
    )
    with op.batch_alter_table("push_hold", schema=None) as batch_op:
        batch_op.create_index("ix_push_hold_batch", ["user_id", "key"], unique=False)
    with op.batch_alter_table("push_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("touched_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE push_batch SET touched_at = created_at WHERE state = 'running'")


def downgrade() -> None:
    with op.batch_alter_table("push_batch", schema=None) as batch_op:
        batch_op.drop_column("touched_at")
    with op.batch_alter_table("push_hold", schema=None) as batch_op:
        batch_op.drop_index("ix_push_hold_batch")
    op.drop_table("push_hold")

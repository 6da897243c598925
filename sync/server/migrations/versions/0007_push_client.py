"""a laptop's new push replaces its unfinished one

Revision ID: 0007
Revises: 0006

* ``push_batch.client_id``: the laptop that sent a chunked push. When that laptop sends a
  different push while the old one has sat idle for a while, the old one is rolled back at
  once (``batches``) instead of holding its records for the full ten minutes. NULL for
  pushes from before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("push_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("push_batch", schema=None) as batch_op:
        batch_op.drop_column("client_id")

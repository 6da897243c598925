"""a running chunked push holds back the pull

Revision ID: 0005
Revises: 0004

* ``push_batch.first_seq``: while a big push is applied chunk by chunk, the first sequence
  number it may use; pulls serve nothing from there on until it is done, so nobody ever
  sees part of a push. NULL once done (the index then holds only running pushes' numbers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("push_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_seq", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_push_batch_first_seq", ["first_seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("push_batch", schema=None) as batch_op:
        batch_op.drop_index("ix_push_batch_first_seq")
        batch_op.drop_column("first_seq")

"""a push's chunks note what their records were

Revision ID: 0008
Revises: 0007

* ``push_chunk.before``: each chunk of a running push keeps what its records were before it
  (version and creator, from the rows it loads anyway), in the row it writes anyway: an
  abandoned push is rolled back to these.
* ``push_hold.before_version`` / ``before_creator`` go: noting there cost one more statement
  per chunk (a round trip each on PostgreSQL). A push running across this upgrade is
  abandoned without its notes, like one from before 0006: its chunks stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("push_chunk", schema=None) as batch_op:
        batch_op.add_column(sa.Column("before", sa.Text(), nullable=True))
    with op.batch_alter_table("push_hold", schema=None) as batch_op:
        batch_op.drop_column("before_creator")
        batch_op.drop_column("before_version")


def downgrade() -> None:
    with op.batch_alter_table("push_hold", schema=None) as batch_op:
        batch_op.add_column(sa.Column("before_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("before_creator", sa.Integer(), nullable=True))
    with op.batch_alter_table("push_chunk", schema=None) as batch_op:
        batch_op.drop_column("before")

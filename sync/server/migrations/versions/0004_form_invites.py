"""web forms: invitation links (hashed tokens, drafts) and every sent form

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_invite",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ref", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("municipality_id", sa.String(length=36), nullable=True),
        sa.Column("fiscal_year", sa.Integer(), nullable=True),
        sa.Column("training_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("draft", sa.Text(), nullable=True),
        sa.Column("draft_updated_at", sa.DateTime(), nullable=True),
        sa.Column("response_id", sa.String(length=36), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submissions", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_invite")),
        sa.UniqueConstraint("ref", name=op.f("uq_form_invite_ref")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_form_invite_token_hash")),
    )
    with op.batch_alter_table("form_invite", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_form_invite_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_form_invite_training_id"), ["training_id"], unique=False
        )
    op.create_table(
        "form_submission",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("invite_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("response_id", sa.String(length=36), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("respondent", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["invite_id"],
            ["form_invite.id"],
            name=op.f("fk_form_submission_invite_id_form_invite"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_submission")),
    )
    with op.batch_alter_table("form_submission", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_form_submission_invite_id"), ["invite_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("form_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_submission_invite_id"))
    op.drop_table("form_submission")
    with op.batch_alter_table("form_invite", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_invite_training_id"))
        batch_op.drop_index(batch_op.f("ix_form_invite_municipality_id"))
    op.drop_table("form_invite")

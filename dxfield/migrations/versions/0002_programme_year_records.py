"""the programme year: trainings, surveys, needs, proposal drafts

New tables only; nothing existing is rewritten, so a 0001 store keeps every record as it is.
The search index (outside Alembic) is rebuilt on the next open because its format changed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 01:58:02.291760
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
        "survey_template",
        sa.Column("template_version", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_template")),
        sa.UniqueConstraint("template_version", name=op.f("uq_survey_template_template_version")),
    )
    op.create_table(
        "need",
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.String(length=36), nullable=True),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "assessment",
                "visit_note",
                "training",
                "survey",
                "other",
                name="need_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_id", sa.String(length=36), nullable=True),
        sa.Column("heard_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "adopted",
                "considering",
                "declined",
                name="need_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("measure", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["fiscal_year"],
            ["programme_year.fiscal_year"],
            name=op.f("fk_need_fiscal_year_programme_year"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_need_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need")),
    )
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_need_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index("ix_need_source", ["source_id"], unique=False)
        batch_op.create_index("ix_need_year_status", ["fiscal_year", "status"], unique=False)

    op.create_table(
        "proposal_draft",
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["fiscal_year"],
            ["programme_year.fiscal_year"],
            name=op.f("fk_proposal_draft_fiscal_year_programme_year"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_draft")),
    )
    with op.batch_alter_table("proposal_draft", schema=None) as batch_op:
        batch_op.create_index("ix_proposal_draft_year", ["fiscal_year", "issued_on"], unique=False)

    op.create_table(
        "survey_item",
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "item_type",
            sa.Enum(
                "likert",
                "single_choice",
                "multi_choice",
                "free_text",
                name="survey_item_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("headline", sa.Boolean(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["survey_template.id"],
            name=op.f("fk_survey_item_template_id_survey_template"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_item")),
        sa.UniqueConstraint("template_id", "code", name=op.f("uq_survey_item_template_id_code")),
    )
    with op.batch_alter_table("survey_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_item_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "training",
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "top_seminar",
                "intro",
                "joint",
                "video",
                "other",
                name="training_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "onsite",
                "online",
                "hybrid",
                "on_demand",
                name="training_method",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("online_url", sa.String(length=500), nullable=False),
        sa.Column("audience", sa.String(length=200), nullable=False),
        sa.Column("lecturers", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.Column("visit_id", sa.String(length=36), nullable=True),
        sa.Column("survey_template_id", sa.String(length=36), nullable=True),
        sa.Column("prefecture_attendees", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "done",
                "cancelled",
                name="training_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_training_ends_after_start")),
        sa.CheckConstraint(
            "prefecture_attendees IS NULL OR prefecture_attendees >= 0",
            name=op.f("ck_training_prefecture_attendees_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["fiscal_year"],
            ["programme_year.fiscal_year"],
            name=op.f("fk_training_fiscal_year_programme_year"),
        ),
        sa.ForeignKeyConstraint(
            ["survey_template_id"],
            ["survey_template.id"],
            name=op.f("fk_training_survey_template_id_survey_template"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_training_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training")),
    )
    with op.batch_alter_table("training", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_visit_id"), ["visit_id"], unique=False)
        batch_op.create_index(
            "ix_training_year_starts_at", ["fiscal_year", "starts_at"], unique=False
        )

    op.create_table(
        "survey_response",
        sa.Column("training_id", sa.String(length=36), nullable=False),
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("municipality_id", sa.String(length=36), nullable=True),
        sa.Column(
            "respondent_group",
            sa.Enum(
                "leaders",
                "staff",
                "prefecture",
                name="attendee_group",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "web_form",
                "excel",
                "manual",
                "interview",
                name="survey_response_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_ref", sa.String(length=300), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_survey_response_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["survey_template.id"],
            name=op.f("fk_survey_response_template_id_survey_template"),
        ),
        sa.ForeignKeyConstraint(
            ["training_id"], ["training.id"], name=op.f("fk_survey_response_training_id_training")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
    )
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_response_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index("ix_survey_response_training", ["training_id"], unique=False)

    op.create_table(
        "training_municipality",
        sa.Column("training_id", sa.String(length=36), nullable=False),
        sa.Column("municipality_id", sa.String(length=36), nullable=False),
        sa.Column("leaders", sa.Integer(), nullable=True),
        sa.Column("staff", sa.Integer(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "leaders IS NULL OR leaders >= 0",
            name=op.f("ck_training_municipality_leaders_non_negative"),
        ),
        sa.CheckConstraint(
            "staff IS NULL OR staff >= 0", name=op.f("ck_training_municipality_staff_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_training_municipality_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["training.id"],
            name=op.f("fk_training_municipality_training_id_training"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_municipality")),
        sa.UniqueConstraint(
            "training_id",
            "municipality_id",
            name=op.f("uq_training_municipality_training_id_municipality_id"),
        ),
    )
    with op.batch_alter_table("training_municipality", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_municipality_municipality_id"),
            ["municipality_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_training_municipality_training_id"), ["training_id"], unique=False
        )

    op.create_table(
        "survey_answer",
        sa.Column("response_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["survey_item.id"], name=op.f("fk_survey_answer_item_id_survey_item")
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_response.id"],
            name=op.f("fk_survey_answer_response_id_survey_response"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
        sa.UniqueConstraint(
            "response_id", "item_id", name=op.f("uq_survey_answer_response_id_item_id")
        ),
    )
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_answer_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_survey_answer_response_id"), ["response_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_answer_response_id"))
        batch_op.drop_index(batch_op.f("ix_survey_answer_item_id"))

    op.drop_table("survey_answer")
    with op.batch_alter_table("training_municipality", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_municipality_training_id"))
        batch_op.drop_index(batch_op.f("ix_training_municipality_municipality_id"))

    op.drop_table("training_municipality")
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_response_training")
        batch_op.drop_index(batch_op.f("ix_survey_response_municipality_id"))

    op.drop_table("survey_response")
    with op.batch_alter_table("training", schema=None) as batch_op:
        batch_op.drop_index("ix_training_year_starts_at")
        batch_op.drop_index(batch_op.f("ix_training_visit_id"))

    op.drop_table("training")
    with op.batch_alter_table("survey_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_item_template_id"))

    op.drop_table("survey_item")
    with op.batch_alter_table("proposal_draft", schema=None) as batch_op:
        batch_op.drop_index("ix_proposal_draft_year")

    op.drop_table("proposal_draft")
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.drop_index("ix_need_year_status")
        batch_op.drop_index("ix_need_source")
        batch_op.drop_index(batch_op.f("ix_need_municipality_id"))

    op.drop_table("need")
    op.drop_table("survey_template")

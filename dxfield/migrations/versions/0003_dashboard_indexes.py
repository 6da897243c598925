"""indexes for the dashboard's first board

Three partial indexes, each holding every column its query reads, so that the board, the
overdue list and the answered baselines are read from a few index pages instead of scanning
the visits, action items and responses of every year (on an encrypted store each page read
is a page decrypted). Partial on ``deleted = 0``: only a query written with that very term
can take one (the ORM writes ``deleted IS 0``), so no other query's plan changes.

Indexes only: no table is rebuilt and no record changes, so a 0002 store keeps every record
(and its row ids) as it is, and the downgrade simply drops them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 17:01:43.056361
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LIVE = "deleted = 0"
LIVE_PG = "deleted = false"
OPEN = " AND status IN ('open', 'in_progress')"


def upgrade() -> None:
    op.create_index(
        "ix_visit_live_year_starts_at",
        "visit",
        ["fiscal_year", "starts_at", "municipality_id", "phase", "status", "id"],
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE_PG),
    )
    op.create_index(
        "ix_action_item_open_due_on",
        "action_item",
        [
            "due_on",
            "municipality_id",
            "visit_id",
            "title",
            "owner_side",
            "owner_name",
            "status",
            "id",
        ],
        sqlite_where=sa.text(LIVE + OPEN),
        postgresql_where=sa.text(LIVE_PG + OPEN),
    )
    op.create_index(
        "ix_assessment_response_live_year_kind",
        "assessment_response",
        ["fiscal_year", "kind", "municipality_id"],
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE_PG),
    )


def downgrade() -> None:
    op.drop_index("ix_assessment_response_live_year_kind", table_name="assessment_response")
    op.drop_index("ix_action_item_open_due_on", table_name="action_item")
    op.drop_index("ix_visit_live_year_starts_at", table_name="visit")

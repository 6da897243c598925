"""Per-replica bookkeeping: never synced, never printed.

* ``PendingChange`` — the outbox. One row per record changed locally since the last
  successful push: which fields, and their values as of the last sync (the merge base).
  Written by the change tracker (``dxfield.tracking``) in the same transaction as the edit.
* ``SyncState`` — small key/value facts of this replica (client id, pull cursor, …). The
  cursor is written in the same transaction that applies a pulled page.
* ``SyncConflict`` — a value that lost a merge, kept for the user to see and resolve.
* ``ImportBatch`` — files already imported (by content hash), so importing again adds nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, new_id, utcnow


class PendingChange(Base):
    __tablename__ = "pending_change"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Version of the record the edits started from; 0 for a record created here.
    base_version: Mapped[int] = mapped_column(Integer)
    fields: Mapped[list[Any]] = mapped_column(JSON)
    # Values of ``fields`` before the first local edit (the common base for merging).
    base: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SyncState(Base):
    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncConflict(Base):
    __tablename__ = "sync_conflict"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(30))  # "field", "text", "delete_vs_edit"
    local_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    remote_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    base_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    merged_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    detected_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str] = mapped_column(String(30), default="")


class ImportBatch(Base):
    __tablename__ = "import_batch"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

"""Conflicts the user settles: list them, keep mine, keep theirs, or save an edited merge.

A conflict row holds the value that lost (``local``), the value that won (``remote``), the
common base and, for notes, the merge with both versions' lines. Settling one writes the
chosen value as an ordinary local edit, so it syncs to everyone like any other change.

Records a pull could not store (``set_aside``: a value this laptop cannot read;
``duplicate``: a rival of a record it has) and local changes the server refuses
(``unsendable``, still in the outbox) carry a ``reason``: a message (``dxfield.messages``)
said in the reader's language, or the Japanese text rows stored before reasons had codes;
settling one only marks it seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dxfield.errors import NotFoundError, ValidationError
from dxfield.messages import Message, from_json
from dxfield.models import SYNCED_MODELS, SyncConflict, utcnow
from dxfield.records import decode, encode

CHOICES = ("mine", "theirs", "merged")
# Kinds that hold a pulled record kept aside, not a value that lost a merge.
KEPT_ASIDE = frozenset({"set_aside", "duplicate", "unsendable"})


@dataclass(frozen=True)
class ConflictInfo:
    id: str
    table: str
    row_id: str
    field: str
    kind: str
    mine: Any
    theirs: Any
    base: Any
    merged: Any
    current: Any
    detected_at: str
    reason: Message | str = ""  # why a record was kept aside; "" for merge conflicts

    def reason_text(self, language: str = "ja") -> str:
        return self.reason.text(language) if isinstance(self.reason, Message) else self.reason


def open_conflicts(session: Session) -> list[ConflictInfo]:
    rows = session.scalars(
        select(SyncConflict)
        .where(SyncConflict.resolved_at.is_(None))
        .order_by(SyncConflict.detected_at, SyncConflict.id)
    )
    out = []
    for c in rows:
        model = SYNCED_MODELS.get(c.table_name)
        obj = session.get(model, c.row_id) if model is not None else None
        has_field = obj is not None and c.field in model.__table__.c
        current = encode(getattr(obj, c.field)) if has_field else None
        merged = c.merged_value
        reason: Message | str = ""
        if c.kind in KEPT_ASIDE and isinstance(merged, dict):
            stored = merged.get("problem")
            reason = from_json(stored) or ("" if stored is None else str(stored))
        out.append(
            ConflictInfo(
                c.id,
                c.table_name,
                c.row_id,
                c.field,
                c.kind,
                c.local_value,
                c.remote_value,
                c.base_value,
                c.merged_value,
                current,
                c.detected_at.isoformat(timespec="minutes"),
                reason,
            )
        )
    return out


def resolve(session: Session, conflict_id: str, choice: str, value: Any = None) -> None:
    """Settle a conflict: ``mine`` (the value that lost), ``theirs`` (the value that won),
    or ``merged`` with ``value`` edited by the user."""
    if choice not in CHOICES:
        raise ValidationError(f"choose one of {', '.join(CHOICES)}", field="choice")
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        raise NotFoundError(f"no open conflict {conflict_id}")
    if conflict.kind in KEPT_ASIDE:
        # Nothing of this laptop's lost: the record waits on the server until fixed there.
        conflict.resolved_at = utcnow()
        conflict.resolution = "seen"
        return
    model = SYNCED_MODELS[conflict.table_name]
    obj = session.get(model, conflict.row_id)
    if obj is None:
        raise NotFoundError(f"{conflict.table_name} {conflict.row_id} is not on this laptop")
    chosen = {"mine": conflict.local_value, "theirs": conflict.remote_value, "merged": value}[
        choice
    ]
    new = decode(conflict.table_name, conflict.field, chosen)
    if getattr(obj, conflict.field) != new:
        setattr(obj, conflict.field, new)  # tracked: it syncs like any edit
    conflict.resolved_at = utcnow()
    conflict.resolution = choice

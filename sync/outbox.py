"""The push side: read the outbox into a batch, and fold the server's answer back in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from dxfield.models import SYNCED_MODELS, PendingChange, SyncConflict
from dxfield.records import encode

from . import apply, schema
from .errors import SyncError
from .merge import TEXT_FIELDS, merge_text
from .protocol import table_order
from .values import _decoder, decode_record


@dataclass
class Outgoing:
    table: str
    row_id: str
    base_version: int
    values: dict[str, Any]  # the changed fields, as sent
    base: dict[str, Any]
    created_at: str | None
    updated_at: str | None

    def wire(self) -> dict[str, Any]:
        return {
            "t": self.table,
            "id": self.row_id,
            "bv": self.base_version,
            "f": self.values,
            "b": self.base,
            "c": self.created_at,
            "u": self.updated_at,
        }


def pending_count(session: Session) -> int:
    return len(session.scalars(select(PendingChange.row_id)).all())


def read_batch(
    session: Session, limit: int, skip: set[tuple[str, str]] | None = None
) -> list[Outgoing]:
    """Up to ``limit`` pending changes, parents first, with their current local values."""
    skip = skip or set()
    order = table_order()
    pending = [
        p
        for p in session.scalars(select(PendingChange))
        if (p.table_name, p.row_id) not in skip and p.table_name in SYNCED_MODELS
    ]
    pending.sort(key=lambda p: (order.get(p.table_name, 99), p.changed_at, p.row_id))
    pending = pending[:limit]
    by_table: dict[str, list[str]] = defaultdict(list)
    for p in pending:
        by_table[p.table_name].append(p.row_id)
    rows: dict[tuple[str, str], Any] = {}
    for table, ids in by_table.items():
        model = SYNCED_MODELS[table]
        for start in range(0, len(ids), apply.CHUNK):
            for obj in session.scalars(select(model).where(model.id.in_(ids[start : start + 500]))):
                rows[(table, obj.id)] = obj
    batch = []
    for p in pending:
        obj = rows.get((p.table_name, p.row_id))
        if obj is None:
            continue  # cannot happen with tombstones; nothing to send if it does
        batch.append(
            Outgoing(
                table=p.table_name,
                row_id=p.row_id,
                base_version=p.base_version,
                values={f: encode(getattr(obj, f)) for f in p.fields},
                base=dict(p.base),
                created_at=encode(obj.created_at),
                updated_at=encode(obj.updated_at),
            )
        )
    return batch


def apply_results(
    session: Session, sent: list[Outgoing], results: list[dict[str, Any]]
) -> tuple[int, int]:
    """Fold a push answer into the local store. Returns (merged, conflicts).

    Edits made while the push was under way are kept: fields still holding the value we
    sent take the server's; the others stay pending with the server's value as their new
    base (note text typed meanwhile is merged onto the server's text).
    """
    if len(results) != len(sent) or any(
        r.get("t") != s.table or r.get("id") != s.row_id
        for r, s in zip(results, sent, strict=False)
    ):
        raise SyncError("malformed_response", "push answer does not match the changes sent")
    session.flush()
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    merged = conflicts = 0
    aside = apply.SetAside(session)
    by_table: dict[str, list[tuple[Outgoing, dict[str, Any]]]] = defaultdict(list)
    for out, result in zip(sent, results, strict=True):
        by_table[out.table].append((out, result))
    for table, pairs in by_table.items():
        ids = [out.row_id for out, _ in pairs]
        changes = apply.pending_changes(session, table, ids)
        model = SYNCED_MODELS[table]
        objs = {}
        for start in range(0, len(ids), apply.CHUNK):
            chunk = ids[start : start + apply.CHUNK]
            objs.update(
                {o.id: o for o in session.scalars(select(model).where(model.id.in_(chunk)))}
            )
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        cleared: list[str] = []
        for out, result in pairs:
            row_id = out.row_id
            problem = schema.check_pulled(result)
            if problem is not None:
                # The server took the edit, but its record holds a value this laptop
                # cannot store (old bad data): keep the local row, show the record aside.
                aside.add(result, problem.field, problem.said)
                cleared.append(row_id)
                continue
            aside.settled(table, row_id, apply.UNSENDABLE)
            data, version = result["d"], result["v"]
            if any(data.get(f) != v for f, v in out.values.items()):
                merged += 1
            values = decode_record(table, data)
            values["id"] = row_id
            values["version"] = version
            change = changes.get(row_id)
            obj = objs.get(row_id)
            if change is not None and obj is not None:
                keep = _rebase(table, change, obj, out, data, version)
                if keep:
                    for name, value in keep.items():
                        values[name] = _decoder(table, name)(value)
                else:
                    cleared.append(row_id)
            (updates if obj is not None else inserts).append(values)
            for c in result.get("conflicts") or []:
                conflicts += 1
                session.add(
                    SyncConflict(
                        table_name=table,
                        row_id=row_id,
                        field=c.get("field", ""),
                        kind=c.get("kind", "field"),
                        local_value=c.get("local"),
                        remote_value=c.get("remote"),
                        base_value=c.get("base"),
                        merged_value=c.get("merged"),
                    )
                )
        for start in range(0, len(cleared), apply.CHUNK):
            session.execute(
                delete(PendingChange).where(
                    PendingChange.table_name == table,
                    PendingChange.row_id.in_(cleared[start : start + apply.CHUNK]),
                )
            )
        session.flush()
        apply.write_rows(session, table, inserts, updates)
    session.flush()
    session.expire_all()
    return merged, conflicts


def _rebase(
    table: str, change: PendingChange, obj: Any, out: Outgoing, data: dict[str, Any], version: int
) -> dict[str, Any]:
    """Local values to keep over the server's (typed while the push was under way).

    Updates the outbox row to start from the server's version; returns {} if nothing is
    left to send.
    """
    keep: dict[str, Any] = {}
    new_base: dict[str, Any] = {}
    for name in change.fields:
        local = encode(getattr(obj, name))
        if name in out.values and local == out.values[name]:
            continue  # unchanged since sent: the server's value is the truth
        if name in out.values and (table, name) in TEXT_FIELDS:
            local, _clean = merge_text(out.values[name] or "", data.get(name) or "", local or "")
        keep[name] = local
        new_base[name] = data.get(name) if name in out.values else change.base.get(name)
    if keep:
        change.fields = list(keep)
        change.base = new_base
        change.base_version = version
    return keep

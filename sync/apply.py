"""Writing server records into the local store, untracked (they are not local edits).

Rows are written with Core statements in bulk: an initial pull brings 100,000 records.
Foreign keys are checked at commit (``defer_foreign_keys``), since a page holds parents
and children in server order, not in insertion order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum, bindparam, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dxfield.masterdata import ensure_programme_year
from dxfield.models import SYNCED_MODELS, PendingChange, SyncConflict
from dxfield.records import content_columns, decode

from .protocol import STAMPS, parent_columns, table_order

CHUNK = 500


@cache
def _columns(table: str) -> frozenset[str]:
    return frozenset((*content_columns(table), *STAMPS))


@cache
def _decoder(table: str, column: str) -> Callable[[Any], Any]:
    """``dxfield.records.decode`` for one column, with its type looked up once.

    An initial pull decodes a million values; the per-call type dispatch of ``decode``
    was a fifth of the time.
    """
    coltype = SYNCED_MODELS[table].__table__.c[column].type
    if isinstance(coltype, Enum) and coltype.enum_class is not None:
        convert: Callable[[Any], Any] = coltype.enum_class
    elif isinstance(coltype, DateTime):
        convert = datetime.fromisoformat
    elif isinstance(coltype, Date):
        convert = date.fromisoformat
    elif isinstance(coltype, Boolean):
        convert = bool
    else:
        return lambda value, t=table, c=column: decode(t, c, value)
    return lambda value: None if value is None else convert(value)


def decode_record(table: str, data: dict[str, Any]) -> dict[str, Any]:
    allowed = _columns(table)
    values = {k: _decoder(table, k)(v) for k, v in data.items() if k in allowed}
    for stamp in STAMPS:
        if values.get(stamp, 0) is None:
            del values[stamp]  # the column default fills it in
    return values


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def local_versions(session: Session, table: str, ids: list[str]) -> dict[str, int]:
    model = SYNCED_MODELS[table]
    found: dict[str, int] = {}
    for chunk in _chunks(ids):
        found.update(
            {
                row_id: version
                for row_id, version in session.execute(
                    select(model.id, model.version).where(model.id.in_(chunk))
                )
            }
        )
    return found


def pending_changes(session: Session, table: str, ids: list[str]) -> dict[str, PendingChange]:
    found: dict[str, PendingChange] = {}
    for chunk in _chunks(ids):
        rows = session.scalars(
            select(PendingChange).where(
                PendingChange.table_name == table, PendingChange.row_id.in_(chunk)
            )
        )
        found.update({row.row_id: row for row in rows})
    return found


def _ensure_years(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    """Programme years are master data, created on demand: a pulled visit may need one."""
    for year in sorted({r["fiscal_year"] for r in rows if r.get("fiscal_year") is not None}):
        ensure_programme_year(session, year)


def write_rows(
    session: Session, table: str, inserts: list[dict[str, Any]], updates: list[dict[str, Any]]
) -> None:
    """Insert new rows and update existing ones (each dict has ``id`` and its columns)."""
    t = SYNCED_MODELS[table].__table__
    _ensure_years(session, [*inserts, *updates])
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in inserts:
        groups[tuple(sorted(row))].append(row)
    for rows in groups.values():
        session.execute(insert(t), rows)
    groups.clear()
    for row in updates:
        groups[tuple(sorted(k for k in row if k != "id"))].append(
            {("_id" if k == "id" else k): v for k, v in row.items()}
        )
    for keys, rows in groups.items():
        if not keys:
            continue
        stmt = (
            update(t)
            .where(t.c.id == bindparam("_id"))
            .values({k: bindparam(k) for k in keys})
            .execution_options(synchronize_session=False)
        )
        session.connection().execute(stmt, rows)


def apply_records(session: Session, records: list[dict[str, Any]], *, careful: bool = False) -> int:
    """Apply pulled records; fields with unpushed local edits keep the local value.

    ``careful`` (after a page failed on a constraint) writes row by row and sets aside what
    cannot be written, see ``_write_guarded``. Returns how many records changed locally.
    """
    session.flush()
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_table[record["t"]].append(record)
    applied = 0
    order = table_order()
    for table, recs in sorted(by_table.items(), key=lambda item: order.get(item[0], 99)):
        ids = [r["id"] for r in recs]
        versions = local_versions(session, table, ids)
        pending = pending_changes(session, table, ids)
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for rec in recs:
            row_id = rec["id"]
            values = decode_record(table, rec["d"])
            values["id"] = row_id
            values["version"] = rec["v"]
            change = pending.get(row_id)
            if change is not None:
                # Unpushed local edits win locally for now; the server merges them on push.
                for name in change.fields:
                    values.pop(name, None)
                updates.append(values)
            elif row_id not in versions:
                inserts.append(values)
            elif versions[row_id] != rec["v"]:
                updates.append(values)
            else:
                continue
            versions[row_id] = rec["v"]
            applied += 1
        if careful:
            applied -= _write_guarded(session, table, inserts, updates, recs)
        else:
            write_rows(session, table, inserts, updates)
    session.expire_all()
    return applied


def _missing_parent(session: Session, table: str, row: dict[str, Any]) -> str | None:
    for column, parent in parent_columns().get(table, ()):
        ref = row.get(column)
        model = SYNCED_MODELS[parent]
        if ref and session.execute(select(model.id).where(model.id == ref)).first() is None:
            return f"{column} refers to {parent} {ref}, which was set aside"
    return None


def _write_guarded(
    session: Session,
    table: str,
    inserts: list[dict[str, Any]],
    updates: list[dict[str, Any]],
    records: list[dict[str, Any]],
) -> int:
    """Write row by row; a row that breaks a local rule is set aside, not fatal.

    Two laptops can create rival records offline that a unique rule forbids side by side
    (two live baselines of one municipality and year, with random ids). Failing the page
    would stop every later sync; instead the incoming record (and what hangs on it) is kept
    as a ``duplicate`` conflict for the user to settle. Returns how many were set aside.
    """
    data = {r["id"]: r["d"] for r in records}
    set_aside = 0
    for is_insert, row in [(True, r) for r in inserts] + [(False, r) for r in updates]:
        problem = _missing_parent(session, table, row)
        if problem is None:
            try:
                with session.begin_nested():
                    write_rows(
                        session, table, [row] if is_insert else [], [] if is_insert else [row]
                    )
                continue
            except IntegrityError as exc:
                problem = str(exc.orig)[:200]
        set_aside += 1
        session.add(
            SyncConflict(
                table_name=table,
                row_id=row["id"],
                field="",
                kind="duplicate",
                remote_value=data.get(row["id"]),
                merged_value={"problem": problem},
            )
        )
    session.flush()
    return set_aside

"""Writing server records into the local store, untracked (they are not local edits).

Rows are written with Core statements in bulk: an initial pull brings 100,000 records.
Foreign keys are checked at commit (``defer_foreign_keys``), since a page holds parents
and children in server order, not in insertion order.

Whatever a page holds, a sync goes on: a record this laptop cannot check, read or store is
set aside as a ``set_aside`` conflict with its reason, a message code with its parameters
(``dxfield.messages``; the conflicts view says it in the user's language),
and the page's other records and the cursor are written as usual.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from dxfield.masterdata import ensure_programme_year
from dxfield.messages import Message, as_json, msg
from dxfield.models import SYNCED_MODELS, PendingChange, SyncConflict, utcnow
from dxfield.search.index import refresh_rows
from dxfield.written import note as note_written

from . import schema
from .protocol import parent_columns, table_order
from .values import _bulk_columns, decode_record, quick_values, stored

CHUNK = 500
# Conflict kind of a pulled record this laptop could not store (it waits in the view).
SET_ASIDE = "set_aside"
# Conflict kind of a local change the server refuses (it stays in the outbox meanwhile).
UNSENDABLE = "unsendable"
ONE_OPEN = (SET_ASIDE, UNSENDABLE)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def local_versions(session: Session, table: str, ids: list[str]) -> dict[str, int]:
    session.flush()
    raw = session.connection().connection.driver_connection
    found: dict[str, int] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        found.update(raw.execute(f"SELECT id, version FROM {table} WHERE id IN ({marks})", chunk))
    return found


def pending_changes(session: Session, table: str, ids: list[str]) -> dict[str, PendingChange]:
    found: dict[str, PendingChange] = {}
    session.flush()
    raw = session.connection().connection.driver_connection
    probe = "SELECT 1 FROM pending_change WHERE table_name = ? LIMIT 1"
    if raw.execute(probe, (table,)).fetchone() is None:
        return found  # an initial pull: nothing waits to be sent
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


@dataclass(frozen=True)
class PageOutcome:
    applied: int  # records that changed locally
    set_aside: int  # records kept aside in the conflicts view instead


def _dbapi_error(session: Session, statement: str, exc: Exception) -> Exception:
    """A driver error as SQLAlchemy raises it (``IntegrityError`` ...), for the caller's
    fallback to the careful path."""
    dbapi = session.get_bind().dialect.loaded_dbapi
    return DBAPIError.instance(statement, None, exc, dbapi.Error)


def bulk_write(
    session: Session, table: str, inserts: list[dict[str, Any]], updates: list[dict[str, Any]]
) -> None:
    """``write_rows`` straight through the driver: one ``executemany`` per shape of row.

    Rows that hold every column with a Python-side default (or on-update value) are the
    driver's, and their values must already be stored values (``values.stored`` or
    ``quick_values``: the columns' own bind processors, so the bytes are those the Core
    statements store). The others hold Python values and take the Core road, which fills
    the missing columns in. The search index's hooks do not see these writes: the caller
    refreshes the index (``refresh_rows``).
    """
    defaults, onupdate, _processors = _bulk_columns(table)
    core_inserts = [r for r in inserts if not defaults <= r.keys()]
    core_updates = [r for r in updates if not onupdate <= r.keys()]
    if core_inserts or core_updates:
        write_rows(session, table, core_inserts, core_updates)
    _ensure_years(session, [*inserts, *updates])
    session.flush()
    raw = session.connection().connection.driver_connection
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in inserts:
        if defaults <= row.keys():
            groups[tuple(row)].append(row)
    statements = []
    for keys, rows in groups.items():
        sql = f"INSERT INTO {table} ({', '.join(keys)}) VALUES ({', '.join('?' * len(keys))})"
        statements.append((sql, keys, rows))
    groups = defaultdict(list)
    for row in updates:
        if onupdate <= row.keys():
            groups[(*(k for k in row if k != "id"), "id")].append(row)
    for keys, rows in groups.items():
        if len(keys) == 1:
            continue  # nothing to set (every field has unpushed local edits)
        sets = ", ".join(f"{k} = ?" for k in keys[:-1])
        statements.append((f"UPDATE {table} SET {sets} WHERE id = ?", keys, rows))
    for sql, keys, rows in statements:
        try:
            raw.executemany(sql, map(_values_of(keys), rows))
        except Exception as exc:
            raise _dbapi_error(session, sql, exc) from exc


def _values_of(keys: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A row's values in the order of ``keys``, as a tuple (made in C: a pull binds a
    million)."""
    if len(keys) == 1:
        return lambda row: (row[keys[0]],)
    return itemgetter(*keys)


def _for_the_driver(table: str, row: dict[str, Any], insert: bool) -> dict[str, Any]:
    """A decoded row as ``bulk_write`` takes it: stored values if the driver writes it,
    Python values if the Core road must fill in a column."""
    defaults, onupdate, _processors = _bulk_columns(table)
    return stored(table, row) if (defaults if insert else onupdate) <= row.keys() else row


def apply_records(
    session: Session,
    records: list[dict[str, Any]],
    *,
    careful: bool = False,
    quick: list[dict[str, Any] | None] | None = None,
) -> PageOutcome:
    """Apply pulled records; fields with unpushed local edits keep the local value.

    A record that breaks the shared schema (``sync.schema``: old server data, a newer
    server's table or value, garbage) is set aside with its reason, and the rest applies.
    ``careful`` (after a page failed on a constraint) writes row by row and sets aside what
    cannot be written, see ``_write_guarded``. ``quick``: ``quick_values`` of each record,
    worked out beforehand (the careful road does not use them).
    """
    session.flush()
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    with _roomy_cache(session):
        return _apply(session, records, careful, None if careful else quick)


# Page cache while a page is written, in KiB (SQLite's default is 2 MiB). Every page of the
# store read again after it fell out of the cache is decrypted again (SQLCipher): a pulled
# page of 10,000 records touches tens of MiB of tables, indexes and the search index.
# Measured on 100,000 records: about a tenth less CPU with 64 MiB.
PAGE_CACHE_KIB = 64 * 1024


@contextlib.contextmanager
def _roomy_cache(session: Session):
    """A larger page cache on the session's connection for one page, then the one it had
    (the memory goes back when the page is written)."""
    raw = session.connection().connection.driver_connection
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {int(before)}")


def _apply(
    session: Session,
    records: list[dict[str, Any]],
    careful: bool,
    quick: list[dict[str, Any] | None] | None,
) -> PageOutcome:
    aside = SetAside(session)
    # Each record with its stored values when the quick road vouches for them, else None:
    # the reference steps check and decode it (and set it aside with their reason).
    by_table: dict[str, list[tuple[dict[str, Any], dict[str, Any] | None]]] = defaultdict(list)
    if quick is None:
        quick = [None if careful else quick_values(record) for record in records]
    for record, values in zip(records, quick, strict=True):
        if values is not None:
            by_table[record["t"]].append((record, values))
            continue
        problem = schema.check_pulled(record)
        if problem is None:
            by_table[record["t"]].append((record, None))
        else:
            aside.add(record, problem.field, problem.said)
    applied = 0
    touched: dict[str, list[str]] = {}
    order = table_order()
    for table, recs in sorted(by_table.items(), key=lambda item: order.get(item[0], 99)):
        ids = [r["id"] for r, _values in recs]
        versions = local_versions(session, table, ids)
        pending = pending_changes(session, table, ids)
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        written: list[dict[str, Any]] = []
        for rec, quick in recs:
            row_id = rec["id"]
            values = quick
            if values is None:
                try:
                    values = decode_record(table, rec["d"])
                except Exception as exc:  # whatever a value does, the sync goes on
                    aside.add(rec, "", msg("aside.read_failed", error=type(exc).__name__))
                    continue
                values["id"] = row_id
                values["version"] = rec["v"]
            aside.settled(table, row_id)
            change = pending.get(row_id)
            if change is not None:
                # Unpushed local edits win locally for now; the server merges them on push.
                for name in change.fields:
                    values.pop(name, None)
                is_insert = False
            elif row_id not in versions:
                is_insert = True
            elif versions[row_id] != rec["v"]:
                is_insert = False
            else:
                continue
            if quick is None and not careful:
                values = _for_the_driver(table, values, is_insert)
            (inserts if is_insert else updates).append(values)
            written.append(rec)
            versions[row_id] = rec["v"]
            applied += 1
        if careful:
            applied -= _write_guarded(session, table, inserts, updates, written, aside)
        else:
            bulk_write(session, table, inserts, updates)
            touched[table] = [row["id"] for row in (*inserts, *updates)]
    session.flush()
    # The bulk writes bypass the Core hooks: the page's documents in one step, and the
    # tables it wrote for the views to refresh.
    refresh_rows(session.connection().connection.driver_connection, touched)
    note_written(session, [table for table, ids in touched.items() if ids])
    session.expire_all()
    return PageOutcome(applied, aside.count)


class SetAside:
    """Records kept aside as conflicts: pulled ones this laptop cannot store
    (``set_aside``), local changes the server refuses (``unsendable``, see ``runner``).

    One open row per record and kind: the record's content (non-finite numbers as text)
    for the user to look at, and its reason as a message (code and parameters) for the
    conflicts view. A record that later goes through closes its open row (``settled``).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.count = 0
        self._open: dict[tuple[str, str, str], SyncConflict] | None = None

    def _load(self) -> dict[tuple[str, str, str], SyncConflict]:
        if self._open is None:
            rows = self.session.scalars(
                select(SyncConflict).where(
                    SyncConflict.kind.in_(ONE_OPEN), SyncConflict.resolved_at.is_(None)
                )
            )
            self._open = {(c.kind, c.table_name, c.row_id): c for c in rows}
        return self._open

    def add(self, record: Any, field: str, reason: Message, kind: str = SET_ASIDE) -> None:
        self.count += 1
        record = record if isinstance(record, dict) else {}
        key = (kind, str(record.get("t", ""))[:40], str(record.get("id", ""))[:36])
        content = schema.json_safe(record.get("d"))
        problem = {"problem": as_json(reason)}
        known = self._load().get(key) if kind in ONE_OPEN else None
        if known is not None:
            known.field, known.remote_value, known.merged_value = field[:60], content, problem
            known.detected_at = utcnow()
            return
        conflict = SyncConflict(
            kind=kind,
            table_name=key[1],
            row_id=key[2],
            field=field[:60],
            remote_value=content,
            merged_value=problem,
        )
        self.session.add(conflict)
        if kind in ONE_OPEN:
            self._load()[key] = conflict

    def settled(self, table: str, row_id: str, kind: str = SET_ASIDE) -> None:
        known = self._load().pop((kind, table, row_id), None)
        if known is not None:
            known.resolved_at = utcnow()
            known.resolution = "superseded"


def _missing_parent(
    session: Session, table: str, row: dict[str, Any]
) -> tuple[str, Message] | None:
    for column, parent in parent_columns().get(table, ()):
        ref = row.get(column)
        model = SYNCED_MODELS[parent]
        if ref and session.execute(select(model.id).where(model.id == ref)).first() is None:
            return column, msg("aside.missing_parent", parent=parent)
    return None


def _write_guarded(
    session: Session,
    table: str,
    inserts: list[dict[str, Any]],
    updates: list[dict[str, Any]],
    records: list[dict[str, Any]],
    aside: SetAside,
) -> int:
    """Write row by row; a row that breaks a local rule is set aside, not fatal.

    Two laptops can create rival records offline that a unique rule forbids side by side
    (two live baselines of one municipality and year, with random ids). Failing the page
    would stop every later sync; instead the incoming record is kept as a ``duplicate``
    conflict for the user to settle, and what hangs on it is set aside. Returns how many
    were set aside.
    """
    by_id = {r["id"]: r for r in records}
    set_aside = 0
    for is_insert, row in [(True, r) for r in inserts] + [(False, r) for r in updates]:
        missing = _missing_parent(session, table, row)
        if missing is None:
            try:
                with session.begin_nested():
                    write_rows(
                        session, table, [row] if is_insert else [], [] if is_insert else [row]
                    )
                continue
            except IntegrityError as exc:
                kind, field = "duplicate", ""
                reason = msg("aside.not_storable", rule=_constraint(exc))
            except Exception as exc:  # what this laptop cannot store waits aside
                kind, field = SET_ASIDE, ""
                reason = msg("aside.read_failed", error=type(exc).__name__)
        else:
            kind, (field, reason) = SET_ASIDE, missing
        set_aside += 1
        aside.add(by_id.get(row["id"], {"t": table, "id": row["id"]}), field, reason, kind)
    session.flush()
    return set_aside


def _constraint(exc: IntegrityError) -> str:
    """The broken rule's name as SQLite words it, without the values."""
    text_ = str(exc.orig).splitlines()[0] if exc.orig is not None else ""
    return text_[:120]

"""Unsynced edits read out of a damaged store, shown to the user, and put back.

A damaged store may still hold edits that never reached the server: the outbox
(``pending_change``) says which records, the records hold the values. They are read table by
table with SQLite, skipping what cannot be read (a broken page loses the rows on it, not the
rest). When SQLite stops short of the rows (a file cut short, a lost interior page hides a
whole table), the leaf pages that survived are read the way SQLite's ``.recover`` reads them
(``pagescan``) into a readable copy, and the edits are read from that. The ``sqlite3``
command-line tool's ``.recover`` is the last resort, where it is installed.

What was found is kept beside the copy of the damaged store (``salvagefile``: encrypted with
the store's key when the store is encrypted, JSON otherwise; nothing is ever lost for good)
and put back into the store that replaces it: the records as they were,
with their outbox rows, so that the next sync sends them exactly as it would have sent them
from the damaged store (same base versions, same merge base). Records the new store lacks
and that those records point to (a visit a note belongs to) come along.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .driver import connect, sqlite3
from .errors import DxfieldError
from .storekey import StoreKey, unlock

# Only putting records back (``reapply``) needs SQLAlchemy, imported there: reading and
# showing a record (``dxfield recover --show``, ``encryption status`` through
# ``restore.staging_path``) answers without it.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

# Facts about the server this store synced with, carried into a fresh store.
SERVER_KEYS = ("server_url", "server_user", "allow_http")
MAX_PROBES = 64  # attempts to step over an unreadable stretch of a table
# Unreadable stretches met before SQLite is given up for reading the pages themselves (each
# step over one rescans a table: without a bound a file cut short takes minutes).
MAX_GAPS = 32
RECOVER_TIMEOUT_S = 120


@dataclass
class SalvagedChange:
    table: str
    row_id: str
    pending: dict[str, Any]  # the outbox row as stored
    record: dict[str, Any] | None  # the record as stored; None if it could not be read

    @property
    def created_here(self) -> bool:
        return self.pending.get("base_version") == 0

    def summary(self) -> str:
        """Something a person recognises: a date, a name, the start of a text."""
        r = self.record or {}
        text = ""
        for key in ("title", "body", "name", "agenda", "location", "respondent"):
            value = r.get(key)
            if isinstance(value, str) and value.strip():
                text = " ".join(value.split())
                break
        stamp = r.get("starts_at") or r.get("due_on") or r.get("answered_on") or ""
        parts = [str(stamp)[:16].replace("T", " ")] if stamp else []
        if text:
            parts.append(text[:40] + ("…" if len(text) > 40 else ""))
        if not parts and r.get("fiscal_year"):
            parts.append(f"{r['fiscal_year']}年度")
        return " ".join(parts) or self.row_id[:8]


@dataclass
class Salvage:
    """What could be read out of a damaged store."""

    source: Path
    changes: list[SalvagedChange] = field(default_factory=list)
    # Rows the changed records point to, by (table, key column, value).
    parents: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sync_state: dict[str, str] = field(default_factory=dict)
    method: str = "sqlite"  # "sqlite", "pages" (pagescan), "recover" (the sqlite3 tool), "none"
    lost: int = 0  # outbox rows whose record could not be read
    error: str | None = None  # why nothing could be read, if so
    gaps: int = 0  # stretches SQLite could not read
    _index: dict | None = field(default=None, repr=False, compare=False)

    @property
    def readable(self) -> list[SalvagedChange]:
        return [c for c in self.changes if c.record is not None]

    def _find(self, table: str, row_id: Any) -> dict[str, Any] | None:
        if self._index is None:
            self._index = {
                (name, r.get("id")): r for name, rows in self.parents.items() for r in rows
            }
            self._index.update({(c.table, c.row_id): c.record for c in self.readable})
        return self._index.get((table, row_id))

    def describe(self, change: SalvagedChange) -> str:
        """``change.summary()`` with where it belongs: the visit's day and municipality."""
        record = change.record or {}
        visit = self._find("visit", record.get("visit_id")) if record.get("visit_id") else None
        town_id = (visit or record).get("municipality_id")
        town = self._find("municipality", town_id) if town_id else None
        where = []
        if visit and visit.get("starts_at"):
            where.append(str(visit["starts_at"])[:10])
        if town and town.get("name"):
            where.append(str(town["name"]))
        summary = change.summary()
        return f"{' '.join(where)}: {summary}" if where else summary

    def to_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "method": self.method,
            "error": self.error,
            "lost": self.lost,
            "sync_state": self.sync_state,
            "changes": [asdict(c) for c in self.changes],
            "parents": self.parents,
        }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> Salvage:
        """A salvage as ``to_json`` wrote it (read back from the kept record)."""
        known = {f.name for f in fields(SalvagedChange)}
        changes = [
            SalvagedChange(**{k: v for k, v in c.items() if k in known})
            for c in document.get("changes") or []
        ]
        return cls(
            Path(document.get("source") or ""),
            changes=changes,
            parents=document.get("parents") or {},
            sync_state=document.get("sync_state") or {},
            method=document.get("method") or "none",
            lost=int(document.get("lost") or 0),
            error=document.get("error"),
        )


# -- reading a damaged file ------------------------------------------------------------------


def _rows(
    conn: sqlite3.Connection,
    name: str,
    where: str = "",
    args: tuple = (),
    salvage: Salvage | None = None,
) -> Iterator[dict]:
    """Every readable row of ``name``; stretches that cannot be read are stepped over (and
    counted in ``salvage.gaps``)."""
    sql = f'SELECT rowid AS "__rowid", * FROM "{name}" NOT INDEXED WHERE rowid > ? {where} ORDER BY rowid LIMIT 200'
    last = -(2**63)
    while True:
        try:
            cursor = conn.execute(sql, (last, *args))
            names = [d[0] for d in cursor.description]
            batch = cursor.fetchall()
        except sqlite3.DatabaseError:
            if salvage is not None:
                salvage.gaps += 1
                if salvage.gaps > MAX_GAPS:
                    return
            skipped = _step_over(conn, name, last)
            if skipped is None:
                return
            last = skipped
            continue
        if not batch:
            return
        for row in batch:
            record = dict(zip(names, row, strict=True))
            last = record.pop("__rowid")
            yield record


def _step_over(conn: sqlite3.Connection, name: str, last: int) -> int | None:
    """A rowid past the unreadable stretch after ``last`` from which reading works again."""
    step = 1
    for _ in range(MAX_PROBES):
        probe = last + step
        try:
            conn.execute(
                f'SELECT rowid FROM "{name}" WHERE rowid > ? ORDER BY rowid LIMIT 1', (probe,)
            ).fetchall()
            return probe
        except sqlite3.DatabaseError:
            step *= 2
        except OverflowError:
            return None
    return None


def _connect(path: Path) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn, _key = unlock(path, lambda key: connect(uri, key=key, uri=True, timeout=5), ask=False)
    conn.execute("PRAGMA query_only = 1")
    # A schema naming a root page past the end of a cut-short file is not a reason to read
    # nothing: the tables whose pages are there can still be read.
    conn.execute("PRAGMA writable_schema = 1")
    return conn


def _read(conn: sqlite3.Connection, salvage: Salvage) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "sync_state" in tables:
        for row in _rows(conn, "sync_state", salvage=salvage):
            if row.get("key") in SERVER_KEYS and isinstance(row.get("value"), str):
                salvage.sync_state[row["key"]] = row["value"]
    if "pending_change" not in tables:
        return
    wanted: dict[str, dict[str, dict]] = {}
    pending = list(_rows(conn, "pending_change", salvage=salvage))
    for row in pending:
        wanted.setdefault(row["table_name"], {})[row["row_id"]] = row
    for name, rows in wanted.items():
        found: dict[str, dict] = {}
        if name in tables:
            ids = list(rows)
            for start in range(0, len(ids), 200):
                chunk = ids[start : start + 200]
                marks = ",".join("?" * len(chunk))
                rows_ = _rows(conn, name, f"AND id IN ({marks})", tuple(chunk), salvage)
                for record in rows_:
                    found[record["id"]] = record
        for row_id, row in rows.items():
            salvage.changes.append(SalvagedChange(name, row_id, row, found.get(row_id)))
    salvage.lost = sum(1 for c in salvage.changes if c.record is None)
    salvage.parents = _parents(conn, tables, salvage.readable)


def _foreign_keys(name: str) -> list[tuple[str, str, str]]:
    """(column, parent table, parent column) of a synced table, from the models."""
    from .models import Base

    t = Base.metadata.tables.get(name)
    if t is None:
        return []
    return [(fk.parent.name, fk.column.table.name, fk.column.name) for fk in t.foreign_keys]


def _parents(conn, tables: set[str], changes: list[SalvagedChange]) -> dict[str, list[dict]]:
    """Rows the changed records point to, and what those point to (a few levels up)."""
    parents: dict[str, dict[tuple[str, Any], dict]] = {}
    todo = [(c.table, c.record) for c in changes if c.record]
    for _level in range(4):
        nxt = []
        for name, record in todo:
            for col, parent, key in _foreign_keys(name):
                value = record.get(col)
                if value is None or parent not in tables or (key, value) in parents.get(parent, {}):
                    continue
                for row in _rows(conn, parent, f'AND "{key}" = ?', (value,)):
                    parents.setdefault(parent, {})[(key, value)] = row
                    nxt.append((parent, row))
        todo = nxt
    return {name: list(rows.values()) for name, rows in parents.items()}


def _recover_copy(path: Path, workdir: Path) -> Path | None:
    """A readable copy rebuilt by the sqlite3 tool's ``.recover``, when the tool is there."""
    tool = shutil.which("sqlite3")
    if tool is None:
        return None
    target = workdir / "recovered.sqlite3"
    try:
        with subprocess.Popen(
            [tool, str(path), ".recover"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        ) as dump:
            subprocess.run(
                [tool, str(target)],
                stdin=dump.stdout,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=RECOVER_TIMEOUT_S,
                check=False,
            )
            dump.wait(timeout=RECOVER_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("sqlite3 .recover of %s failed: %s", path, exc)
        return None
    return target if target.exists() and target.stat().st_size else None


def _read_copy(copy: Path, method: str) -> Salvage:
    salvage = Salvage(copy, method=method)
    conn = _connect(copy)
    try:
        _read(conn, salvage)
    finally:
        conn.close()
    return salvage


def _known_tables() -> dict[str, str]:
    """CREATE TABLE of every table of the models: the layout to use where a damaged file's
    own schema row is lost."""
    from sqlalchemy.dialects import sqlite as dialect
    from sqlalchemy.schema import CreateTable

    from .models import Base

    return {
        name: str(CreateTable(t).compile(dialect=dialect.dialect()))
        for name, t in Base.metadata.tables.items()
    }


def _read_pages(path: Path, workdir: Path) -> Salvage | None:
    """The edits as read from the pages of ``path`` (``pagescan``); None if that fails."""
    from . import pagescan

    try:
        rebuilt = pagescan.rebuild(path, workdir / "pages.sqlite3", _known_tables())
        salvage = _read_copy(rebuilt.path, "pages")
    except (sqlite3.Error, DxfieldError, OSError, ValueError, KeyError) as exc:
        log.warning("reading the pages of %s failed: %s", path, exc)
        return None
    log.info(
        "pages of %s: %d rows placed, %d by their shape, %d unplaced",
        path,
        rebuilt.placed,
        rebuilt.orphans,
        rebuilt.unplaced,
    )
    salvage.source = path
    return salvage


def _detail(exc: BaseException) -> str:
    """Why reading failed, as the person who is shown it reads it (the catalog's text)."""
    return exc.text() if isinstance(exc, DxfieldError) else str(exc)


def read_salvage(path: Path) -> Salvage:
    """Read the unsynced edits out of the (damaged) store at ``path``; never raises."""
    path = Path(path)
    try:
        salvage = _read_copy(path, "sqlite")
        salvage.source = path
        if not salvage.gaps:
            return salvage
        first = f"{salvage.gaps} stretches SQLite could not read"
    except (sqlite3.Error, DxfieldError, OSError, ValueError, KeyError) as exc:
        first = f"{type(exc).__name__}: {_detail(exc)}"
        salvage = Salvage(path)
    with tempfile.TemporaryDirectory(prefix="dxfield-recover-") as tmp:
        pages = _read_pages(path, Path(tmp))
        if pages is not None and len(pages.readable) >= len(salvage.readable) and pages.changes:
            return pages
        if salvage.changes:
            return salvage
        copy = _recover_copy(path, Path(tmp))
        if copy is not None:
            try:
                salvage = _read_copy(copy, "recover")
                salvage.source = path
                return salvage
            except (sqlite3.Error, DxfieldError, OSError, ValueError, KeyError) as exc:
                first += f"; .recover: {type(exc).__name__}: {_detail(exc)}"
    salvage.method, salvage.error = "none", first
    return salvage


def save_salvage(salvage: Salvage, kept: Path, key: StoreKey | None) -> Path:
    """Keep what was found beside ``kept`` (the damaged store's copy): encrypted with ``key``
    (the store's), or as JSON for a plain store (``salvagefile``)."""
    from .salvagefile import record_path, write_record

    return write_record(salvage.to_json(), record_path(kept, key), key)


# -- putting it back -------------------------------------------------------------------------


@dataclass
class Reapplied:
    applied: list[SalvagedChange] = field(default_factory=list)
    skipped: list[tuple[SalvagedChange, str]] = field(default_factory=list)
    parents_added: int = 0


def _table_columns(session: Session, name: str) -> list[str]:
    raw = session.connection().connection.driver_connection
    return [r[1] for r in raw.execute(f'PRAGMA table_info("{name}")')]


def _upsert(session: Session, name: str, row: dict[str, Any], key: str = "id") -> bool:
    """Write ``row`` as it was stored; True if it was new. Untyped columns: the values go
    to SQLite as they came out of it. Core statements, so the search index follows."""
    from sqlalchemy import column, insert, select, table, update

    names = [c for c in _table_columns(session, name) if c in row]
    t = table(name, *(column(c) for c in names))
    exists = session.execute(select(t.c[key]).where(t.c[key] == row[key])).first()
    values = {c: row[c] for c in names}
    if exists:
        session.execute(update(t).where(t.c[key] == row[key]).values(values))
        return False
    session.execute(insert(t).values(values))
    return True


def _order(name: str) -> int:
    from .models import Base

    names = [t.name for t in Base.metadata.sorted_tables]
    return names.index(name) if name in names else len(names)


def reapply(session: Session, salvage: Salvage) -> Reapplied:
    """Put the salvaged records and their outbox rows into the store of ``session``.

    Parents first; each record in a savepoint, so one that cannot be stored (a reference
    nothing can satisfy) is reported and the rest still go in.
    """
    from sqlalchemy import column, select, table
    from sqlalchemy.exc import DBAPIError

    result = Reapplied()
    for name in sorted(salvage.parents, key=_order):
        for row in salvage.parents[name]:
            key = "id" if "id" in row else next(iter(row))
            try:
                with session.begin_nested():
                    exists = session.execute(
                        select(column(key)).select_from(table(name)).where(column(key) == row[key])
                    ).first()
                    if not exists:
                        _upsert(session, name, row, key)
                        result.parents_added += 1
            except DBAPIError as exc:
                log.warning("salvaged parent %s %s not stored: %s", name, row.get(key), exc)
    for change in sorted(salvage.readable, key=lambda c: _order(c.table)):
        try:
            with session.begin_nested():
                _upsert(session, change.table, change.record or {})
                _put_pending(session, change)
            result.applied.append(change)
        except DBAPIError as exc:
            result.skipped.append((change, str(getattr(exc, "orig", exc))))
    return result


def _put_pending(session: Session, change: SalvagedChange) -> None:
    from sqlalchemy import column, insert, table

    names = [c for c in _table_columns(session, "pending_change") if c in change.pending]
    t = table("pending_change", *(column(c) for c in names))
    session.execute(t.delete().where(t.c.table_name == change.table, t.c.row_id == change.row_id))
    session.execute(insert(t).values({c: change.pending[c] for c in names}))


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")

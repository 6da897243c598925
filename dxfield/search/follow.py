"""The search index follows every write made through SQLAlchemy.

The hook sits on SQLAlchemy Core, not on Session flushes: the ORM's flush and the sync's
bulk Core statements (``insert(table)``, ``update(table)`` with many parameter sets) both
end up here, so the index follows every write made through SQLAlchemy, in the same
transaction as the edit. Writes through a bare sqlite3 connection do not; bulk loaders drop
the index (it is rebuilt on open) or call ``rebuild``. Which documents a write touches is
``dxfield.search.index``'s to say (``_WATCHED``, ``_docs``, ``refresh``).
"""

from __future__ import annotations

from sqlalchemy import Engine, event, select
from sqlalchemy.sql import dml, operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter
from sqlalchemy.sql.visitors import iterate

from ..driver import sqlite3
from .index import _WATCHED, _docs, index_state, refresh

_FLAG = "dxfield.search_index"
_PENDING = "dxfield.search_pending"


def _has_index(conn) -> bool:
    """Whether the database behind a connection carries the index (cached when it does)."""
    if conn.dialect.name != "sqlite":
        return False
    info = conn.connection.info
    if info.get(_FLAG):
        return True
    present = index_state(conn.connection.driver_connection) is not None
    if present:
        info[_FLAG] = True  # only a yes is kept: the index may be created later
    return present


def _watched_table(clause) -> str | None:
    if not isinstance(clause, dml.Insert | dml.Update | dml.Delete):
        return None
    name = getattr(clause.table, "name", None)
    return name if name in _WATCHED else None


def _param_rows(multiparams, params) -> list[dict] | None:
    rows = list(multiparams) if multiparams else [params or {}]
    return rows if all(isinstance(r, dict) for r in rows) else None


def _id_bind(clause) -> BindParameter | None:
    """The bind parameter in ``WHERE <table>.id = :x`` (ORM flushes and sync updates)."""
    if clause.whereclause is None:
        return None
    for element in iterate(clause.whereclause):
        if (
            isinstance(element, BinaryExpression)
            and element.operator is operators.eq
            and isinstance(element.right, BindParameter)
            and getattr(element.left, "key", None) == "id"
            and getattr(element.left, "table", None) is clause.table
        ):
            return element.right
    return None


def _ids_from_params(clause, rows: list[dict]) -> list[str] | None:
    if isinstance(clause, dml.Insert):
        ids = [row.get("id") for row in rows]
    else:
        bind = _id_bind(clause)
        if bind is None:
            return None
        ids = [row.get(bind.key, bind.value) for row in rows]
    return ids if all(isinstance(i, str) for i in ids) else None


def _before_execute(conn, clause, multiparams, params, _options) -> None:
    """For writes whose rows cannot be told from their parameters, find them beforehand."""
    table = _watched_table(clause)
    if table is None or not _has_index(conn):
        return
    rows = _param_rows(multiparams, params)
    if rows is not None and _ids_from_params(clause, rows) is not None:
        return
    raw = conn.connection.driver_connection
    if isinstance(clause, dml.Insert):
        top = raw.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
        conn.info[_PENDING] = ("after_rowid", top)
        return
    t = clause.table
    query = (
        select(t.c.id) if clause.whereclause is None else select(t.c.id).where(clause.whereclause)
    )
    ids: list[str] = []
    for row in rows or [{}]:
        ids.extend(conn.execute(query, row).scalars())
    conn.info[_PENDING] = ("ids", ids)


def _after_execute(conn, clause, multiparams, params, _options, _result) -> None:
    table = _watched_table(clause)
    if table is None or not _has_index(conn):
        return
    raw = conn.connection.driver_connection
    pending = conn.info.pop(_PENDING, None)
    if pending is None:
        ids = _ids_from_params(clause, _param_rows(multiparams, params) or [])
    elif pending[0] == "after_rowid":
        ids = [r[0] for r in raw.execute(f"SELECT id FROM {table} WHERE rowid > ?", (pending[1],))]
    else:
        ids = pending[1]
    try:
        refresh(raw, _docs(raw, table, ids or []))
    except sqlite3.OperationalError:
        if index_state(raw) is not None:
            raise
        # The index was dropped behind our back (a bulk loader): let the edit through; the
        # next open or search rebuilds the index from the records.
        conn.connection.info.pop(_FLAG, None)


def follow_edits() -> None:
    """Keep the index in step with every write through SQLAlchemy (idempotent)."""
    if not event.contains(Engine, "after_execute", _after_execute):
        event.listen(Engine, "before_execute", _before_execute)
        event.listen(Engine, "after_execute", _after_execute)

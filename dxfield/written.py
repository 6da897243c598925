"""Which tables a unit of work wrote: the ``Changes`` views refresh from are derived here.

A service says what it returns, not what it changed: what it changed is what reached the
database. A Core ``after_execute`` hook (the level the search index follows edits at) notes
the table of every INSERT, UPDATE and DELETE run on a session's connection that touched a
row: ORM flushes, the sync's Core statements, the importers' alike. An object set to the
value it had writes nothing, so it changes nothing; an UPDATE or DELETE that matched no row
neither.

Writes made straight through the driver (the sync's bulk apply) do not pass the hook: their
caller names the tables (``note``), once per table and page, not per record.

The tables are kept in ``session.info`` and linked to the connection when the session begins
a transaction on it (``after_begin``); a connection's link is dropped whenever a new
transaction begins on it, so a pooled connection never reports into a finished session.
Read them after the commit: ``tables(session)``, ``changes(session)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session
from sqlalchemy.sql import dml

from .changes import Changes, changes_for

_KEY = "dxfield.written"


def _written(session: Session) -> set[str]:
    return session.info.setdefault(_KEY, set())


def note(session: Session, tables: Iterable[str]) -> None:
    """Writes the hook cannot see (driver-level ``executemany``): these tables changed."""
    _written(session).update(tables)


def tables(session: Session) -> frozenset[str]:
    """The tables ``session`` wrote to (so far, or in its committed transaction)."""
    return frozenset(session.info.get(_KEY, ()))


def changes(session: Session) -> Changes:
    """The views to refresh after what ``session`` wrote."""
    return changes_for(tables(session))


def _after_begin(session: Session, _transaction, connection) -> None:
    connection.info[_KEY] = _written(session)


def _on_begin(conn) -> None:
    conn.info.pop(_KEY, None)  # a pooled connection's previous session is over


def _after_execute(conn, clause, _multiparams, _params, _options, result) -> None:
    written = conn.info.get(_KEY)
    if written is None or not isinstance(clause, dml.UpdateBase):
        return
    if (
        isinstance(clause, dml.Update | dml.Delete)
        and not result.returns_rows
        and result.rowcount == 0
    ):
        return  # matched no row
    written.add(clause.table.name)


def install(engine: Engine, session_factory) -> None:
    """Note the writes of ``session_factory``'s sessions on ``engine`` (a second call adds
    listeners that note the same tables again: harmless)."""
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "after_execute", _after_execute)
    event.listen(session_factory, "after_begin", _after_begin)

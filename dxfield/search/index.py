"""The search index: derived data kept in the store beside the records it describes.

It lives outside Alembic (it is rebuilt, never migrated): ``search_doc`` maps an FTS rowid to
the record it indexes and keeps the normalised text that was indexed (a contentless FTS5
table needs it to delete the old tokens), ``search_fts`` is that contentless FTS5 table, and
``search_meta`` records the index format. Bump ``INDEX_FORMAT`` whenever what is indexed or
how it is encoded changes: the next open rebuilds the index.

The index follows every flush of every Session on a database that has it (an ``after_flush``
hook on the Session class), in the same transaction as the edit, whatever made the edit: a
service, the sync applying remote changes, master data. A record is indexed while it and
its parents are alive: a note section of a tombstoned visit is not found.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..models import ActionItem, Answer, AssessmentResponse, NoteSection, Question, Visit
from .text import normalise, tokens

log = logging.getLogger(__name__)

INDEX_FORMAT = "1"
TABLE_PREFIX = "search_"
INDEX_TABLES = ("search_meta", "search_doc", "search_fts")

KIND_NOTE = "note"
KIND_ACTION = "action_item"
KIND_ANSWER = "answer"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS search_doc (
        rowid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        ref_id TEXT NOT NULL,
        municipality_id TEXT,
        visit_id TEXT,
        internal INTEGER NOT NULL DEFAULT 0,
        normalised TEXT NOT NULL,
        UNIQUE (kind, ref_id)
    )""",
    "CREATE INDEX IF NOT EXISTS search_doc_municipality ON search_doc (municipality_id)",
    # ascii: our tokens are [0-9a-z] separated by spaces; prefix 4 = one code point.
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        tokens, content='', tokenize='ascii', prefix='4'
    )""",
)

# The live searchable text of each kind, with what a hit needs to be filtered by.
# Columns: ref_id, text, municipality_id, visit_id, internal.
_LIVE = {
    KIND_NOTE: """
        SELECT n.id, n.body, v.municipality_id, n.visit_id, n.internal
        FROM note_section n JOIN visit v ON v.id = n.visit_id
        WHERE n.deleted = 0 AND v.deleted = 0""",
    KIND_ACTION: """
        SELECT a.id, a.title, a.municipality_id, a.visit_id, 0
        FROM action_item a LEFT JOIN visit v ON v.id = a.visit_id
        WHERE a.deleted = 0 AND (a.visit_id IS NULL OR v.deleted = 0)""",
    KIND_ANSWER: """
        SELECT x.id, x.value, r.municipality_id, NULL, 0
        FROM answer x
        JOIN assessment_response r ON r.id = x.response_id
        JOIN question q ON q.id = x.question_id
        WHERE x.deleted = 0 AND r.deleted = 0 AND q.answer_type = 'free_text'""",
}
_BY_ID = {KIND_NOTE: "n.id", KIND_ACTION: "a.id", KIND_ANSWER: "x.id"}


def _text_of(kind: str, value) -> str | None:
    if kind == KIND_ANSWER:
        # Answer.value is a JSON column: a free-text answer is a JSON string.
        try:
            value = json.loads(value) if value is not None else None
        except (TypeError, ValueError):
            return None
    return value if isinstance(value, str) and value.strip() else None


# --- schema and rebuild ----------------------------------------------------------------------


def index_state(raw: sqlite3.Connection) -> str | None:
    """The index format present in the database, or None if there is no usable index."""
    names = {
        row[0]
        for row in raw.execute(
            "SELECT name FROM sqlite_master WHERE name IN (?, ?, ?)", INDEX_TABLES
        )
    }
    if names != set(INDEX_TABLES):
        return None
    row = raw.execute("SELECT value FROM search_meta WHERE key = 'format'").fetchone()
    return row[0] if row else None


def ensure_index(raw: sqlite3.Connection) -> bool:
    """Create or rebuild the index if it is missing or of another format. True if built.

    ``raw`` must not be inside a transaction: this runs its own.
    """
    if index_state(raw) == INDEX_FORMAT:
        return False
    raw.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have built it while we waited for the lock.
        if index_state(raw) != INDEX_FORMAT:
            rebuild(raw)
        raw.execute("COMMIT")
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    return True


def rebuild(raw: sqlite3.Connection) -> int:
    """Drop and refill the whole index inside the caller's transaction; returns documents."""
    log.info("rebuilding the search index (format %s)", INDEX_FORMAT)
    for name in reversed(INDEX_TABLES):
        raw.execute(f"DROP TABLE IF EXISTS {name}")
    for ddl in _SCHEMA:
        raw.execute(ddl)
    count = 0
    for kind, sql in _LIVE.items():
        for ref_id, value, municipality_id, visit_id, internal in raw.execute(sql).fetchall():
            count += _insert(raw, kind, ref_id, value, municipality_id, visit_id, internal)
    # One segment: a fresh index answers faster without merging at query time.
    raw.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    raw.execute(
        "INSERT OR REPLACE INTO search_meta (key, value) VALUES ('format', ?)", (INDEX_FORMAT,)
    )
    return count


def _insert(raw, kind, ref_id, value, municipality_id, visit_id, internal) -> int:
    text = _text_of(kind, value)
    if text is None:
        return 0
    normalised = normalise(text)
    cur = raw.execute(
        "INSERT INTO search_doc (kind, ref_id, municipality_id, visit_id, internal, normalised)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (kind, ref_id, municipality_id, visit_id, int(bool(internal)), normalised),
    )
    raw.execute(
        "INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)", (cur.lastrowid, tokens(normalised))
    )
    return 1


def refresh(raw: sqlite3.Connection, docs: Iterable[tuple[str, str]]) -> None:
    """Bring the index entries of ``(kind, ref_id)`` in line with the records."""
    for kind, ref_id in docs:
        old = raw.execute(
            "SELECT rowid, normalised FROM search_doc WHERE kind = ? AND ref_id = ?",
            (kind, ref_id),
        ).fetchone()
        if old is not None:
            raw.execute(
                "INSERT INTO search_fts (search_fts, rowid, tokens) VALUES ('delete', ?, ?)",
                (old[0], tokens(old[1])),
            )
            raw.execute("DELETE FROM search_doc WHERE rowid = ?", (old[0],))
        row = raw.execute(f"{_LIVE[kind]} AND {_BY_ID[kind]} = ?", (ref_id,)).fetchone()
        if row is not None:
            _insert(raw, kind, *row)


# --- following edits -------------------------------------------------------------------------

_FLAG = "dxfield.search_index"


def _has_index(connection) -> bool:
    """Whether the database behind a Session's connection carries the index (cached)."""
    if connection.dialect.name != "sqlite":
        return False
    info = connection.connection.info
    if info.get(_FLAG):
        return True
    raw = connection.connection.driver_connection
    present = index_state(raw) is not None
    if present:
        info[_FLAG] = True  # only a positive answer is kept: the index may appear later
    return present


def _affected(session: Session) -> Iterator[tuple[str, str]]:
    """Index entries that a flush may have changed, and their children's."""
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, NoteSection):
            yield KIND_NOTE, obj.id
        elif isinstance(obj, ActionItem):
            yield KIND_ACTION, obj.id
        elif isinstance(obj, Answer):
            yield KIND_ANSWER, obj.id
        elif (isinstance(obj, Visit) and obj in session.dirty) or (
            isinstance(obj, AssessmentResponse | Question) and obj in session.dirty
        ):
            yield from _children(session, obj)


def _children(session: Session, obj) -> Iterator[tuple[str, str]]:
    raw = session.connection().connection.driver_connection
    if isinstance(obj, Visit):
        for (ref_id,) in raw.execute("SELECT id FROM note_section WHERE visit_id = ?", (obj.id,)):
            yield KIND_NOTE, ref_id
        for (ref_id,) in raw.execute("SELECT id FROM action_item WHERE visit_id = ?", (obj.id,)):
            yield KIND_ACTION, ref_id
    else:
        column = "response_id" if isinstance(obj, AssessmentResponse) else "question_id"
        for (ref_id,) in raw.execute(f"SELECT id FROM answer WHERE {column} = ?", (obj.id,)):
            yield KIND_ANSWER, ref_id


_WATCHED = (NoteSection, ActionItem, Answer, Visit, AssessmentResponse, Question)


def _after_flush(session: Session, _flush_context) -> None:
    if not any(isinstance(o, _WATCHED) for o in (*session.new, *session.dirty)):
        return
    connection = session.connection()
    if not _has_index(connection):
        return
    docs = list(dict.fromkeys(_affected(session)))
    refresh(connection.connection.driver_connection, docs)


def follow_edits() -> None:
    """Keep the index in step with every Session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)

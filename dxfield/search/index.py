"""The search index: derived data kept in the store beside the records it describes.

It lives outside Alembic (it is rebuilt, never migrated): ``search_doc`` maps an FTS rowid to
the record it indexes and keeps the normalised text that was indexed (a contentless FTS5
table needs it to delete the old tokens), ``search_fts`` is that contentless FTS5 table, and
``search_meta`` records the index format. Bump ``INDEX_FORMAT`` whenever what is indexed or
how it is encoded changes: the next open rebuilds the index. A migration that rewrites
indexed text with plain SQL must bump it too (such statements bypass the hooks of ``follow``).

The index follows every write made through SQLAlchemy on a database that has it (Core
``before/after_execute`` hooks, ``dxfield.search.follow``), in the same transaction as the
edit, whatever made the edit: a Session flush, the sync applying remote changes in bulk,
master data. A record is indexed while it and its parents are alive: a note section of a
tombstoned visit is not found. This module itself needs only sqlite3.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from ..driver import sqlite3
from .text import normalise, tokens

log = logging.getLogger(__name__)

INDEX_FORMAT = "2"
TABLE_PREFIX = "search_"
INDEX_TABLES = ("search_meta", "search_doc", "search_fts")

KIND_NOTE = "note"
KIND_ACTION = "action_item"
KIND_ANSWER = "answer"
KIND_TRAINING = "training"
KIND_NEED = "need"
KIND_SURVEY = "survey_answer"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS search_doc (
        rowid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        ref_id TEXT NOT NULL,
        municipality_id TEXT,
        visit_id TEXT,
        training_id TEXT,
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

# The searchable text of a training: every field people write into, one per line.
TRAINING_TEXT = (
    "t.title || char(10) || t.place || char(10) || t.audience || char(10) || t.lecturers"
    " || char(10) || t.content || char(10) || t.materials"
)

# The live searchable text of each kind, with what a hit needs to be filtered by.
# Columns: ref_id, text, municipality_id, visit_id, training_id, internal.
_LIVE = {
    KIND_NOTE: """
        SELECT n.id, n.body, v.municipality_id, n.visit_id, NULL, n.internal
        FROM note_section n JOIN visit v ON v.id = n.visit_id
        WHERE n.deleted = 0 AND v.deleted = 0""",
    KIND_ACTION: """
        SELECT a.id, a.title, a.municipality_id, a.visit_id, NULL, 0
        FROM action_item a LEFT JOIN visit v ON v.id = a.visit_id
        WHERE a.deleted = 0 AND (a.visit_id IS NULL OR v.deleted = 0)""",
    KIND_ANSWER: """
        SELECT x.id, x.value, r.municipality_id, NULL, NULL, 0
        FROM answer x
        JOIN assessment_response r ON r.id = x.response_id
        JOIN question q ON q.id = x.question_id
        WHERE x.deleted = 0 AND r.deleted = 0 AND q.answer_type = 'free_text'""",
    # A training of one municipality is filed under it; one of several under none (the
    # municipality filter finds those through training_municipality, see query.py).
    KIND_TRAINING: f"""
        SELECT t.id, {TRAINING_TEXT},
            (SELECT CASE WHEN count(*) = 1 THEN max(tm.municipality_id) END
             FROM training_municipality tm WHERE tm.training_id = t.id AND tm.deleted = 0),
            NULL, t.id, 0
        FROM training t
        WHERE t.deleted = 0""",
    KIND_NEED: """
        SELECT n.id, n.text, n.municipality_id, NULL, NULL, 0
        FROM need n
        WHERE n.deleted = 0""",
    KIND_SURVEY: """
        SELECT x.id, x.value, r.municipality_id, NULL, r.training_id, 0
        FROM survey_answer x
        JOIN survey_response r ON r.id = x.response_id
        JOIN training t ON t.id = r.training_id
        JOIN survey_item i ON i.id = x.item_id
        WHERE x.deleted = 0 AND r.deleted = 0 AND t.deleted = 0
            AND i.item_type = 'free_text'""",
}
_BY_ID = {
    KIND_NOTE: "n.id",
    KIND_ACTION: "a.id",
    KIND_ANSWER: "x.id",
    KIND_TRAINING: "t.id",
    KIND_NEED: "n.id",
    KIND_SURVEY: "x.id",
}
# Kinds whose value is a JSON column (a free-text answer is a JSON string).
_JSON_KINDS = frozenset({KIND_ANSWER, KIND_SURVEY})


def _text_of(kind: str, value) -> str | None:
    if kind in _JSON_KINDS:
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
        count += _insert_rows(raw, kind, raw.execute(sql).fetchall())
    # One segment: a fresh index answers faster without merging at query time.
    raw.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    raw.execute(
        "INSERT OR REPLACE INTO search_meta (key, value) VALUES ('format', ?)", (INDEX_FORMAT,)
    )
    return count


def _insert_rows(raw: sqlite3.Connection, kind: str, rows: list[tuple]) -> int:
    """Index live rows (as ``_LIVE`` selects them) under fresh, increasing rowids."""
    top = raw.execute("SELECT coalesce(max(rowid), 0) FROM search_doc").fetchone()[0]
    docs, fts = [], []
    for ref_id, value, municipality_id, visit_id, training_id, internal in rows:
        text = _text_of(kind, value)
        if text is None:
            continue
        top += 1
        normalised = normalise(text)
        docs.append(
            (
                top,
                kind,
                ref_id,
                municipality_id,
                visit_id,
                training_id,
                int(bool(internal)),
                normalised,
            )
        )
        fts.append((top, tokens(normalised)))
    raw.executemany(
        "INSERT INTO search_doc (rowid, kind, ref_id, municipality_id, visit_id, training_id,"
        " internal, normalised) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        docs,
    )
    raw.executemany("INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)", fts)
    return len(docs)


_BATCH = 500  # ids per IN (...) list, well under SQLite's variable limit


def refresh(raw: sqlite3.Connection, docs: Iterable[tuple[str, str]]) -> None:
    """Bring the index entries of ``(kind, ref_id)`` in line with the records."""
    by_kind: dict[str, list[str]] = {}
    for kind, ref_id in docs:
        by_kind.setdefault(kind, []).append(ref_id)
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            old = raw.execute(
                f"SELECT rowid, normalised FROM search_doc WHERE kind = ? AND ref_id IN ({marks})",
                [kind, *chunk],
            ).fetchall()
            raw.executemany(
                "INSERT INTO search_fts (search_fts, rowid, tokens) VALUES ('delete', ?, ?)",
                [(rowid, tokens(text)) for rowid, text in old],
            )
            raw.executemany("DELETE FROM search_doc WHERE rowid = ?", [(r,) for r, _ in old])
            live = raw.execute(f"{_LIVE[kind]} AND {_BY_ID[kind]} IN ({marks})", chunk)
            _insert_rows(raw, kind, live.fetchall())


# --- which documents a write touches ----------------------------------------------------------
#
# ``dxfield.search.follow`` hooks these onto every write through SQLAlchemy; the sync's bulk
# apply calls ``refresh_rows`` itself. This module needs nothing but sqlite3, so that a
# search read straight from the store (``dxfield search``) does not wait for SQLAlchemy.

# Table -> index kind of its own rows, None for tables with none; ``_CHILDREN`` names the
# documents that depend on a row of the table (refreshed with it).
_WATCHED = {
    "note_section": KIND_NOTE,
    "action_item": KIND_ACTION,
    "answer": KIND_ANSWER,
    "training": KIND_TRAINING,
    "need": KIND_NEED,
    "survey_answer": KIND_SURVEY,
    "visit": None,
    "assessment_response": None,
    "question": None,
    "training_municipality": None,
    "survey_response": None,
    "survey_item": None,
}
# Each query selects (parent row id, document id) for a list of parent ids ``{ids}``; the
# order within one parent is that of asking for it alone (the rows' rowid order, as the
# indexes on these columns give it), so that a batch indexes documents in the same order
# as one write at a time did (search ranks ties by rowid).
_CHILDREN = {
    "visit": (
        (
            KIND_NOTE,
            "SELECT visit_id, id FROM note_section WHERE visit_id IN ({ids}) ORDER BY rowid",
        ),
        (
            KIND_ACTION,
            "SELECT visit_id, id FROM action_item WHERE visit_id IN ({ids}) ORDER BY rowid",
        ),
    ),
    "assessment_response": (
        (
            KIND_ANSWER,
            "SELECT response_id, id FROM answer WHERE response_id IN ({ids}) ORDER BY rowid",
        ),
    ),
    "question": (
        (
            KIND_ANSWER,
            "SELECT question_id, id FROM answer WHERE question_id IN ({ids}) ORDER BY rowid",
        ),
    ),
    # The training's municipality (filed under one) changes with its links.
    "training_municipality": (
        (KIND_TRAINING, "SELECT id, training_id FROM training_municipality WHERE id IN ({ids})"),
    ),
    "training": (
        (
            KIND_SURVEY,
            "SELECT r.training_id, x.id FROM survey_answer x"
            " JOIN survey_response r ON r.id = x.response_id"
            " WHERE r.training_id IN ({ids}) ORDER BY r.rowid, x.rowid",
        ),
    ),
    "survey_response": (
        (
            KIND_SURVEY,
            "SELECT response_id, id FROM survey_answer WHERE response_id IN ({ids}) ORDER BY rowid",
        ),
    ),
    "survey_item": (
        (
            KIND_SURVEY,
            "SELECT item_id, id FROM survey_answer WHERE item_id IN ({ids}) ORDER BY rowid",
        ),
    ),
}


def _docs(raw: sqlite3.Connection, table: str, ids: list[str]) -> list[tuple[str, str]]:
    """The documents of rows ``ids`` of ``table`` and of their children, row after row."""
    kind = _WATCHED[table]
    ids = list(dict.fromkeys(ids))
    children: list[tuple[str, dict[str, list[str]]]] = []
    for child_kind, sql in _CHILDREN.get(table, ()):
        found: dict[str, list[str]] = {}
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            query = sql.format(ids=",".join("?" * len(chunk)))
            for parent, ref_id in raw.execute(query, chunk):
                found.setdefault(parent, []).append(ref_id)
        if found:  # (a page of note sections: no row has children)
            children.append((child_kind, found))
    if not children:
        return [] if kind is None else [(kind, row_id) for row_id in ids]
    docs: list[tuple[str, str]] = []
    for row_id in ids:
        if kind is not None:
            docs.append((kind, row_id))
        for child_kind, found in children:
            docs.extend((child_kind, ref_id) for ref_id in found.get(row_id, ()))
    return docs


def refresh_rows(raw: sqlite3.Connection, rows: dict[str, list[str]]) -> None:
    """After writes the hooks did not see (the sync's bulk apply): the documents of these
    rows of each table, and those that depend on them, brought in line in one step."""
    if not rows or index_state(raw) is None:
        return  # no index here (or dropped by a bulk loader): the next open rebuilds it
    docs: list[tuple[str, str]] = []
    for table, ids in rows.items():
        if table in _WATCHED and ids:
            docs.extend(_docs(raw, table, ids))
    refresh(raw, dict.fromkeys(docs))

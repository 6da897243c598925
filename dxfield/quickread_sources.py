"""``dxfield needs lines`` read straight from an up-to-date store with the stdlib
``sqlite3``, through ``quickread.read_current``: the lines of a visit's 要望 notes, of a
municipality's free-text assessment answers or of a training's survey comments, made into
``SourceLine``s by ``needs.sourcelines`` as ``services.need_sources`` makes them.

Each function gives None where the services refuse (a visit or training that is not there,
an unknown municipality, no such response): they then say why.
``tests/core/test_needs_lines_roads.py`` holds both roads to the same output.
"""

from __future__ import annotations

from . import quickread
from .driver import sqlite3
from .enums import NeedSource, NoteKind, ResponseKind
from .needs.sourcelines import SourceLine, chunks, source_lines
from .quickread import json_column


def _live_needs(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunks(ids):
        found.update(
            need_id
            for (need_id,) in conn.execute(
                f"SELECT id FROM need WHERE id IN ({','.join('?' * len(chunk))}) AND deleted IS 0",
                chunk,
            )
        )
    return found


def _live(conn: sqlite3.Connection, table: str, row_id: str) -> bool:
    row = conn.execute(f"SELECT deleted FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return row is not None and not row[0]


def _lines(
    conn: sqlite3.Connection, source: NeedSource, entries: list[tuple[str, str, str]]
) -> list[SourceLine]:
    return source_lines(source, entries, lambda ids: _live_needs(conn, ids))


def note_lines(conn: sqlite3.Connection, visit_id: str) -> list[SourceLine] | None:
    """``need_sources.note_lines`` of a live visit's 要望 section."""
    if not _live(conn, "visit", visit_id):
        return None
    kind = NoteKind.REQUESTS
    section = conn.execute(
        "SELECT id, body FROM note_section WHERE visit_id = ? AND kind = ? AND deleted IS 0",
        (visit_id, kind.value),
    ).fetchone()
    if section is None:
        return []
    return _lines(conn, NeedSource.VISIT_NOTE, [(section[0], section[1], kind.label)])


def survey_comment_lines(conn: sqlite3.Connection, training_id: str) -> list[SourceLine] | None:
    """``need_sources.survey_comment_lines`` of a live training."""
    if not _live(conn, "training", training_id):
        return None
    rows = conn.execute(
        "SELECT a.id, a.value, i.text FROM survey_answer AS a"
        " JOIN survey_item AS i ON i.id = a.item_id"
        " JOIN survey_response AS r ON r.id = a.response_id"
        " WHERE r.training_id = ? AND r.deleted IS 0 AND a.deleted IS 0"
        " AND i.item_type = 'free_text'"
        " ORDER BY r.submitted_at, r.id, i.position",
        (training_id,),
    )
    entries = [
        (aid, v, text) for aid, value, text in rows if isinstance(v := json_column(value), str)
    ]
    return _lines(conn, NeedSource.SURVEY, entries)


def answer_lines(
    conn: sqlite3.Connection, code_or_name: str, year: int | None, kind: str
) -> list[SourceLine] | None:
    """``need_sources.answer_lines`` of the municipality's response of ``year`` (default:
    its newest year with one) and ``kind``, as ``dxfield needs lines --assessment`` finds it."""
    town_id = quickread.municipality_id(conn, code_or_name)
    if town_id is None:
        return None
    if year is None:
        newest = conn.execute(
            "SELECT max(fiscal_year) FROM assessment_response"
            " WHERE municipality_id = ? AND deleted IS 0",
            (town_id,),
        ).fetchone()[0]
        if newest is None:
            return None
        year = newest
    response = conn.execute(
        "SELECT id FROM assessment_response WHERE municipality_id = ? AND fiscal_year = ?"
        " AND kind = ? AND deleted IS 0",
        (town_id, year, ResponseKind(kind).value),
    ).fetchone()
    if response is None:
        return None
    rows = conn.execute(
        "SELECT a.id, a.value, q.code, q.text FROM answer AS a"
        " JOIN question AS q ON q.id = a.question_id"
        " WHERE a.response_id = ? AND a.deleted IS 0 AND q.answer_type = 'free_text'"
        " ORDER BY q.position",
        (response[0],),
    )
    entries = [
        (aid, v, f"{code} {text}")
        for aid, value, code, text in rows
        if isinstance(v := json_column(value), str)
    ]
    return _lines(conn, NeedSource.ASSESSMENT, entries)

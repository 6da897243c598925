"""Running a search: candidates from FTS5, ranking, then hits with snippets for the top few.

FTS5 only finds the candidates. Its bm25 is not used: to weigh a phrase it counts every
document containing it (``xQueryPhrase``), which for a common word over 100,000 notes costs
60–200 ms however few results are wanted. Instead the most recently indexed
``RANK_WINDOW`` matches (highest rowids: every edit re-indexes a record under a new rowid,
so these are the freshest records) are fetched in rowid order, which FTS5 stops early, and
scored here with BM25's term-frequency saturation and length normalisation, each term
weighted by its length as a cheap stand-in for IDF (longer words are rarer). Below the
window every match is ranked; above it, the order is "best of the newest" — the set of
matches never shrinks, only which of a huge result come first. Snippets are built for the
returned hits alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..driver import sqlite3
from ..enums import NeedStatus, NoteKind, Phase, ResponseKind, TrainingKind
from ..errors import DatabaseError
from . import index
from .index import (
    KIND_ACTION,
    KIND_ANSWER,
    KIND_NEED,
    KIND_NOTE,
    KIND_SURVEY,
    KIND_TRAINING,
    TRAINING_TEXT,
    ensure_index,
    index_state,
    rebuild,
)
from .text import find_spans, match_expression, query_terms

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

RANK_WINDOW = 200
SNIPPET_CHARS = 80
ELLIPSIS = "…"


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "note" | "action_item" | "answer" | "training" | "need" | "survey_answer"
    ref_id: str
    visit_id: str | None
    municipality_id: str | None
    title: str
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # into ``snippet``
    score: float = 0.0  # higher is better
    internal: bool = False  # an internal note section: the team's eyes only, never printed
    training_id: str | None = None  # a training, or the training a survey comment is about


def search(
    session: Session, query: str, *, limit: int | None = 20, municipality_id: str | None = None
) -> list[SearchHit]:
    """Records whose normalised text contains every term of ``query``, best first.

    ``limit=None`` returns every match. Any string is a valid query; one without terms
    finds nothing.
    """
    terms = query_terms(query)
    if not terms or (limit is not None and limit <= 0):
        return []
    raw = session.connection().connection.driver_connection
    ensure_in_session(raw)
    return _found(raw, terms, limit, municipality_id)


def search_current(
    raw: sqlite3.Connection,
    query: str,
    *,
    limit: int | None = 20,
    municipality_id: str | None = None,
) -> list[SearchHit] | None:
    """``search`` on a plain sqlite3 connection (``dxfield.quickread``): the same hits in the
    same order, or None when the index is missing or of another format, which only the full
    open rebuilds."""
    terms = query_terms(query)
    if not terms or (limit is not None and limit <= 0):
        return []
    if index_state(raw) != index.INDEX_FORMAT:
        return None
    return _found(raw, terms, limit, municipality_id)


def _found(
    raw: sqlite3.Connection, terms: list[str], limit: int | None, municipality_id: str | None
) -> list[SearchHit]:
    return _hits(raw, _ranked_rowids(raw, terms, limit, municipality_id), terms)


def ensure_in_session(raw: sqlite3.Connection) -> bool:
    """Rebuild a missing index in the session's own transaction (rare: someone dropped it
    while the store was open; opening the store rebuilds it). A read session cannot write:
    there the search says so instead of finding nothing."""
    if index_state(raw) == index.INDEX_FORMAT:
        return False
    if raw.execute("PRAGMA query_only").fetchone()[0]:
        raise DatabaseError(
            "the search index is missing or outdated; it is rebuilt when dxfield next opens"
        )
    if raw.in_transaction:
        raw.execute("SAVEPOINT search_rebuild")
        try:
            rebuild(raw)
        except BaseException:
            raw.execute("ROLLBACK TO search_rebuild")
            raw.execute("RELEASE search_rebuild")
            raise
        raw.execute("RELEASE search_rebuild")
        return True
    return ensure_index(raw)


BM25_K1 = 1.2
BM25_B = 0.75


def _candidates(
    raw: sqlite3.Connection, expression: str, window: int | None, municipality_id: str | None
) -> list[tuple[int, str]]:
    """(rowid, normalised text) of matches, newest first, at most ``window`` of them."""
    sql = (
        "SELECT f.rowid, d.normalised FROM search_fts f JOIN search_doc d ON d.rowid = f.rowid"
        " WHERE search_fts MATCH ?"
    )
    params: list[object] = [expression]
    if municipality_id is not None:
        # A training of several municipalities is filed under none: found through its links.
        sql += (
            " AND (d.municipality_id = ? OR (d.kind = 'training' AND d.municipality_id IS NULL"
            " AND d.ref_id IN (SELECT training_id FROM training_municipality"
            " WHERE municipality_id = ? AND deleted = 0)))"
        )
        params.extend([municipality_id, municipality_id])
    sql += " ORDER BY f.rowid DESC"
    if window is not None:
        sql += " LIMIT ?"
        params.append(window)
    return raw.execute(sql, params).fetchall()


def _ranked_rowids(
    raw: sqlite3.Connection,
    terms: list[str],
    limit: int | None,
    municipality_id: str | None,
) -> list[tuple[int, float]]:
    window = None if limit is None else max(RANK_WINDOW, limit)
    found = _candidates(raw, match_expression(terms), window, municipality_id)
    if not found:
        return []
    average = sum(len(text) for _, text in found) / len(found)
    weights = [1.0 + math.log(len(term)) for term in terms]
    scored = []
    for rowid, text in found:
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(text) / average)
        score = 0.0
        for term, weight in zip(terms, weights, strict=True):
            tf = text.count(term)
            score += weight * tf * (BM25_K1 + 1) / (tf + norm)
        scored.append((rowid, score))
    # Ties keep the newest first (``found`` is in descending rowid order; sort is stable).
    scored.sort(key=lambda item: item[1], reverse=True)
    return scored if limit is None else scored[:limit]


def _hits(
    raw: sqlite3.Connection, ranked: list[tuple[int, float]], terms: list[str]
) -> list[SearchHit]:
    if not ranked:
        return []
    docs: dict[int, tuple] = {}
    rowids = [r for r, _ in ranked]
    for chunk_start in range(0, len(rowids), 500):
        chunk = rowids[chunk_start : chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        for row in raw.execute(
            "SELECT rowid, kind, ref_id, municipality_id, visit_id, internal, training_id"
            " FROM search_doc"
            f" WHERE rowid IN ({marks})",
            chunk,
        ):
            docs[row[0]] = row[1:]
    hits = []
    for rowid, score in ranked:
        kind, ref_id, municipality_id, visit_id, internal, training_id = docs[rowid]
        title, text = _describe(raw, kind, ref_id)
        snippet, highlights = make_snippet(text, terms)
        hits.append(
            SearchHit(
                kind=kind,
                ref_id=ref_id,
                visit_id=visit_id,
                municipality_id=municipality_id,
                title=title,
                snippet=snippet,
                highlights=highlights,
                score=score,
                internal=bool(internal),
                training_id=training_id,
            )
        )
    return hits


def _describe(raw: sqlite3.Connection, kind: str, ref_id: str) -> tuple[str, str]:
    """A title a person recognises, and the original text (snippets come from it)."""
    if kind == KIND_NOTE:
        name, starts_at, phase, section, body, internal = raw.execute(
            "SELECT m.name, v.starts_at, v.phase, n.kind, n.body, n.internal"
            " FROM note_section n JOIN visit v ON v.id = n.visit_id"
            " JOIN municipality m ON m.id = v.municipality_id WHERE n.id = ?",
            (ref_id,),
        ).fetchone()
        label = NoteKind(section).label + ("（内部メモ）" if internal else "")
        return f"{name} {starts_at[:10]} {Phase(phase).label}・{label}", body
    if kind == KIND_ACTION:
        name, starts_at, title = raw.execute(
            "SELECT m.name, v.starts_at, a.title FROM action_item a"
            " JOIN municipality m ON m.id = a.municipality_id"
            " LEFT JOIN visit v ON v.id = a.visit_id WHERE a.id = ?",
            (ref_id,),
        ).fetchone()
        when = f" {starts_at[:10]}" if starts_at else ""
        return f"{name}{when} アクション", title
    if kind == KIND_TRAINING:
        title, starts_at, training_kind, text = raw.execute(
            f"SELECT t.title, t.starts_at, t.kind, {TRAINING_TEXT} FROM training t WHERE t.id = ?",
            (ref_id,),
        ).fetchone()
        return f"{starts_at[:10]} {TrainingKind(training_kind).label}「{title}」", text
    if kind == KIND_NEED:
        name, year, status, text = raw.execute(
            "SELECT m.name, n.fiscal_year, n.status, n.text FROM need n"
            " LEFT JOIN municipality m ON m.id = n.municipality_id WHERE n.id = ?",
            (ref_id,),
        ).fetchone()
        return f"{name or '県全体'} {year}年度 ニーズ（{NeedStatus(status).label}）", text
    if kind == KIND_SURVEY:
        name, title, starts_at, item, value = raw.execute(
            "SELECT m.name, t.title, t.starts_at, i.text, x.value FROM survey_answer x"
            " JOIN survey_response r ON r.id = x.response_id"
            " JOIN training t ON t.id = r.training_id"
            " JOIN survey_item i ON i.id = x.item_id"
            " LEFT JOIN municipality m ON m.id = r.municipality_id WHERE x.id = ?",
            (ref_id,),
        ).fetchone()
        who = f" {name}" if name else ""
        return f"{starts_at[:10]}「{title}」アンケート{who} {item}", json.loads(value)
    assert kind == KIND_ANSWER
    name, year, response_kind, code, question, value = raw.execute(
        "SELECT m.name, r.fiscal_year, r.kind, q.code, q.text, x.value FROM answer x"
        " JOIN assessment_response r ON r.id = x.response_id"
        " JOIN municipality m ON m.id = r.municipality_id"
        " JOIN question q ON q.id = x.question_id WHERE x.id = ?",
        (ref_id,),
    ).fetchone()
    label = ResponseKind(response_kind).label
    return f"{name} {year}年度 アセスメント{label} {code} {question}", json.loads(value)


def make_snippet(text: str, terms: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``text`` around the first match, with the matches in it as spans."""
    text = " ".join(text.split())  # a snippet reads as one line
    spans = find_spans(text, terms)
    if len(text) <= SNIPPET_CHARS:
        return text, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - SNIPPET_CHARS // 4, len(text) - SNIPPET_CHARS))
    end = start + SNIPPET_CHARS
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    inside = [
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start
    ]
    return prefix + text[start:end] + suffix, inside


def locate_in_note(session: Session, hit: SearchHit) -> tuple[NoteKind | None, int]:
    """Which note section a hit is in and the character offset of its first highlight in the
    section's text (the snippet may be cut short with 「…」); (None, 0) if it is gone."""
    from ..models import NoteSection

    section = session.get(NoteSection, hit.ref_id)
    if section is None:
        return None, 0
    body = section.body
    core = hit.snippet.strip("…")
    at = body.find(core)
    first = hit.highlights[0] if hit.highlights else (0, 0)
    if at >= 0:
        offset = at + max(0, first[0] - (len(hit.snippet) - len(hit.snippet.lstrip("…"))))
    else:
        word = hit.snippet[first[0] : first[1]]
        offset = max(0, body.find(word)) if word else 0
    return section.kind, offset

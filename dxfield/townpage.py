"""A municipality's page in plain SQL over a DB-API connection (no SQLAlchemy, no ORM).

The desktop opens a town's page in well under 100 ms: the town, its contacts, ten years of
visits with their teams, its open actions, the requests heard on visits, the year's
assessment answers and the year's trainings are read as a few column queries on one
snapshot and folded into frozen rows. ``dxfield.services.dashboard.municipality_overview``
runs them on a Session's own connection and adds what needs the engine (scores, survey
results). This module stays free of SQLAlchemy, as ``dxfield.overview`` does.

Values are parsed as SQLAlchemy stores them on SQLite (see ``dxfield.overview``); JSON
columns as its SQLite JSON type reads them. Each query keeps the FROM, WHERE and ORDER BY of the ORM query
it replaced, so rows that tie on the sort key come in the same order.
``tests/core/test_town_page.py`` checks the page against the former ORM computation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from .enums import ActionStatus, Area, MunicipalityKind, NoteKind, Phase, ResponseKind
from .overview import ActionSummary, VisitSummary, _when, action_summaries, summaries


@dataclass(frozen=True)
class ContactRow:
    id: str | None
    name: str = ""
    kana: str = ""
    department: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""
    is_primary: bool = False
    notes: str = ""


@dataclass(frozen=True)
class NeedRow:
    visit_id: str
    day: date
    phase: Phase
    text: str


@dataclass(frozen=True)
class Sheet:
    """A live response of the year: its template (id and row version, the key of the
    parsed definition's cache) and its live answers by question code, in question order."""

    template_id: str
    template_version: int
    answers: dict[str, Any]


def _json(stored: Any) -> Any:
    """A JSON column's value as SQLAlchemy reads it on SQLite: the column has numeric
    affinity, so a number comes back as a number, not as its JSON text."""
    if stored is None or isinstance(stored, int | float):
        return stored
    return json.loads(stored)


def town(conn: Any, municipality_id: str) -> dict[str, Any] | None:
    """The municipality's profile as the page's fields (id, code, name, kana, area,
    kind_label, population, population_basis, opendata_published), or None when there is
    none or it is deleted."""
    row = conn.execute(
        "SELECT id, code, name, kana, area, kind, population, population_basis,"
        " opendata_published, deleted FROM municipality WHERE id = ?",
        (municipality_id,),
    ).fetchone()
    if row is None or row[9]:
        return None
    town_id, code, name, kana, area, kind, population, basis, opendata, _deleted = row
    return {
        "id": town_id,
        "code": code,
        "name": name,
        "kana": kana,
        "area": Area(area),
        "kind_label": MunicipalityKind(kind).label,
        "population": population,
        "population_basis": basis,
        "opendata_published": None if opendata is None else bool(opendata),
    }


def contacts(conn: Any, municipality_id: str) -> tuple[ContactRow, ...]:
    """Its live contacts, the primary one first, then by name."""
    rows = conn.execute(
        "SELECT id, name, kana, department, title, phone, email, is_primary, notes"
        " FROM contact WHERE municipality_id = ? AND deleted IS 0"
        " ORDER BY is_primary DESC, name",
        (municipality_id,),
    )
    return tuple(
        ContactRow(c_id, name, kana, dept, title, phone, email, bool(primary), notes)
        for c_id, name, kana, dept, title, phone, email, primary, notes in rows
    )


def visits(conn: Any, municipality_id: str) -> list[VisitSummary]:
    """All its live visits, newest first, with their teams."""
    rows = conn.execute(
        "SELECT visit.id, visit.municipality_id, municipality.name, visit.phase,"
        " visit.starts_at, visit.ends_at, visit.method, visit.status, visit.location"
        " FROM visit JOIN municipality ON municipality.id = visit.municipality_id"
        " WHERE visit.deleted IS 0 AND visit.municipality_id = ?"
        " ORDER BY visit.starts_at DESC",
        (municipality_id,),
    ).fetchall()
    return summaries(conn, rows)


def open_actions(conn: Any, municipality_id: str, name: str) -> tuple[ActionSummary, ...]:
    """Its open or in-progress action items, by due date (undated last)."""
    rows = conn.execute(
        "SELECT id, municipality_id, visit_id, title, owner_side, owner_name, due_on, status"
        " FROM action_item WHERE municipality_id = ? AND deleted IS 0 AND status IN (?, ?)"
        " ORDER BY due_on IS NULL, due_on",
        (municipality_id, ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value),
    ).fetchall()
    return tuple(action_summaries(rows, {municipality_id: name}))


def visit_requests(conn: Any, municipality_id: str) -> tuple[NeedRow, ...]:
    """The 要望 sections written on its live visits, newest visit first."""
    rows = conn.execute(
        "SELECT visit.id, visit.starts_at, visit.phase, note_section.body FROM visit"
        " JOIN note_section ON note_section.visit_id = visit.id"
        " WHERE visit.municipality_id = ? AND visit.deleted IS 0 AND note_section.deleted IS 0"
        " AND note_section.kind = ? AND note_section.body != ''"
        " ORDER BY visit.starts_at DESC",
        (municipality_id, NoteKind.REQUESTS.value),
    )
    return tuple(
        NeedRow(visit_id, _when(starts).date(), Phase(phase), body)
        for visit_id, starts, phase, body in rows
    )


def sheets(conn: Any, municipality_id: str, year: int) -> dict[ResponseKind, Sheet]:
    """The year's live baseline and evaluation (those there are)."""
    found = {}
    for response_id, kind, template_id, version in conn.execute(
        "SELECT assessment_response.id, assessment_response.kind,"
        " assessment_template.id, assessment_template.version FROM assessment_response"
        " JOIN assessment_template ON assessment_template.id = assessment_response.template_id"
        " WHERE assessment_response.municipality_id = ? AND assessment_response.fiscal_year = ?"
        " AND assessment_response.deleted IS 0",
        (municipality_id, year),
    ).fetchall():
        answers = {
            code: _json(value)
            for code, value in conn.execute(
                "SELECT question.code, answer.value FROM answer"
                " JOIN question ON question.id = answer.question_id"
                " WHERE answer.response_id = ? AND answer.deleted IS 0"
                " ORDER BY question.position",
                (response_id,),
            )
        }
        found[ResponseKind(kind)] = Sheet(template_id, version, answers)
    return found

"""Listings read straight from an up-to-date store with the stdlib ``sqlite3``.

A command-line listing should answer about as fast as Python starts, and importing
SQLAlchemy and the models alone takes several times that. ``read_current`` runs a plain
SQL read for such a listing, but only when the full open (``dxfield.db.open_database`` and
``ensure_master_data``) would change nothing the listing shows: the file is there, its
schema is the current one and every shipped municipality is in it. Otherwise, or on any
SQLite error, it returns None and the caller takes the ordinary road (``AppContext.db``),
which creates, migrates, seeds and reports errors as always. What the listing does not show
(the assessment templates, the derived search index) waits for the next full open, which
adds it as it always did.

Each query here has an ORM twin in ``dxfield.services``; ``tests/core/test_quickread.py``
checks that both give the same rows.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import lgcode, migrations
from .driver import connect, sqlite3
from .enums import Area
from .errors import DxfieldError
from .paths import resource_path
from .storekey import unlock

if TYPE_CHECKING:
    from .trainingsummary import TrainingSummary

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000  # as dxfield.db: wait for a writer's checkpoint rather than fail


@cache
def shipped_municipality_codes() -> frozenset[str]:
    """The codes in ``resources/municipalities.csv`` (what ``ensure_municipalities`` adds)."""
    with resource_path("municipalities.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(lgcode.validate(row["code"]) for row in csv.DictReader(fh))


def _ready(conn: sqlite3.Connection) -> bool:
    if migrations.current_revision(conn) != migrations.HEAD:
        return False
    stored = {code for (code,) in conn.execute("SELECT code FROM municipality")}
    return shipped_municipality_codes() <= stored


def read_current(path: Path, query: Callable[[sqlite3.Connection], T]) -> T | None:
    """``query(conn)`` on one read snapshot of the store at ``path``, or None when the store
    needs the full open first (missing, older or newer schema, master data missing) or any
    step fails; the full open then says what is wrong."""
    if not path.is_file():
        return None
    # mode=rw: never create a file here; query_only: this road cannot write.
    uri = f"{path.resolve().as_uri()}?mode=rw"
    try:
        # An encrypted store opens with the keyring's key; without one (a passphrase store)
        # the full open asks for it.
        conn, _key = unlock(
            path,
            lambda key: connect(uri, key=key, uri=True, timeout=BUSY_TIMEOUT_MS / 1000),
            ask=False,
        )
    except (sqlite3.Error, DxfieldError):
        return None
    try:
        conn.isolation_level = None
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")
        if not _ready(conn):
            return None
        return query(conn)
    except (sqlite3.Error, DxfieldError, OSError, KeyError, ValueError):
        return None
    finally:
        conn.close()


def municipalities(conn: sqlite3.Connection, area: Area | None = None) -> list[dict[str, Any]]:
    """What ``services.municipalities.list_municipalities`` gives, as the CLI prints it."""
    sql = (
        "SELECT id, code, name, kana, kind, area, population, population_basis"
        " FROM municipality WHERE deleted IS 0"
    )
    params: tuple[str, ...] = ()
    if area is not None:
        sql += " AND area = ?"
        params = (area.value,)
    cursor = conn.execute(sql + " ORDER BY code", params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def municipality_id(conn: sqlite3.Connection, code_or_name: str) -> str | None:
    """The id ``services.municipalities.get_by_code`` finds for ``code_or_name`` (a code,
    else an exact name), or None when it would refuse: the full open then says why."""
    from .errors import ValidationError

    try:
        row = conn.execute(
            "SELECT id FROM municipality WHERE code = ? AND deleted IS 0",
            (lgcode.validate(code_or_name),),
        ).fetchone()
    except ValidationError:
        row = conn.execute(
            "SELECT id FROM municipality WHERE name = ?", (code_or_name.strip(),)
        ).fetchone()
    return row[0] if row else None


def _minutes(stamp: str) -> str:
    """A stored ``YYYY-MM-DD HH:MM:SS.ffffff`` as ``datetime.isoformat(timespec="minutes")``."""
    if len(stamp) < 16 or stamp[10] not in " T":
        raise ValueError(f"not a stored date and time: {stamp!r}")
    return f"{stamp[:10]}T{stamp[11:16]}"


def visits(
    conn: sqlite3.Connection,
    *,
    municipality: str | None = None,
    year: int | None = None,
    phase: str | None = None,
) -> list[dict[str, Any]] | None:
    """What ``services.visits.list_visits`` gives, as ``dxfield visits`` prints it (the
    same filters, the same order), or None when the municipality is not found."""
    sql = (
        "SELECT v.id, m.code, m.name, v.fiscal_year, v.phase, v.starts_at, v.ends_at,"
        " v.method, v.status, v.location FROM visit AS v"
        " JOIN municipality AS m ON m.id = v.municipality_id WHERE v.deleted IS 0"
    )
    params: list[Any] = []
    if municipality:
        found = municipality_id(conn, municipality)
        if found is None:
            return None
        sql += " AND v.municipality_id = ?"
        params.append(found)
    if year is not None:
        sql += " AND v.fiscal_year = ?"
        params.append(year)
    if phase is not None:
        sql += " AND v.phase = ?"
        params.append(phase)
    rows = conn.execute(sql + " ORDER BY v.starts_at, v.rowid", params).fetchall()
    team: dict[str, list[str]] = {row[0]: [] for row in rows}
    for visit_id, member_id in conn.execute(
        "SELECT visit_id, member_id FROM visit_member WHERE deleted IS 0 ORDER BY rowid"
    ):
        if visit_id in team:
            team[visit_id].append(member_id)
    return [
        {
            "id": visit_id,
            "municipality_code": code,
            "municipality": name,
            "fiscal_year": fiscal_year,
            "phase": phase_value,
            "starts_at": _minutes(starts_at),
            "ends_at": _minutes(ends_at),
            "method": method,
            "status": status,
            "location": location,
            "team": team[visit_id],
        }
        for (
            visit_id,
            code,
            name,
            fiscal_year,
            phase_value,
            starts_at,
            ends_at,
            method,
            status,
            location,
        ) in rows
    ]


def trainings(
    conn: sqlite3.Connection,
    *,
    year: int | None = None,
    municipality: str | None = None,
    kind: str | None = None,
) -> list[TrainingSummary] | None:
    """What ``services.trainings.training_summaries`` gives (the same filters, order, live
    towns and live survey responses), or None when the municipality is not found."""
    from datetime import datetime

    from .enums import TrainingKind, TrainingMethod, VisitStatus
    from .trainingsummary import TrainingTown, build_summary

    sql = (
        "SELECT id, fiscal_year, kind, title, starts_at, ends_at, method, place, online_url,"
        " audience, lecturers, prefecture_attendees, status, visit_id"
        " FROM training WHERE deleted IS 0"
    )
    params: list[Any] = []
    if year is not None:
        sql += " AND fiscal_year = ?"
        params.append(year)
    if kind is not None:
        sql += " AND kind = ?"
        params.append(kind)
    if municipality:
        found = municipality_id(conn, municipality)
        if found is None:
            return None
        sql += (
            " AND id IN (SELECT training_id FROM training_municipality"
            " WHERE municipality_id = ? AND deleted IS 0)"
        )
        params.append(found)
    rows = conn.execute(sql + " ORDER BY starts_at, id", params).fetchall()
    # Training.municipalities leaves deleted links out, not deleted municipalities.
    towns: dict[str, list[TrainingTown]] = {row[0]: [] for row in rows}
    for training_id, *town in conn.execute(
        "SELECT tm.training_id, tm.municipality_id, m.code, m.name, tm.leaders, tm.staff"
        " FROM training_municipality AS tm JOIN municipality AS m ON m.id = tm.municipality_id"
        " WHERE tm.deleted IS 0"
    ):
        if training_id in towns:
            towns[training_id].append(TrainingTown(*town))
    answered = dict(
        conn.execute(
            "SELECT training_id, count(*) FROM survey_response WHERE deleted IS 0"
            " GROUP BY training_id"
        ).fetchall()
    )
    return [
        build_summary(
            id=training_id,
            fiscal_year=fiscal_year,
            kind=TrainingKind(kind_value),
            title=title,
            starts_at=datetime.fromisoformat(starts_at),
            ends_at=datetime.fromisoformat(ends_at),
            method=TrainingMethod(method),
            place=place,
            online_url=online_url,
            audience=audience,
            lecturers=lecturers,
            towns=towns[training_id],
            prefecture_attendees=prefecture,
            responses=answered.get(training_id, 0),
            status=VisitStatus(status),
            visit_id=visit_id,
        )
        for (
            training_id,
            fiscal_year,
            kind_value,
            title,
            starts_at,
            ends_at,
            method,
            place,
            online_url,
            audience,
            lecturers,
            prefecture,
            status,
            visit_id,
        ) in rows
    ]

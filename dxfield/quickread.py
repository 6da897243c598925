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
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import lgcode, migrations
from .driver import connect, sqlite3
from .enums import Area
from .errors import DxfieldError
from .paths import resource_path
from .storekey import env_passphrase, first_look_keys, unlock

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
        # An encrypted store opens with the keyring's key, or with the passphrase given in
        # DXFIELD_PASSPHRASE (given, not asked: the full open would take it too); one that
        # needs a passphrase typed is left to the full open, which asks for it.
        conn, _key = unlock(
            path,
            lambda key: connect(uri, key=key, uri=True, timeout=BUSY_TIMEOUT_MS / 1000),
            ask=env_passphrase() is not None,
            keys=first_look_keys,  # a read-only look: the keyring that kept the key first
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


def json_column(value: str | float | None) -> Any:
    """A JSON column as SQLAlchemy's ``JSON`` type reads it from SQLite: SQL NULL is None,
    and a number is itself (a column declared JSON has numeric affinity, so SQLite keeps
    the text ``3`` as the integer 3)."""
    if value is None or isinstance(value, int | float):
        return value
    return json.loads(value)


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


def need_domains(conn: sqlite3.Connection) -> tuple[tuple[str, str], ...] | None:
    """What ``services.needs.need_domains`` gives (the newest assessment template's domains,
    then その他), or None when the full open would load a template first (a shipped version
    not stored yet) or none is loaded."""
    from .needs.rows import OTHER_DOMAIN, OTHER_LABEL
    from .quickread_sheets import newest_template_id

    template_id = newest_template_id(conn)
    if template_id is None:
        return None
    (definition,) = conn.execute(
        "SELECT definition FROM assessment_template WHERE id = ?", (template_id,)
    ).fetchone()
    domains = json.loads(definition)["domains"]
    return (*((d["key"], d["label"]) for d in domains), (OTHER_DOMAIN, OTHER_LABEL))


def _need_origins(conn: sqlite3.Connection, needs: list[tuple]) -> dict[str, tuple[str, Any]]:
    """What ``services.need_sources.origins`` gives for (id, source, source_id) triples."""
    from .enums import NeedSource, NoteKind, Phase, ResponseKind, TrainingKind

    by_source: dict[str, dict[str, list[str]]] = {}
    for need_id, source, source_id in needs:
        if source_id:
            by_source.setdefault(source, {}).setdefault(source_id, []).append(need_id)
    queries = {
        NeedSource.VISIT_NOTE.value: (
            "SELECT s.id, v.id, v.phase, v.starts_at, s.kind FROM note_section AS s"
            " JOIN visit AS v ON v.id = s.visit_id WHERE s.id IN ({})",
            lambda vid, phase, starts, kind: (
                f"面談記録（{Phase(phase).label} {starts[:10]}・{NoteKind(kind).label}）",
                vid,
            ),
        ),
        NeedSource.ASSESSMENT.value: (
            "SELECT a.id, r.kind, r.fiscal_year, q.code FROM answer AS a"
            " JOIN assessment_response AS r ON r.id = a.response_id"
            " JOIN question AS q ON q.id = a.question_id WHERE a.id IN ({})",
            lambda kind, year, code: (
                f"アセスメントシート（{year}年度 {ResponseKind(kind).label}・{code}）",
                None,
            ),
        ),
        NeedSource.SURVEY.value: (
            "SELECT a.id, t.title, t.starts_at FROM survey_answer AS a"
            " JOIN survey_response AS r ON r.id = a.response_id"
            " JOIN training AS t ON t.id = r.training_id WHERE a.id IN ({})",
            lambda title, starts: (f"研修アンケート（{title} {starts[:10]}）", None),
        ),
        NeedSource.TRAINING.value: (
            "SELECT id, kind, title, starts_at FROM training WHERE id IN ({})",
            lambda kind, title, starts: (
                f"研修（{TrainingKind(kind).label}「{title}」 {starts[:10]}）",
                None,
            ),
        ),
    }
    out: dict[str, tuple[str, Any]] = {}
    for source, ids in by_source.items():
        if source not in queries:
            continue
        sql, words = queries[source]
        for source_id, *rest in conn.execute(sql.format(",".join("?" * len(ids))), list(ids)):
            for need_id in ids.get(source_id, []):
                out[need_id] = words(*rest)
    return out


def needs(
    conn: sqlite3.Connection,
    *,
    year: int | None = None,
    domain: str | None = None,
    status: list[str] | None = None,
    municipality: str | None = None,
    theme: str | None = None,
) -> list[Any] | None:
    """What ``services.needs.list_needs`` gives for ``dxfield needs`` (the same filters, the
    same order, ``NeedRow``s), or None when the services should answer: an unknown domain,
    municipality or a theme that names no tag (they refuse) or a template still to be
    loaded."""
    from datetime import date

    from .enums import NeedSource, NeedStatus
    from .errors import ValidationError
    from .needs.rows import NeedRow
    from .needs.themes import theme_filter

    tag = None
    if theme is not None:
        try:
            tag = theme_filter(theme)
        except ValidationError:
            return None
    domains = need_domains(conn)
    if domains is None:
        return None
    sql = (
        "SELECT n.id, n.fiscal_year, n.municipality_id, m.code, m.name, m.area, n.domain,"
        " n.themes, n.text, n.quote, n.source, n.source_id, n.heard_on, n.status, n.measure,"
        " n.note FROM need AS n LEFT OUTER JOIN municipality AS m ON m.id = n.municipality_id"
        " WHERE n.deleted IS 0"
    )
    params: list[Any] = []
    if year is not None:
        sql += " AND n.fiscal_year = ?"
        params.append(year)
    if domain is not None:
        key = next((k for k, label in domains if domain.strip() in (k, label)), None)
        if key is None:
            return None
        sql += " AND n.domain = ?"
        params.append(key)
    if status is not None:
        wanted = [NeedStatus(s).value for s in status]
        sql += f" AND n.status IN ({','.join('?' * len(wanted))})"
        params += wanted
    if municipality:
        found = municipality_id(conn, municipality)
        if found is None:
            return None
        sql += " AND n.municipality_id = ?"
        params.append(found)
    sql += " ORDER BY n.heard_on IS NULL, n.heard_on DESC, m.code, n.created_at"
    rows = conn.execute(sql, params).fetchall()
    if tag is not None:  # as the services: an element of the stored JSON list, after the read
        rows = [r for r in rows if r[7] is not None and tag in (json.loads(r[7]) or ())]
    found_origins = _need_origins(conn, [(r[0], r[10], r[11]) for r in rows])
    labels = dict(domains)
    out = []
    for (
        need_id,
        fiscal_year,
        town_id,
        code,
        name,
        area,
        domain_key,
        themes,
        text,
        quote,
        source,
        source_id,
        heard_on,
        status_value,
        measure,
        note,
    ) in rows:
        origin, visit_id = found_origins.get(need_id, (NeedSource(source).label, None))
        out.append(
            NeedRow(
                id=need_id,
                fiscal_year=fiscal_year,
                municipality_id=town_id,
                municipality_code=code,
                municipality=name,
                area=Area(area).label if code is not None else None,
                domain=domain_key,
                domain_label=labels.get(domain_key, domain_key),
                themes=tuple(json.loads(themes) or ()) if themes is not None else (),
                text=text,
                quote=quote,
                source=NeedSource(source),
                source_id=source_id,
                origin=origin,
                visit_id=visit_id,
                heard_on=date.fromisoformat(heard_on) if heard_on else None,
                status=NeedStatus(status_value),
                measure=measure,
                note=note,
            )
        )
    return out


def trainings(
    conn: sqlite3.Connection,
    *,
    year: int | None = None,
    municipality: str | None = None,
    kind: str | None = None,
    town_id: str | None = None,
) -> list[TrainingSummary] | None:
    """What ``services.trainings.training_summaries`` gives (the same filters, order, live
    towns and live survey responses), or None when the municipality is not found. A town
    is given by its code or name (``municipality``) or by its id (``town_id``)."""
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
        town_id = municipality_id(conn, municipality)
        if town_id is None:
            return None
    if town_id:
        sql += (
            " AND id IN (SELECT training_id FROM training_municipality"
            " WHERE municipality_id = ? AND deleted IS 0)"
        )
        params.append(town_id)
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

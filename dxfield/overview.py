"""The dashboard's read model in plain SQL over a DB-API connection (no SQLAlchemy).

The board (municipalities × six phases), this week's visits and the overdue actions are
read as a few column queries on one snapshot and folded into small frozen dataclasses; no
ORM object is built. The same functions serve two roads: ``dxfield.services.dashboard``
(a Session's own connection, inside its transaction) and the desktop's first paint, which
reads them with the stdlib ``sqlite3`` through ``dxfield.quickread`` while SQLAlchemy is
still being imported. This module must stay free of SQLAlchemy for that reason
(``tests/core/test_cli_imports.py`` checks it).

Values are compared and parsed as SQLAlchemy stores them on SQLite: enums by value,
``DATETIME`` as ``YYYY-MM-DD HH:MM:SS.ffffff``, ``DATE`` as ``YYYY-MM-DD``, booleans as
0/1. Each query selects the rows of the ORM query it replaced, in the same order; rows that
tie on the sort key come in row id order, as the ORM query's plan gave them (a scan of
``ix_visit_starts_at``; a table scan and a stable sort), now said in the ORDER BY.
``tests/core/test_overview.py`` checks the results against the former ORM computation.

The board, the baselines and the overdue list are each read from one partial index of
migration 0003 alone (the desktop waits for this read, and on an encrypted store every page
read is decrypted). SQLite takes a partial index only for a query whose WHERE has the index's
own terms, so these queries say ``deleted = 0`` (the index's term; ``deleted IS 0`` means
the same on that NOT NULL column but does not match it) and the overdue list names its
statuses as the index does. ``tests/core/test_dashboard_indexes.py`` checks the plans.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from . import formlinks
from .enums import ActionStatus, Area, OwnerSide, Phase, VisitMethod, VisitStatus
from .formlinks import FormStatus

_BATCH = 500  # ids per IN (...) list, under SQLite's bound-parameter limit


class CellStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    PLANNED = "planned"
    DONE = "done"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class BoardCell:
    """One town's cell for one phase: its status, the visit a click opens, and the web form."""

    phase: Phase
    status: CellStatus
    visit_id: str | None  # the visit a click opens (latest relevant one), if any
    visit_count: int = 0
    # The アセスメントシート cell: where the municipality's web form stands, if it has a link.
    form: FormStatus | None = None


@dataclass(frozen=True)
class BoardRow:
    """One town's row of the board: its six phase cells, in ``Phase`` order."""

    municipality_id: str
    name: str
    area: Area
    cells: tuple[BoardCell, ...]


@dataclass(frozen=True)
class VisitSummary:
    """A visit as the dashboard and the planner list it, with its team's names."""

    id: str
    municipality_id: str
    municipality: str
    phase: Phase
    starts_at: datetime
    ends_at: datetime
    method: str
    status: VisitStatus
    location: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionSummary:
    """An action item as the overdue list shows it, with its town's name."""

    id: str
    municipality_id: str
    municipality: str
    visit_id: str | None
    title: str
    owner_side: str
    owner_name: str
    due_on: date | None
    status: ActionStatus


@dataclass(frozen=True)
class BoardSnapshot:
    """What the dashboard shows before anything else: the board, the week, the overdue."""

    board: list[BoardRow]
    week: list[VisitSummary]
    overdue: list[ActionSummary]


# -- SQLAlchemy's storage formats on SQLite ---------------------------------------------


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _when(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


# -- the board --------------------------------------------------------------------------


def phase_windows(conn: Any, year: int) -> dict[Phase, tuple[date, date]]:
    """As ``dxfield.masterdata.phase_windows``: the year's windows, else the shipped ones
    (``dxfield.phases``, which needs no SQLAlchemy)."""
    row = conn.execute("SELECT id FROM programme_year WHERE fiscal_year = ?", (year,)).fetchone()
    if row is None:
        from .phases import default_phase_windows

        return default_phase_windows(year)
    return {
        Phase(phase): (_day(starts), _day(ends))
        for phase, starts, ends in conn.execute(
            "SELECT phase, starts_on, ends_on FROM phase_window"
            " WHERE programme_year_id = ? AND deleted IS 0",
            (row[0],),
        )
    }


def _cell_status(
    visits: list[tuple[str, VisitStatus, datetime]], window: tuple[date, date], today: date
) -> CellStatus:
    live = [v for v in visits if v[1] != VisitStatus.CANCELLED]
    if any(status == VisitStatus.DONE for _id, status, _start in live):
        return CellStatus.DONE
    if any(start.date() >= today for _id, _status, start in live):
        return CellStatus.PLANNED
    if today > window[1]:
        return CellStatus.OVERDUE
    # A past visit not marked done yet still counts as planned while the window is open.
    return CellStatus.PLANNED if live else CellStatus.NOT_STARTED


def board(conn: Any, year: int, *, area: Area | None = None, today: date) -> list[BoardRow]:
    """The municipalities × six phases board for programme year ``year``."""
    windows = phase_windows(conn, year)
    sql = "SELECT id, name, area FROM municipality WHERE deleted IS 0"
    params: tuple = ()
    if area is not None:
        sql += " AND area = ?"
        params = (area.value,)
    towns = conn.execute(sql + " ORDER BY code", params).fetchall()
    by_key: dict[tuple[str, str], list[tuple[str, VisitStatus, datetime]]] = {}
    for visit_id, town_id, phase, status, starts in conn.execute(
        "SELECT id, municipality_id, phase, status, starts_at FROM visit"
        " WHERE fiscal_year = ? AND deleted = 0 ORDER BY starts_at, rowid",
        (year,),
    ):
        by_key.setdefault((town_id, phase), []).append(
            (visit_id, VisitStatus(status), _when(starts))
        )
    answered = {
        town_id
        for (town_id,) in conn.execute(
            "SELECT municipality_id FROM assessment_response"
            " WHERE fiscal_year = ? AND kind = 'baseline' AND deleted = 0",
            (year,),
        )
    }
    forms = formlinks.assessment_states(formlinks.read(conn), year)
    rows = []
    for town_id, name, town_area in towns:
        cells = []
        for phase in Phase:
            visits = by_key.get((town_id, phase.value), [])
            status = _cell_status(visits, windows[phase], today)
            form = None
            if phase == Phase.ASSESSMENT_SHEET:
                form = forms.get(town_id)
                if town_id in answered:
                    status = CellStatus.DONE
            latest = visits[-1][0] if visits else None
            cells.append(BoardCell(phase, status, latest, len(visits), form))
        rows.append(BoardRow(town_id, name, Area(town_area), tuple(cells)))
    return rows


# -- this week's visits -------------------------------------------------------------------


def visits_between(conn: Any, start: date, end: date) -> list[VisitSummary]:
    """Visits starting on ``start`` .. ``end`` (inclusive), in time order, with members."""
    rows = conn.execute(
        "SELECT visit.id, visit.municipality_id, municipality.name, visit.phase,"
        " visit.starts_at, visit.ends_at, visit.method, visit.status, visit.location"
        " FROM visit JOIN municipality ON municipality.id = visit.municipality_id"
        " WHERE visit.deleted IS 0 AND visit.starts_at >= ? AND visit.starts_at < ?"
        " ORDER BY visit.starts_at",
        (
            _stamp(datetime.combine(start, datetime.min.time())),
            _stamp(datetime.combine(end + timedelta(days=1), datetime.min.time())),
        ),
    ).fetchall()
    return summaries(conn, rows)


def summaries(conn: Any, rows: list[tuple]) -> list[VisitSummary]:
    """Visit rows (id, municipality id and name, phase, start, end, method, status, location)
    as summaries, in their order, each with its live team members (by role, then name)."""
    members: dict[str, list[str]] = {}
    ids = [row[0] for row in rows]
    for first in range(0, len(ids), _BATCH):
        chunk = ids[first : first + _BATCH]
        for visit_id, name in conn.execute(
            "SELECT visit_member.visit_id, team_member.name FROM visit_member"
            " JOIN team_member ON team_member.id = visit_member.member_id"
            f" WHERE visit_member.visit_id IN ({','.join('?' * len(chunk))})"
            " AND visit_member.deleted IS 0 ORDER BY team_member.role, team_member.name",
            chunk,
        ):
            members.setdefault(visit_id, []).append(name)
    return [
        VisitSummary(
            id=visit_id,
            municipality_id=town_id,
            municipality=town,
            phase=Phase(phase),
            starts_at=_when(starts),
            ends_at=_when(ends),
            method=VisitMethod(method).label,
            status=VisitStatus(status),
            location=location,
            members=tuple(members.get(visit_id, ())),
        )
        for visit_id, town_id, town, phase, starts, ends, method, status, location in rows
    ]


def week_visits(conn: Any, today: date) -> list[VisitSummary]:
    monday = today - timedelta(days=today.weekday())
    return visits_between(conn, monday, monday + timedelta(days=6))


# -- overdue actions ------------------------------------------------------------------------


def overdue_actions(conn: Any, today: date) -> list[ActionSummary]:
    """Open or in-progress action items due before ``today``, earliest first."""
    rows = conn.execute(
        "SELECT id, municipality_id, visit_id, title, owner_side, owner_name, due_on, status"
        " FROM action_item WHERE deleted = 0 AND status IN ('open', 'in_progress')"
        " AND due_on < ? ORDER BY due_on, rowid",
        (today.isoformat(),),
    ).fetchall()
    return action_summaries(rows, dict(conn.execute("SELECT id, name FROM municipality")))


def action_summaries(rows: list[tuple], names: dict[str, str]) -> list[ActionSummary]:
    """Action rows (id, municipality id, visit id, title, owner side and name, due date,
    status) as summaries, the town named from ``names`` (id to name)."""
    return [
        ActionSummary(
            id=item_id,
            municipality_id=town_id,
            municipality=names[town_id],
            visit_id=visit_id,
            title=title,
            owner_side=OwnerSide(owner_side).label,
            owner_name=owner_name,
            due_on=_day(due_on),
            status=ActionStatus(status),
        )
        for item_id, town_id, visit_id, title, owner_side, owner_name, due_on, status in rows
    ]


def snapshot(conn: Any, year: int, area: Area | None, today: date) -> BoardSnapshot:
    return BoardSnapshot(
        board(conn, year, area=area, today=today),
        week_visits(conn, today),
        overdue_actions(conn, today),
    )

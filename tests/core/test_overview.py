"""The dashboard's plain-SQL read model gives what the former ORM computation gave.

The ORM computation (object graph of towns and visits, ``selectinload`` of municipalities)
is kept here as the oracle. Compared on the demo data over days across two programme years,
with the edge cases the board knows: cancelled visits, a baseline answered without a visit,
a deleted municipality, a year without its own phase windows.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dxfield import overview, quickread
from dxfield.backup import backup_database
from dxfield.demo import install_demo
from dxfield.masterdata import phase_windows
from dxfield.models import (
    ActionItem,
    ActionStatus,
    Area,
    AssessmentResponse,
    Municipality,
    Phase,
    ResponseKind,
    TeamMember,
    Visit,
    VisitMember,
    VisitStatus,
)
from dxfield.services import dashboard
from tests.rawstore import raw_connect

TODAY = date(2026, 7, 15)


# -- the oracle: the ORM computation as it was -------------------------------------------


def _old_cell_status(visits, window, today):
    live = [v for v in visits if v.status != VisitStatus.CANCELLED]
    if any(v.status == VisitStatus.DONE for v in live):
        return overview.CellStatus.DONE
    if any(v.starts_at.date() >= today for v in live):
        return overview.CellStatus.PLANNED
    if today > window[1]:
        return overview.CellStatus.OVERDUE
    return overview.CellStatus.PLANNED if live else overview.CellStatus.NOT_STARTED


def old_board(session: Session, year: int, *, area=None, today: date):
    windows = phase_windows(session, year)
    query = select(Municipality).where(Municipality.deleted.is_(False)).order_by(Municipality.code)
    if area is not None:
        query = query.where(Municipality.area == area)
    towns = list(session.scalars(query))
    by_key: dict = {}
    for visit in session.scalars(
        select(Visit)
        .where(Visit.fiscal_year == year, Visit.deleted.is_(False))
        .order_by(Visit.starts_at)
    ):
        by_key.setdefault((visit.municipality_id, visit.phase), []).append(visit)
    answered = set(
        session.scalars(
            select(AssessmentResponse.municipality_id).where(
                AssessmentResponse.fiscal_year == year,
                AssessmentResponse.kind == ResponseKind.BASELINE,
                AssessmentResponse.deleted.is_(False),
            )
        )
    )
    rows = []
    for town in towns:
        cells = []
        for phase in Phase:
            visits = by_key.get((town.id, phase), [])
            status = _old_cell_status(visits, windows[phase], today)
            if phase == Phase.ASSESSMENT_SHEET and town.id in answered:
                status = overview.CellStatus.DONE
            latest = visits[-1].id if visits else None
            cells.append(overview.BoardCell(phase, status, latest, len(visits)))
        rows.append(overview.BoardRow(town.id, town.name, town.area, tuple(cells)))
    return rows


def old_week_visits(session: Session, today: date):
    monday = today - timedelta(days=today.weekday())
    rows = session.execute(
        select(
            Visit.id,
            Visit.municipality_id,
            Municipality.name,
            Visit.phase,
            Visit.starts_at,
            Visit.ends_at,
            Visit.method,
            Visit.status,
            Visit.location,
        )
        .join(Municipality, Municipality.id == Visit.municipality_id)
        .where(
            Visit.deleted.is_(False),
            Visit.starts_at >= datetime.combine(monday, datetime.min.time()),
            Visit.starts_at < datetime.combine(monday + timedelta(days=7), datetime.min.time()),
        )
        .order_by(Visit.starts_at)
    ).all()
    members: dict = {}
    for visit_id, name in session.execute(
        select(VisitMember.visit_id, TeamMember.name)
        .join(TeamMember, TeamMember.id == VisitMember.member_id)
        .where(VisitMember.visit_id.in_([r.id for r in rows]), VisitMember.deleted.is_(False))
        .order_by(TeamMember.role, TeamMember.name)
    ):
        members.setdefault(visit_id, []).append(name)
    return [
        overview.VisitSummary(
            id=r.id,
            municipality_id=r.municipality_id,
            municipality=r.name,
            phase=r.phase,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            method=r.method.label,
            status=r.status,
            location=r.location,
            members=tuple(members.get(r.id, ())),
        )
        for r in rows
    ]


def old_overdue_actions(session: Session, today: date):
    items = session.scalars(
        select(ActionItem)
        .where(
            ActionItem.deleted.is_(False),
            ActionItem.status.in_([ActionStatus.OPEN, ActionStatus.IN_PROGRESS]),
            ActionItem.due_on < today,
        )
        .options(selectinload(ActionItem.municipality))
        .order_by(ActionItem.due_on)
    )
    return [
        overview.ActionSummary(
            id=a.id,
            municipality_id=a.municipality_id,
            municipality=a.municipality.name,
            visit_id=a.visit_id,
            title=a.title,
            owner_side=a.owner_side.label,
            owner_name=a.owner_name,
            due_on=a.due_on,
            status=a.status,
        )
        for a in items
    ]


# -- the comparison -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """One demo store for the module (the tests only read it)."""
    from dxfield.db import open_database
    from dxfield.masterdata import ensure_master_data

    db = open_database(tmp_path_factory.mktemp("overview") / "dxfield.sqlite3")
    with db.session() as s:
        ensure_master_data(s)
        install_demo(s, today=TODAY)
    with db.session() as s:
        visits = list(s.scalars(select(Visit).where(Visit.fiscal_year == 2026).limit(40)))
        for visit in visits[:10]:
            visit.status = VisitStatus.CANCELLED
        for visit in visits[10:13]:
            visit.deleted = True
        s.scalar(select(Municipality).where(Municipality.code == "304271")).deleted = True
        for item in s.scalars(select(ActionItem).limit(5)):
            item.status = ActionStatus.IN_PROGRESS
    yield db
    db.close()


def _days():
    start = date(2025, 4, 1)
    return [start + timedelta(days=n) for n in range(0, 800, 61)]


def test_the_demo_gives_the_board_something_to_show(demo_db):
    with demo_db.read_session() as s:
        statuses = {
            cell.status
            for today in _days()
            for row in dashboard.board(s, 2026, today=today)
            for cell in row.cells
        }
        week = dashboard.week_visits(s, date(2026, 7, 8))
        overdue = dashboard.overdue_actions(s, TODAY)
    assert statuses == set(overview.CellStatus)
    assert week and any(v.members for v in week)
    assert overdue


@pytest.mark.parametrize("area", [None, Area.KIHOKU, Area.KINAN])
@pytest.mark.parametrize("year", [2025, 2026, 2031])  # 2031: no windows of its own
def test_board_equals_the_orm_computation(demo_db, year, area):
    with demo_db.read_session() as s:
        for today in _days():
            assert dashboard.board(s, year, area=area, today=today) == old_board(
                s, year, area=area, today=today
            )


def test_week_and_overdue_equal_the_orm_computation(demo_db):
    with demo_db.read_session() as s:
        for today in [*_days(), *(TODAY - timedelta(days=n) for n in range(0, 120, 3))]:
            assert dashboard.week_visits(s, today) == old_week_visits(s, today)
            assert dashboard.overdue_actions(s, today) == old_overdue_actions(s, today)


def test_the_stdlib_read_gives_the_same_snapshot(demo_db):
    """The desktop's first paint reads with sqlite3 before SQLAlchemy is imported."""
    quick = quickread.read_current(
        demo_db.path, lambda conn: overview.snapshot(conn, 2026, Area.KINAN, TODAY)
    )
    with demo_db.read_session() as s:
        assert quick == overview.BoardSnapshot(
            old_board(s, 2026, area=Area.KINAN, today=TODAY),
            old_week_visits(s, TODAY),
            old_overdue_actions(s, TODAY),
        )


# A fresh process, as the desktop's opener before the store is open.
FIRST_BOARD = """
import sys
from datetime import date
from pathlib import Path

from dxfield import overview, quickread

year = int(sys.argv[2])
snap = quickread.read_current(
    Path(sys.argv[1]), lambda c: overview.snapshot(c, year, None, date(year, 7, 15))
)
print(len(snap.board) if snap else None, "sqlalchemy" in sys.modules)
"""


@pytest.mark.parametrize("year", [2026, 2031])  # 2031: a new 年度 with no windows of its own
def test_the_stdlib_read_of_the_first_board_imports_no_sqlalchemy(demo_db, year):
    done = subprocess.run(
        [sys.executable, "-c", FIRST_BOARD, str(demo_db.path), str(year)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    rows, sqlalchemy_imported = done.stdout.split()
    assert int(rows) > 0 and sqlalchemy_imported == "False"


def test_no_stdlib_read_of_a_store_that_needs_the_full_open(demo_db, tmp_path):
    older = tmp_path / "older.sqlite3"
    backup_database(demo_db.path, older)
    target = raw_connect(older)
    target.execute("UPDATE alembic_version SET version_num = 'older'")
    target.commit()
    target.close()
    assert quickread.read_current(older, lambda c: overview.snapshot(c, 2026, None, TODAY)) is None


def test_preparing_the_municipality_page_reads_and_changes_nothing(demo_db, db):
    from dxfield.services.dashboard import prepare_municipality_overview

    for store in (demo_db, db):  # ten towns of data, and master data only
        before = store.path.read_bytes()
        with store.read_session() as s:
            prepare_municipality_overview(s, 2026)
        assert store.path.read_bytes() == before

"""The dashboard's first read takes migration 0003's indexes, and gives what it gave before.

The board's visits, the answered baselines and the overdue list are each read from one
partial covering index (``dxfield.overview``). The rows must be the ones the queries gave
before the indexes came, in the same order, ties included: the old queries (``OLD``, word
for word) run on the same store are the oracle, on the demo, on ten programme years and on a
store made of ties (equal start times and due dates, tombstones, other statuses and years,
rows added in an order unlike any column's).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from dxfield import overview
from dxfield.assessment.template import current_template
from dxfield.masterdata import ensure_programme_year
from dxfield.models import (
    ActionItem,
    ActionStatus,
    AssessmentResponse,
    Municipality,
    OwnerSide,
    Phase,
    ResponseKind,
    Visit,
    VisitMethod,
    VisitStatus,
)
from dxfield.search.index import _BY_ID, _LIVE
from tests.core.roads import build_store
from tests.rawstore import raw_connect, sqlite3

TODAY = date(2025, 9, 15)
YEAR = 2025

# The snapshot's queries before migration 0003, as dxfield.overview wrote them.
OLD = {
    "visit": (
        "SELECT id, municipality_id, phase, status, starts_at FROM visit"
        " WHERE fiscal_year = ? AND deleted IS 0 ORDER BY starts_at"
    ),
    "assessment_response": (
        "SELECT municipality_id FROM assessment_response"
        " WHERE fiscal_year = ? AND kind = 'baseline' AND deleted IS 0"
    ),
    "action_item": (
        "SELECT id, municipality_id, visit_id, title, owner_side, owner_name, due_on, status"
        " FROM action_item WHERE deleted IS 0 AND status IN ('open', 'in_progress')"
        " AND due_on < ? ORDER BY due_on"
    ),
}
INDEXES = {
    "visit": "ix_visit_live_year_starts_at",
    "assessment_response": "ix_assessment_response_live_year_kind",
    "action_item": "ix_action_item_open_due_on",
}


class Recorder:
    """A connection that notes each statement it runs (the SQL and its parameters)."""

    def __init__(self, conn):
        self.conn = conn
        self.statements: list[tuple[str, tuple]] = []

    def execute(self, sql, params=()):
        self.statements.append((sql, tuple(params)))
        return self.conn.execute(sql, params)


def snapshot_statements(conn, year: int, today: date) -> list[tuple[str, tuple]]:
    recorder = Recorder(conn)
    overview.snapshot(recorder, year, None, today)
    return recorder.statements


def indexed_statements(conn, year: int, today: date) -> dict[str, tuple[str, tuple]]:
    """The snapshot's statements that 0003's indexes serve, by table."""
    found = {}
    for sql, params in snapshot_statements(conn, year, today):
        for table, old in OLD.items():
            if sql.split(" WHERE ")[0] == old.split(" WHERE ")[0]:  # what and from where
                assert table not in found, sql
                found[table] = (sql, params)
    assert set(found) == set(OLD)
    return found


def plan(conn, sql: str, params=()) -> list[str]:
    return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


# -- the stores -------------------------------------------------------------------------------


def _add_ties(s) -> None:
    """Visits and action items that tie on their sort key, added in an order unlike that of
    any column (towns shuffled, ids random), with the rows the queries must leave out."""
    rng = random.Random(16)
    for year in (YEAR - 1, YEAR, YEAR + 1):
        ensure_programme_year(s, year)
    towns = list(s.scalars(select(Municipality.id).where(Municipality.deleted.is_(False))))
    template_id = current_template(s).id
    slots = [datetime(YEAR, 6, 1, 10, 0) + timedelta(days=d) for d in (0, 0, 7, 7, 7, 30)]
    visits = []
    for n in range(240):
        starts = rng.choice(slots)
        year = YEAR if n % 6 else rng.choice((YEAR - 1, YEAR + 1))
        visit = Visit(
            municipality_id=rng.choice(towns),
            fiscal_year=year,
            phase=rng.choice(list(Phase)),
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            method=VisitMethod.VISIT,
            status=rng.choice(list(VisitStatus)),
            deleted=n % 7 == 0,
        )
        s.add(visit)
        visits.append(visit)
    s.flush()
    dues = [TODAY - timedelta(days=d) for d in (40, 40, 10, 10, 10, 0)] + [None]
    for n in range(300):
        s.add(
            ActionItem(
                municipality_id=rng.choice(towns),
                visit_id=rng.choice([None, rng.choice(visits).id]),
                title=f"課題 {rng.randrange(5)}",
                owner_side=rng.choice(list(OwnerSide)),
                owner_name=rng.choice(["", "佐藤", "山田"]),
                due_on=rng.choice(dues),
                status=rng.choice(list(ActionStatus)),
                deleted=n % 9 == 0,
            )
        )
    rng.shuffle(towns)
    for n, town in enumerate(towns):
        for kind in ResponseKind:
            s.add(
                AssessmentResponse(
                    municipality_id=town,
                    fiscal_year=YEAR if n % 3 else YEAR + 1,
                    template_id=template_id,
                    kind=kind,
                    deleted=n % 4 == 0,
                )
            )
            if n % 4 == 0:  # the live one beside its tombstone
                s.add(
                    AssessmentResponse(
                        municipality_id=town, fiscal_year=YEAR, template_id=template_id, kind=kind
                    )
                )


@pytest.fixture(scope="module")
def ties_store(tmp_path_factory):
    from dxfield.db import open_database
    from dxfield.masterdata import ensure_master_data

    db = open_database(tmp_path_factory.mktemp("ties") / "dxfield.sqlite3")
    with db.session() as s:
        ensure_master_data(s)
        _add_ties(s)
    yield db.path
    db.close()


@pytest.fixture(scope="module", params=["ties", "demo", "ten_years"])
def store(request, tmp_path_factory):
    if request.param == "ties":
        yield request.getfixturevalue("ties_store")
        return
    db = build_store(tmp_path_factory.mktemp(request.param), request.param)
    yield db.path
    db.close()


def _cases(conn) -> list[tuple[int, date]]:
    """(programme year, today) to read the snapshot at: every year, and days just after
    the due dates (each one a different cut through the overdue list)."""
    years = [y for (y,) in conn.execute("SELECT DISTINCT fiscal_year FROM visit ORDER BY 1")]
    dues = [d for (d,) in conn.execute("SELECT DISTINCT due_on FROM action_item ORDER BY 1")]
    days = [date.fromisoformat(d) + timedelta(days=1) for d in dues if d]
    return [(year, TODAY) for year in years] + [
        (YEAR, day) for day in days[:: max(1, len(days) // 60)]
    ]


# -- the tests --------------------------------------------------------------------------------


def test_the_made_up_store_is_made_of_ties(ties_store):
    with raw_connect(ties_store) as conn:
        [(visit_ties,)] = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM visit WHERE deleted = 0"
            " GROUP BY fiscal_year, starts_at HAVING count(*) > 1)"
        )
        [(action_ties,)] = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM action_item"
            " WHERE deleted = 0 AND status IN ('open', 'in_progress')"
            " GROUP BY due_on HAVING count(*) > 5)"
        )
        [(left_out,)] = conn.execute(
            "SELECT count(*) FROM action_item WHERE deleted = 1 AND status = 'open'"
        )
    assert visit_ties >= 9 and action_ties >= 3 and left_out


def test_the_new_queries_give_the_old_rows_in_the_old_order(store):
    with raw_connect(store) as conn:
        checked = 0
        for year, today in _cases(conn):
            for table, (sql, params) in indexed_statements(conn, year, today).items():
                new = conn.execute(sql, params).fetchall()
                old = conn.execute(OLD[table], params).fetchall()
                if table == "assessment_response":  # the board takes it as a set
                    new, old = sorted(new), sorted(old)
                assert new == old, (table, year, today)
                checked += bool(new)
        assert checked > 3


def test_the_snapshot_reads_each_of_its_lists_from_one_index(store):
    """A later edit of the SQL that no longer matches an index (``deleted IS 0``, a status
    spelt otherwise, a column the index lacks) fails here, not only in a benchmark."""
    with raw_connect(store) as conn:
        statements = snapshot_statements(conn, YEAR, TODAY)
        for table, (sql, params) in indexed_statements(conn, YEAR, TODAY).items():
            steps = plan(conn, sql, params)
            assert f" INDEX {INDEXES[table]} (" in steps[0], steps
            # SQLite counts a partial index's own WHERE columns as covered only in later
            # versions (SQLCipher's 3.5x does; the stdlib's 3.40 on Linux ARM does not).
            if sqlite3.sqlite_version_info >= (3, 53):
                assert f"USING COVERING INDEX {INDEXES[table]} (" in steps[0], steps
            assert steps[0].startswith(f"SEARCH {table} "), steps
        # No statement of the snapshot reads every row of a table that grows with the years.
        for sql, params in statements:
            for step in plan(conn, sql, params):
                assert not step.startswith(tuple(f"SCAN {t}" for t in OLD)), (sql, step)


def test_only_the_snapshot_takes_the_new_indexes(store):
    """They are partial on ``deleted = 0``: the ORM's queries (``deleted IS 0``), the old
    ones among them, and the search index's rebuild keep their plans, hence their order."""
    with raw_connect(store) as conn:
        queries = [(sql, (YEAR, TODAY.isoformat())[: sql.count("?")]) for sql in OLD.values()]
        for kind, sql in _LIVE.items():
            queries += [(sql, ()), (f"{sql} AND {_BY_ID[kind]} IN (?, ?)", ("a", "b"))]
        for sql, params in queries:
            steps = " / ".join(plan(conn, sql, params))
            assert not any(name in steps for name in INDEXES.values()), (sql, steps)

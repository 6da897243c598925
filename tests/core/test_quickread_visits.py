"""``dxfield visits`` read with the stdlib (``quickread.visits``) gives exactly what the ORM
road (``services.visits.list_visits``) gives: the same rows, order and team, for every
filter, on the demo and on ten programme years; refusals still come from the services."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dxfield import quickread
from dxfield.cli import visits as cli_visits
from dxfield.models import Municipality, Visit, VisitMember
from tests.core.roads import STORES, assert_same_on_either_road, build_store
from ui.main import main


@pytest.fixture(scope="module", params=STORES)
def store(request, tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp(request.param), request.param)
    with db.session() as s:
        # What the listing must leave out: a deleted visit and a deleted team member row;
        # and a second visit at the same hour as another, in the same town (an order tie).
        visits = list(s.scalars(select(Visit).order_by(Visit.starts_at).limit(12)))
        visits[0].deleted = True
        s.scalar(select(VisitMember).where(VisitMember.visit_id == visits[1].id)).deleted = True
        twin = visits[2]
        s.add(
            Visit(
                municipality_id=twin.municipality_id,
                fiscal_year=twin.fiscal_year,
                phase=twin.phase,
                starts_at=twin.starts_at,
                ends_at=twin.ends_at,
                method=twin.method,
                status=twin.status,
                location="同時刻の別件",
            )
        )
        town = s.get(Municipality, twin.municipality_id)
    yield db, town.code, town.name, twin.fiscal_year
    db.close()


def _quick(db, **filters):
    return quickread.read_current(db.path, lambda conn: quickread.visits(conn, **filters))


def _filters(code, name, year):
    return [
        {},
        {"year": year},
        {"municipality": code},
        {"municipality": name},
        {"municipality": code, "year": year},
        {"phase": "assessment_sheet"},
        {"year": year, "phase": "evaluation"},
        {"year": 1999},
    ]


def test_quick_rows_equal_the_orm_rows(store):
    db, code, name, year = store
    for filters in _filters(code, name, year):
        quick = _quick(db, **filters)
        assert quick is not None, filters
        orm = cli_visits.rows_from_store(
            db, filters.get("municipality"), filters.get("year"), filters.get("phase")
        )
        assert quick == orm, filters
    assert len(_quick(db)) > 100
    assert any(len(row["team"]) > 1 for row in _quick(db))


def test_cli_output_is_the_same_on_either_road(store, capsys, monkeypatch):
    db, code, _name, year = store
    assert_same_on_either_road(
        db,
        [["visits", "--json"], ["visits", "--municipality", code, "--year", str(year)]],
        capsys,
        monkeypatch,
    )


def test_an_unknown_town_is_refused_by_the_services(store, capsys):
    db, *_ = store
    assert _quick(db, municipality="存在しない村") is None
    argv = ["--data-dir", str(db.path.parent), "visits", "--municipality", "存在しない村"]
    assert main(argv) == 2
    assert "存在しない村" in capsys.readouterr().err

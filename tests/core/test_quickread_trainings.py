"""``dxfield trainings`` read with the stdlib (``quickread.trainings``) gives exactly what the
ORM road (``services.trainings.training_summaries``) gives: the same summaries, order, live
towns, attendee totals and survey responses, for every filter, on the demo and on ten
programme years; refusals still come from the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dxfield import quickread
from dxfield.cli import trainings as cli_trainings
from dxfield.enums import TrainingKind
from dxfield.models import Municipality, SurveyResponse, Training
from tests.core.roads import (
    STORES,
    add_year_trainings,
    assert_same_on_either_road,
    build_store,
)
from ui.main import main


@pytest.fixture(scope="module", params=STORES)
def store(request, tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp(request.param), request.param)
    if request.param == "ten_years":
        add_year_trainings(db)
    with db.session() as s:
        # What the listing must leave out: a deleted training, a deleted town link, a
        # deleted survey response. What it must keep: a deleted municipality's name on a
        # training it took part in. And a training at the same hour as another with nobody
        # counted and no towns (an order tie broken by id; 未集計; （全市町村）).
        answered = list(
            s.scalars(
                select(SurveyResponse.training_id)
                .where(SurveyResponse.deleted.is_(False))
                .group_by(SurveyResponse.training_id)
                .having(func.count() > 1)
                .order_by(SurveyResponse.training_id)
            )
        )
        assert len(answered) >= 2
        s.get(Training, answered[0]).deleted = True
        s.scalar(
            select(SurveyResponse).where(SurveyResponse.training_id == answered[1]).limit(1)
        ).deleted = True
        shared = [
            t
            for t in s.scalars(select(Training).order_by(Training.starts_at))
            if not t.deleted and len(t.municipalities) > 2
        ]
        assert len(shared) >= 2
        cut = shared[0].municipalities[0]
        cut.deleted = True
        gone = s.get(Municipality, shared[1].municipalities[-1].municipality_id)
        gone.deleted = True
        twin = shared[0]
        s.add(
            Training(
                fiscal_year=twin.fiscal_year,
                kind=TrainingKind.OTHER,
                title="同時刻の別研修",
                starts_at=twin.starts_at,
                ends_at=twin.starts_at + timedelta(hours=1),
                method=twin.method,
                place="県庁",
                lecturers="\n  講師 甲  \n\n講師 乙\n",
                status=twin.status,
            )
        )
        town = s.get(Municipality, shared[0].municipalities[-1].municipality_id)
        cut_code = s.get(Municipality, cut.municipality_id).code
        filters = [
            {},
            {"year": twin.fiscal_year},
            {"municipality": town.code},
            {"municipality": town.name},
            {"municipality": cut_code},
            {"municipality": gone.name},
            {"municipality": town.code, "year": twin.fiscal_year},
            *({"kind": kind.value} for kind in TrainingKind),
            {"kind": "joint", "year": twin.fiscal_year},
            {"year": 1999},
        ]
    yield db, filters, town.code, twin.fiscal_year
    db.close()


def _quick(db, **filters):
    return quickread.read_current(db.path, lambda conn: quickread.trainings(conn, **filters))


def test_quick_summaries_equal_the_orm_summaries(store):
    db, filters, _code, _year = store
    for f in filters:
        quick = _quick(db, **f)
        assert quick is not None, f
        orm = cli_trainings.rows_from_store(db, f.get("municipality"), f.get("year"), f.get("kind"))
        assert quick == orm, f
    everything = _quick(db)
    assert len(everything) > 10
    assert any(r.attendees.total is None for r in everything)
    assert any(len(r.municipalities) > 3 for r in everything)
    assert any(r.responses > 0 for r in everything)
    assert any(
        r.title == "同時刻の別研修" and r.lecturers == ("講師 甲", "講師 乙") for r in everything
    )


def test_cli_output_is_the_same_on_either_road(store, capsys, monkeypatch):
    db, _filters, code, year = store
    assert_same_on_either_road(
        db,
        [
            ["trainings", "--json"],
            ["trainings"],
            ["trainings", "--municipality", code, "--year", str(year)],
            ["trainings", "--kind", "video", "--json"],
        ],
        capsys,
        monkeypatch,
    )


def test_an_unknown_town_is_refused_by_the_services(store, capsys):
    db, *_ = store
    assert _quick(db, municipality="存在しない村") is None
    argv = ["--data-dir", str(db.path.parent), "trainings", "--municipality", "存在しない村"]
    assert main(argv) == 2
    assert "存在しない村" in capsys.readouterr().err

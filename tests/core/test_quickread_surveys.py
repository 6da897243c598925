"""``dxfield survey show`` and ``survey results`` read with the stdlib
(``dxfield.quickread_surveys``) print exactly what the ORM road prints: every training's
results, each year's by kind, by municipality, of one kind or one town, text and JSON, on
the demo and on ten programme years, with what the results must leave out or keep (a
deleted response, a deleted town link, a cancelled training, a training nobody answered
yet); refusals (a training that is not there, an unknown town) are left to the ORM road."""

from __future__ import annotations

import pytest

from dxfield import quickread, quickread_surveys
from dxfield.cli import survey as cli_survey
from tests.core.roads import STORES, add_year_trainings, assert_same_outcome, build_store


@pytest.fixture(scope="module", params=STORES)
def store(request, tmp_path_factory):
    from sqlalchemy import select

    from dxfield.enums import VisitStatus
    from dxfield.models import Municipality, SurveyResponse, Training

    db = build_store(tmp_path_factory.mktemp(request.param), request.param)
    if request.param == "ten_years":
        add_year_trainings(db)
    with db.session() as s:
        trainings = list(s.scalars(select(Training).order_by(Training.starts_at, Training.id)))
        answered = [
            t
            for t in trainings
            if s.scalar(
                select(SurveyResponse.id).where(SurveyResponse.training_id == t.id).limit(1)
            )
        ]
        assert len(answered) > 4
        answered[0].status = VisitStatus.CANCELLED  # its own results stay visible
        s.scalar(
            select(SurveyResponse).where(SurveyResponse.training_id == answered[1].id).limit(1)
        ).deleted = True
        shared = next(t for t in answered[2:] if len(t.municipalities) > 1)
        shared.municipalities[0].deleted = True
        from tests import factories

        fresh = factories.training(s, title="回答がまだない研修")  # results of no response
        unanswered = [fresh, *(t for t in trainings if t not in answered)]
        ids = [t.id for t in trainings]
        years = sorted({t.fiscal_year for t in trainings})
        town = s.get(Municipality, shared.municipalities[-1].municipality_id)
        names = (town.code, town.name)
    yield db, ids, [t.id for t in unanswered], years, names
    db.close()


def test_every_trainings_results_print_the_same_on_either_road(store, capsys, monkeypatch):
    db, ids, unanswered, _years, _town = store
    commands = []
    for n, training_id in enumerate([*ids[:80], *unanswered[:5]]):
        commands.append(["survey", "show", training_id, *(["--json"] if n % 2 else [])])
    answered = assert_same_outcome(db, commands, capsys, monkeypatch)
    assert all(a is not None for a in answered)
    assert any(a.comments for a in answered) and any(a.responses == 0 for a in answered)


def test_each_years_results_print_the_same_on_either_road(store, capsys, monkeypatch):
    db, _ids, _unanswered, years, (code, name) = store
    commands = []
    for year in [*years[-4:], 2001]:
        y = str(year)
        commands += [
            ["survey", "results", "--year", y],
            ["survey", "results", "--year", y, "--json"],
            ["survey", "results", "--year", y, "--by", "kind"],
            ["survey", "results", "--year", y, "--by", "municipality", "--json"],
            ["survey", "results", "--year", y, "--kind", "intro"],
            ["survey", "results", "--year", y, "--municipality", code, "--json"],
            ["survey", "results", "--year", y, "--municipality", name, "--kind", "joint"],
        ]
    commands.append(["survey", "results", "--by", "municipality"])  # this year
    answered = assert_same_outcome(db, commands, capsys, monkeypatch)
    assert all(a is not None for a in answered)
    assert any(len(a) > 3 for a in answered)


def test_the_results_are_the_orm_roads(store):
    db, ids, _unanswered, years, _town = store
    for year in years[-2:]:
        for by in (None, "kind", "municipality"):
            quick = quickread.read_current(
                db.path,
                lambda conn, y=year, b=by: quickread_surveys.results(conn, y, b, None, None),
            )
            assert quick == cli_survey.results_from_store(db, year, by, None, None)
    quick = quickread.read_current(
        db.path, lambda conn: quickread_surveys.results_for_training(conn, ids[0])
    )
    assert quick == cli_survey.show_from_store(db, ids[0])


def test_refusals_are_the_orm_roads(store, capsys, monkeypatch):
    db, *_ = store
    answered = assert_same_outcome(
        db,
        [
            ["survey", "show", "no-such-training"],
            ["survey", "show", "no-such-training", "--json"],
            ["survey", "results", "--year", "2025", "--municipality", "存在しない村"],
            ["survey", "results", "--municipality", "99999x", "--json"],
        ],
        capsys,
        monkeypatch,
    )
    assert answered == [None] * 4

"""``dxfield assessment template`` and ``show`` read with the stdlib
(``dxfield.quickread_sheets``) print exactly what the ORM road prints: every municipality's
sheet of each kind (diff too), with and without a year, text and JSON, on the demo and on
ten programme years; refusals (an unknown town, a year without a response, an unknown
template version) are left to the ORM road, which says why as before."""

from __future__ import annotations

import pytest

from dxfield import quickread, quickread_sheets
from dxfield.cli import assessment as cli_assessment
from tests.core.roads import STORES, assert_same_outcome, build_store


@pytest.fixture(scope="module", params=STORES)
def store(request, tmp_path_factory):
    from sqlalchemy import select

    from dxfield.models import AssessmentResponse, Municipality

    db = build_store(tmp_path_factory.mktemp(request.param), request.param)
    with db.read_session() as s:
        towns = list(s.scalars(select(Municipality.code).order_by(Municipality.code)))
        answered = s.execute(
            select(Municipality.name, AssessmentResponse.fiscal_year)
            .join(Municipality, Municipality.id == AssessmentResponse.municipality_id)
            .order_by(AssessmentResponse.fiscal_year, Municipality.code)
        ).first()
    yield db, towns, answered
    db.close()


def test_every_sheet_prints_the_same_on_either_road(store, capsys, monkeypatch):
    db, towns, (name, year) = store
    commands = []
    for code in towns:
        for kind in ("baseline", "evaluation", "diff"):
            commands += [
                ["assessment", "show", code, "--kind", kind],
                ["assessment", "show", code, "--kind", kind, "--json"],
            ]
    commands += [
        ["assessment", "show", name],
        ["assessment", "show", name, "--year", str(year)],
        ["assessment", "show", name, "--year", str(year), "--kind", "diff", "--json"],
        ["assessment", "show", name, "--year", "2001"],
        ["assessment", "show", "存在しない村"],
        ["assessment", "show", "999999", "--json"],
    ]
    answered = assert_same_outcome(db, commands, capsys, monkeypatch)
    shown = [a for a in answered if a is not None]
    assert len(shown) >= 20  # the quick road answered the sheets that are there
    assert any(len(a.sheets) == 2 for a in shown)
    assert any(a.sheets[0].free_text for a in shown)
    assert answered[-3:] == [None, None, None]  # and left the refusals to the ORM road


def test_the_template_prints_the_same_on_either_road(store, capsys, monkeypatch):
    db, *_ = store
    answered = assert_same_outcome(
        db,
        [
            ["assessment", "template"],
            ["assessment", "template", "--json"],
            ["assessment", "template", "--version", "2025.1"],
            ["assessment", "template", "--version", "2025.1", "--json"],
            ["assessment", "template", "--version", "1999.9"],
        ],
        capsys,
        monkeypatch,
    )
    assert all(a is not None for a in answered[:4]) and answered[4] is None


def test_the_definition_and_the_scores_are_the_orm_roads(store):
    from dxfield.assessment.engine import score_response
    from dxfield.services.assessments import list_responses

    db, *_ = store
    orm = cli_assessment.template_from_store(db, None)
    quick = quickread.read_current(
        db.path, lambda conn: quickread_sheets.assessment_template(conn, None)
    )
    assert quick == orm
    with db.read_session() as s:
        responses = list_responses(s)
        assert responses
        for r in responses[:40]:
            view = quickread.read_current(
                db.path,
                lambda conn, r=r: quickread_sheets.sheet_view(
                    conn, r.municipality.code, r.fiscal_year, r.kind.value
                ),
            )
            assert view.sheets == [score_response(s, r)]


def test_a_deleted_question_and_numeric_answers_read_alike(db, capsys, monkeypatch):
    """What the ORM does to a tombstoned question (left out of the definition; a live
    answer to it refused) and to a JSON number SQLite keeps as a number, the stdlib road
    does too; Japanese free text and respondent come through unchanged."""
    from sqlalchemy import select

    from dxfield.assessment.engine import answers_for_cells
    from dxfield.assessment.template import current_template, template_definition
    from dxfield.enums import ResponseKind
    from dxfield.masterdata import ensure_programme_year, municipality_id
    from dxfield.models import Answer, Question
    from dxfield.services.assessments import create_response, set_answers
    from tests import factories

    with db.session() as s:
        ensure_programme_year(s, 2025)
        defn = template_definition(current_template(s))
        targets = {(st, d): 3 for st, _ in defn.stages for d, _ in defn.domains}
        answers = answers_for_cells(defn, targets)
        free = next(q.code for q in defn.questions if not q.scored)
        answers[free] = "窓口の ｾｷｭﾘﾃｨ 研修を\n来年度に"
        response = create_response(
            s,
            municipality_id=municipality_id(factories.WAKAYAMA),
            fiscal_year=2025,
            kind=ResponseKind.BASELINE,
            respondent="情報政策課 山田",
        )
        set_answers(s, response.id, answers)
    with db.session() as s:
        question = s.scalar(select(Question).where(Question.code == free))
        question.deleted = True
    # A command runs in a process of its own: no definition parsed before the question went.
    monkeypatch.setattr("dxfield.assessment.template._DEFINITIONS", {})
    commands = [
        ["assessment", "show", factories.WAKAYAMA],
        ["assessment", "show", factories.WAKAYAMA, "--json"],
        ["assessment", "template", "--json"],
    ]
    # The answer to the tombstoned question is still live: either road refuses alike.
    refused = assert_same_outcome(db, commands[:2], capsys, monkeypatch)
    assert refused == [None, None]
    with db.session() as s:
        answer = s.scalar(select(Answer).where(Answer.question_id == question.id))
        answer.deleted = True
    answered = assert_same_outcome(db, commands, capsys, monkeypatch)
    assert all(a is not None for a in answered)
    assert free not in {q.code for q in answered[2].questions}

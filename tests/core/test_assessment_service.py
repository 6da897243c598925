"""Storing assessment responses: validation by question code, duplicates, nothing half-written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from dxfield.errors import DuplicateError, NotFoundError, ValidationError
from dxfield.masterdata import municipality_id
from dxfield.models import Answer, AssessmentResponse, PendingChange, ResponseKind
from dxfield.services.assessments import (
    answers_by_code,
    create_response,
    delete_response,
    get_response,
    set_answers,
)
from tests.factories import KITAYAMA, WAKAYAMA


def baseline(session, code=WAKAYAMA, year=2025, **kw):
    return create_response(
        session,
        municipality_id=municipality_id(code),
        fiscal_year=year,
        kind=kw.pop("kind", ResponseKind.BASELINE),
        **kw,
    )


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False)))


def test_answers_are_stored_in_canonical_form(session):
    response = baseline(session, answered_on=date(2025, 4, 25), respondent="企画課 田中")
    changed = set_answers(
        session,
        response.id,
        {
            "GEN-AW-01": "議会・住民を含め、庁内外に継続的に発信している",  # a label, as typed
            "GEN-AW-02": ["lecture", "top", "top"],
            "GEN-AW-03": "はい",
            "SYS-ST-01": "３人",
            "BPR-EX-01": "1,200",
            "DAT-EX-03": "resas, gis",
            "FREE-01": "  担当職員が1名しかおらず、予算要求の根拠づくりが難しい。 ",
        },
    )
    assert changed
    assert answers_by_code(session, response) == {
        "GEN-AW-01": "c",
        "GEN-AW-02": ["top", "lecture"],
        "GEN-AW-03": True,
        "SYS-ST-01": 3,
        "BPR-EX-01": 1200,
        "DAT-EX-03": ["resas", "gis"],
        "FREE-01": "担当職員が1名しかおらず、予算要求の根拠づくりが難しい。",
    }
    assert get_response(session, municipality_id(WAKAYAMA), 2025, "baseline").id == response.id
    assert get_response(session, municipality_id(WAKAYAMA), 2025, "evaluation") is None


def test_setting_the_same_answers_again_changes_nothing(session):
    response = baseline(session)
    set_answers(session, response.id, {"GEN-AW-01": "b", "SYS-EX-03": False})
    assert not set_answers(session, response.id, {"GEN-AW-01": "b", "SYS-EX-03": "いいえ"})


def test_clearing_an_answer_tombstones_it_and_answering_again_revives_it(session):
    response = baseline(session)
    set_answers(session, response.id, {"GEN-AW-01": "b", "FREE-02": "研修をお願いしたい"})
    set_answers(session, response.id, {"FREE-02": ""})
    assert answers_by_code(session, response) == {"GEN-AW-01": "b"}
    tombstone = session.scalar(select(Answer).where(Answer.deleted.is_(True)))
    assert tombstone is not None
    set_answers(session, response.id, {"FREE-02": "窓口改革の事例を知りたい"})
    assert answers_by_code(session, response)["FREE-02"] == "窓口改革の事例を知りたい"
    assert session.scalar(select(func.count()).select_from(Answer)) == 2


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("GEN-AW-01", "z", r"'z' is not one of"),
        ("GEN-AW-01", 2, r"choose one of the choices"),
        ("GEN-AW-02", ["top", "none"], r"「実施していない」 cannot be combined"),
        ("GEN-AW-02", ["top", "board"], r"'board' is not one of"),
        ("GEN-AW-03", "たぶん", r"answer yes or no"),
        ("SYS-ST-01", -1, r"below the minimum 0"),
        ("SYS-ST-01", 501, r"above the maximum 500"),
        ("SYS-ST-01", 2.5, r"a whole number"),
        ("SYS-ST-01", "三人", r"is not a number"),
        ("SYS-ST-01", True, r"a number is expected"),
        ("FREE-01", 12, r"must be text"),
        ("FREE-01", "あ" * 2001, r"longer than 2000"),
        ("NOPE-01", "a", r"no such question in template 2025.1"),
    ],
)
def test_a_bad_answer_names_the_question_and_nothing_is_written(session, code, value, message):
    response = baseline(session)
    set_answers(session, response.id, {"GEN-PO-01": "a"})
    outbox = session.scalar(select(func.count()).select_from(PendingChange))
    with pytest.raises(ValidationError, match=message) as info:
        # The valid answer listed first must not be written either.
        set_answers(session, response.id, {"GEN-PO-01": "d", code: value})
    assert info.value.field == code
    assert code in str(info.value)
    assert answers_by_code(session, response) == {"GEN-PO-01": "a"}
    assert session.scalar(select(func.count()).select_from(PendingChange)) == outbox


def test_a_second_baseline_for_the_same_municipality_and_year_is_refused(session):
    baseline(session)
    with pytest.raises(DuplicateError, match="和歌山市 already has a baseline") as info:
        baseline(session)
    year = info.value.details["fiscal_year"]
    said = f"和歌山市の{year}年度の当初（ベースライン）のアセスメント回答はすでに登録されています"
    assert info.value.text() == said  # as the CLI and the app say it
    assert count(session, AssessmentResponse) == 1
    # Other kinds, years and municipalities are separate slots.
    baseline(session, kind=ResponseKind.EVALUATION)
    baseline(session, year=2026)
    baseline(session, code=KITAYAMA)
    assert count(session, AssessmentResponse) == 4


def test_a_deleted_response_frees_its_slot(session):
    first = baseline(session)
    set_answers(session, first.id, {"GEN-AW-01": "a"})
    delete_response(session, first.id)
    second = baseline(session)
    assert second.id != first.id
    assert answers_by_code(session, second) == {}
    with pytest.raises(NotFoundError):
        set_answers(session, first.id, {"GEN-AW-01": "b"})


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"municipality_id": "not-a-municipality"}, "municipality_id"),
        ({"fiscal_year": "2025"}, "fiscal_year"),
        ({"fiscal_year": 1925}, "fiscal_year"),
        ({"template_id": "no-such-template"}, "template_id"),
    ],
)
def test_a_response_needs_a_known_municipality_year_and_template(session, overrides, field):
    values = {
        "municipality_id": municipality_id(WAKAYAMA),
        "fiscal_year": 2025,
        "kind": ResponseKind.BASELINE,
        **overrides,
    }
    with pytest.raises(ValidationError) as info:
        create_response(session, **values)
    assert info.value.field == field
    assert count(session, AssessmentResponse) == 0


def test_responses_and_answers_are_queued_for_sync(session):
    response = baseline(session)
    set_answers(session, response.id, {"GEN-AW-01": "b", "DAT-AW-02": True})
    tables = pending_by_table(session)
    assert tables == {"assessment_response": 1, "answer": 2}


def pending_by_table(session) -> dict[str, int]:
    rows = session.execute(
        select(PendingChange.table_name, func.count()).group_by(PendingChange.table_name)
    )
    return dict(rows.all())

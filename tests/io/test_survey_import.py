"""Importing a training's survey: the form services' exports, all or nothing, idempotent."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dxfield.errors import ImportFailed
from dxfield.io.survey_import import import_survey, plan_survey
from dxfield.masterdata import municipality_id
from dxfield.models import AttendeeGroup, SurveyAnswer, SurveyResponse
from dxfield.services.surveys import stored_answers
from dxfield.surveys.template import survey_definition, survey_template_for
from tests import factories
from tests.core.test_cli import run_cli
from tests.io import surveyforms
from tests.io.webforms import write_csv, write_xlsx

TOWNS = ["和歌山市", "北山村", "和歌山市", "和歌山県", "和歌山市", "北山村"]


@pytest.fixture
def training(db):
    with db.session() as s:
        return factories.training(s, municipalities=(factories.WAKAYAMA, factories.KITAYAMA)).id


@pytest.fixture
def survey(db, training):
    with db.read_session() as s:
        from dxfield.models import Training

        return survey_definition(survey_template_for(s, s.get(Training, training)))


def _responses(db) -> int:
    with db.read_session() as s:
        return s.scalar(
            select(func.count())
            .select_from(SurveyResponse)
            .where(SurveyResponse.deleted.is_(False))
        )


def test_google_forms_csv_with_a_grid_and_required_marks(db, training, survey, tmp_path):
    path = write_csv(tmp_path / "回答.csv", surveyforms.google_forms_rows(survey, TOWNS))
    with db.session() as s:
        plan = import_survey(s, path, training)
    assert (plan.added, plan.updated, plan.problems) == (6, 0, [])
    assert "UTF-8 (BOM付き)" in plan.source
    used = {c.code for c in plan.columns if c.role == "question"}
    assert used == {item.code for item in survey.items}
    with db.read_session() as s:
        rows = {r.source_ref: r for r in s.scalars(select(SurveyResponse))}
        first = next(r for r in rows.values() if r.submitted_at.second == 0)
        assert first.municipality_id == municipality_id(factories.WAKAYAMA)
        assert first.respondent_group is AttendeeGroup.LEADERS  # 「幹部」
        assert stored_answers(s, first)["CHG-AWARE"] == "5"
        pref = [r for r in rows.values() if r.respondent_group is AttendeeGroup.PREFECTURE]
        assert len(pref) == 1 and pref[0].municipality_id is None  # 「和歌山県」
        themes = [a.value for a in s.scalars(select(SurveyAnswer)) if isinstance(a.value, list)]
        assert ["bpr", "genai"] in themes


def test_the_same_file_again_adds_nothing_and_a_dry_run_writes_nothing(
    db, training, survey, tmp_path
):
    path = write_csv(tmp_path / "回答.csv", surveyforms.google_forms_rows(survey, TOWNS))
    with db.read_session() as s:
        dry = plan_survey(s, path, training)
    assert _responses(db) == 0 and len(dry.records) == 6
    assert "研修: 2025-06-10 DX入門研修「自治体DXマインド」" in dry.render()
    with db.session() as s:
        import_survey(s, path, training)
    with db.session() as s:
        again = import_survey(s, path, training)
    assert again.already_imported and _responses(db) == 6


def test_a_later_microsoft_forms_export_adds_the_new_rows_and_updates_edited_ones(
    db, training, survey, tmp_path
):
    first = surveyforms.microsoft_forms_rows(survey, TOWNS[:4])
    with db.session() as s:
        import_survey(s, write_xlsx(tmp_path / "a.xlsx", first), training)
    later = surveyforms.microsoft_forms_rows(survey, TOWNS)
    aware = later[0].index(survey.item("CHG-AWARE").text)
    later[2][aware] = "そう思わない"  # respondent ID 2 changed an answer in the form
    with db.session() as s:
        plan = import_survey(s, write_xlsx(tmp_path / "b.xlsx", later), training)
    assert (plan.added, plan.updated, plan.count("unchanged")) == (2, 1, 3)
    assert _responses(db) == 6
    with db.read_session() as s:
        edited = s.scalars(select(SurveyResponse).where(SurveyResponse.source_ref == "id:2")).one()
        assert stored_answers(s, edited)["CHG-AWARE"] == "1"


def test_logo_form_csv_in_cp932(db, training, survey, tmp_path):
    path = write_csv(tmp_path / "logo.csv", surveyforms.logo_rows(survey, TOWNS), encoding="cp932")
    with db.session() as s:
        plan = import_survey(s, path, training)
    assert plan.added == 6 and "CP932" in plan.source
    with db.read_session() as s:
        refs = set(s.scalars(select(SurveyResponse.source_ref)))
    assert refs == {f"id:R{1000 + n}" for n in range(6)}


def test_one_bad_answer_stops_the_whole_file_and_names_row_and_column(
    db, training, survey, tmp_path
):
    rows = surveyforms.google_forms_rows(survey, TOWNS)
    column = next(i for i, h in enumerate(rows[0]) if survey.item("SAT-CLEAR").text in h)
    rows[4][column] = "とても良かった"
    path = write_csv(tmp_path / "回答.csv", rows)
    with db.session() as s, pytest.raises(ImportFailed) as info:
        import_survey(s, path, training)
    [problem] = info.value.problems
    assert problem.row == 5 and problem.column == rows[0][column]
    assert "'とても良かった' is not one of" in problem.message
    assert _responses(db) == 0


def _without_change_items(rows):
    keep = [i for i, h in enumerate(rows[0]) if surveyforms.GRID_TITLE not in h]
    return [[row[i] for i in keep] for row in rows]


def _assessment_export(_rows):
    return [
        ["タイムスタンプ", "市町村名", "1. 首長がDX推進の意義を発信している"],
        ["2025/06/10 15:00:00", "和歌山市", "はい"],
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_without_change_items, "no column for item CHG-AWARE"),
        (_assessment_export, "no column matches an item"),
        (lambda rows: [*rows[:2], rows[1]], "also in row 2"),
        (lambda rows: [*rows[:2], [rows[2][0], "大阪市", *rows[2][2:]]], "unknown municipality"),
        (lambda rows: [*rows[:2], [*rows[2][:2], "課長補佐", *rows[2][3:]]], "'課長補佐' is not"),
    ],
)
def test_files_that_cannot_be_right_are_refused(db, training, survey, tmp_path, change, message):
    rows = change(surveyforms.google_forms_rows(survey, TOWNS))
    path = write_csv(tmp_path / "回答.csv", rows)
    with db.read_session() as s:
        plan = plan_survey(s, path, training)
    assert any(message in str(p) for p in plan.problems), plan.render()
    with db.session() as s, pytest.raises(ImportFailed):
        import_survey(s, path, training)
    assert _responses(db) == 0


def test_a_file_already_imported_for_another_training_is_refused(db, training, survey, tmp_path):
    path = write_csv(tmp_path / "回答.csv", surveyforms.google_forms_rows(survey, TOWNS))
    with db.session() as s:
        import_survey(s, path, training)
        other = factories.training(s, title="別の研修").id
    with db.read_session() as s:
        plan = plan_survey(s, path, other)
    assert "imported on" in str(plan.problems[0]) and "another training" in str(plan.problems[0])


def test_notes_say_what_is_not_used_and_who_is_not_registered(db, training, survey, tmp_path):
    rows = surveyforms.google_forms_rows(survey, ["紀美野町", "和歌山市"])
    rows[0].append("ご意見（自由記述・その他）")
    for row in rows[1:]:
        row.append("")
    path = write_csv(tmp_path / "回答.csv", rows)
    with db.read_session() as s:
        plan = plan_survey(s, path, training)
    assert plan.problems == []
    text = plan.render()
    assert "紀美野町 はこの研修の参加市町村に登録されていません（行 2）" in text
    assert "ご意見（自由記述・その他）" in text and "使用しません" in text


def test_cli_dry_run_then_import(capsys, data_dir, db, training, survey, tmp_path):
    path = write_csv(tmp_path / "回答.csv", surveyforms.google_forms_rows(survey, TOWNS))
    code, out, _ = run_cli(
        capsys,
        "--data-dir",
        str(data_dir),
        "import",
        "survey",
        str(path),
        "--training",
        training,
        "--dry-run",
    )
    assert code == 0 and "設問 CHG-AWARE（設問文で対応）" in out and "問題はありません。" in out
    assert _responses(db) == 0
    code, out, _ = run_cli(
        capsys, "--data-dir", str(data_dir), "import", "survey", str(path), "--training", training
    )
    assert code == 0 and "新規 6 件" in out
    code, _out, err = run_cli(
        capsys, "--data-dir", str(data_dir), "import", "survey", str(path), "--training", "nope"
    )
    assert code == 2 and "見つかりません" in err

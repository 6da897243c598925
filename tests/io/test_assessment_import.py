"""Web-form answers come in without retyping, or not at all with every problem named."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from dxfield.assessment.engine import score_response
from dxfield.errors import ImportFailed, ImportProblem
from dxfield.io.assessment_import import import_assessments, plan_assessments
from dxfield.masterdata import municipality_id
from dxfield.models import (
    AssessmentResponse,
    ImportBatch,
    PendingChange,
    ResponseKind,
    ResponseSource,
)
from dxfield.services.assessments import answers_by_code, get_response
from tests.io import webforms
from ui.main import main

SPRING = [
    ("2025/04/25 10:32:11", "和歌山市", 0),
    ("2025/04/28 9:05:40", "北山村", 1),
    ("2025/05/02 16:47:03", "和歌山県すさみ町", 2),
]


def _nothing_written(db) -> None:
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(AssessmentResponse)) == 0
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 0
        tables = set(s.scalars(select(PendingChange.table_name)))
        assert not tables & {"assessment_response", "answer"}


def _problems(db, path, **kw) -> list[ImportProblem]:
    with db.session() as s, pytest.raises(ImportFailed) as failed:
        import_assessments(s, path, **kw)
    _nothing_written(db)
    return failed.value.problems


def test_google_forms_utf8_bom(db, tmp_path):
    defn = webforms.sheet(db)
    path = webforms.write_csv(tmp_path / "回答.csv", webforms.google_forms_rows(defn, SPRING))
    with db.session() as s:
        plan = import_assessments(s, path)
    assert plan.source == "CSV, UTF-8 (BOM付き)"
    assert [(r.municipality, r.fiscal_year, r.kind) for r in plan.records] == [
        ("和歌山市", 2025, ResponseKind.BASELINE),
        ("北山村", 2025, ResponseKind.BASELINE),
        ("すさみ町", 2025, ResponseKind.BASELINE),
    ]
    with db.read_session() as s:
        response = get_response(s, municipality_id("304271"), 2025, ResponseKind.BASELINE)
        assert response.answered_on == date(2025, 4, 28)
        assert response.respondent == "総務課 山田"
        assert response.source == ResponseSource.WEB_FORM
        answers = answers_by_code(s, response)
        assert len(answers) == len(defn.questions)
        first = defn.questions[0]
        assert answers[first.code] == first.choices[1].value  # label mapped to its value
        assert score_response(s, response).completeness == 1.0


def test_the_same_file_again_adds_nothing(db, tmp_path):
    defn = webforms.sheet(db)
    path = webforms.write_csv(tmp_path / "a.csv", webforms.google_forms_rows(defn, SPRING[:1]))
    with db.session() as s:
        import_assessments(s, path)
    with db.session() as s:
        again = import_assessments(s, path)
    assert again.already_imported
    # The same answers in another file (re-downloaded export) are recognised too.
    copy = webforms.write_csv(
        tmp_path / "b.csv", [*webforms.google_forms_rows(defn, SPRING[:1]), []]
    )
    with db.session() as s:
        plan = import_assessments(s, copy)
    assert [r.unchanged for r in plan.records] == [True]
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(AssessmentResponse)) == 1


def test_microsoft_forms_xlsx_with_semicolon_choices(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.microsoft_forms_rows(defn, [("2026/1/20 14:03:00", "田辺市", 2)])
    path = webforms.write_xlsx(tmp_path / "DX評価.xlsx", rows)
    with db.session() as s:
        plan = import_assessments(s, path, kind="evaluation")
    roles = {c.header: c.role for c in plan.columns}
    assert roles["名前"] == "ignored" and roles["回答者"] == "respondent"
    assert roles["ID"] == "response_id" and roles["完了時刻"] == "timestamp"
    record = plan.records[0]
    # January 2026 belongs to programme year 2025 (年度).
    assert (record.fiscal_year, record.kind, record.respondent) == (
        2025,
        ResponseKind.EVALUATION,
        "企画課 鈴木",
    )
    multi = next(q for q in defn.questions if q.answer_type.value == "multi_choice")
    assert len(record.answers[multi.code]) == 3


def test_microsoft_forms_one_ticked_choice_with_its_trailing_separator(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.microsoft_forms_rows(defn, [("2025/6/2 9:00:00", "田辺市", 0)])
    multi = [q for q in defn.questions if q.answer_type.value == "multi_choice"]
    assert rows[1][7 + defn.questions.index(multi[0])].count(";") == 1  # 「RPA;」
    path = webforms.write_csv(tmp_path / "ms.csv", rows)
    with db.session() as s:
        plan = import_assessments(s, path)
    assert all(len(plan.records[0].answers[q.code]) == 1 for q in multi)


def test_municipality_code_in_the_name_column(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, [("2025/05/07 11:00:00", "304280", 0)])
    rows.append(list(rows[1]))
    rows[2][1], rows[2][0] = "３０２０１５", "2025/05/08 9:00:00"  # full-width, as typed
    path = webforms.write_xlsx(tmp_path / "codes.xlsx", rows)
    with db.session() as s:
        plan = import_assessments(s, path)
    assert [r.municipality for r in plan.records] == ["串本町", "和歌山市"]


def test_logo_form_cp932_by_municipality_code(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, [("2025-05-07 11:00:00", "", 0)])
    rows[0][0], rows[0][1] = "受付日時", "団体コード"
    rows[1][1] = "304280"
    path = webforms.write_csv(tmp_path / "logo.csv", rows, encoding="cp932")
    with db.session() as s:
        plan = import_assessments(s, path)
    assert plan.source == "CSV, CP932 (Shift_JIS)"
    assert plan.records[0].municipality == "串本町"


def test_missing_column_is_named(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, SPRING)
    for row in rows:
        del row[3]  # the first question
    path = webforms.write_csv(tmp_path / "short.csv", rows)
    problems = _problems(db, path)
    first = defn.questions[0]
    assert [(p.row, p.column) for p in problems] == [(1, first.code)]
    assert "no column for question" in problems[0].message


def test_every_bad_cell_is_reported_by_row_and_column(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, SPRING)
    headers = rows[0]
    number = next(i for i, q in enumerate(defn.questions) if q.answer_type.value == "number")
    single = 0
    rows[1][3 + number] = "9999"  # out of range
    rows[2][1] = "大阪市"  # not one of ours
    rows[3][3 + single] = "たぶん"  # not a choice
    path = webforms.write_csv(tmp_path / "bad.csv", rows)
    problems = _problems(db, path)
    located = {(p.row, p.column) for p in problems}
    assert located == {
        (2, headers[3 + number]),
        (3, "市町村名"),
        (4, headers[3 + single]),
    }
    text = "\n".join(str(p) for p in problems)
    assert "above the maximum" in text and "大阪市" in text and "たぶん" in text


def test_duplicated_rows(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, [*SPRING, ("2025/05/09 8:00:00", "北山村", 3)])
    problems = _problems(db, webforms.write_csv(tmp_path / "dup.csv", rows))
    assert [(p.row, p.column) for p in problems] == [(5, "市町村名")]
    assert "also in row 3" in problems[0].message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n\r\n", "empty"),
        ("タイムスタンプ,市町村名\r\n".encode("utf-8-sig"), "no answers"),
        (bytes(range(256)) * 64, "not a text"),
        (b"\x89PNG\r\n\x1a\n" + bytes(2000), "not a text"),
        (b"PK\x03\x04" + b"\x00" * 100, "not a readable Excel"),
    ],
)
def test_unreadable_files_give_one_clear_message(db, tmp_path, content, expected):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with db.session() as s, pytest.raises((ImportProblem, ImportFailed)) as failed:
        import_assessments(s, path, year=2025)
    problems = getattr(failed.value, "problems", [failed.value])
    assert expected in problems[0].message
    _nothing_written(db)


def test_too_many_rows_are_refused_naming_the_first_extra_row(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, SPRING[:1])
    line = ",".join(f'"{v}"' for v in rows[1]).encode("utf-8") + b"\r\n"
    path = tmp_path / "many.csv"
    with path.open("wb") as fh:
        fh.write(",".join(rows[0]).encode("utf-8-sig") + b"\r\n")
        fh.write(line * 5000)
    with db.session() as s, pytest.raises(ImportProblem) as problem:
        import_assessments(s, path)
    assert problem.value.row == 3002 and "more than the 3,000" in problem.value.message
    _nothing_written(db)


def test_a_50_mb_file_is_refused_before_it_is_read(db, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with db.session() as s, pytest.raises(ImportProblem) as problem:
        import_assessments(s, path)
    assert "it is 50.0 MB, more than the 20.0 MB" in problem.value.message
    _nothing_written(db)


def test_an_existing_different_response_is_not_overwritten(db, tmp_path):
    defn = webforms.sheet(db)
    first = webforms.write_csv(tmp_path / "a.csv", webforms.google_forms_rows(defn, SPRING[:1]))
    with db.session() as s:
        import_assessments(s, first)
    changed = [("2025/05/20 10:00:00", "和歌山市", 1)]
    second = webforms.write_csv(tmp_path / "b.csv", webforms.google_forms_rows(defn, changed))
    with db.session() as s, pytest.raises(ImportFailed) as failed:
        import_assessments(s, second)
    assert "already has a 2025年度" in failed.value.problems[0].message
    assert "--replace" in failed.value.problems[0].located()


def test_a_corrected_file_replaces_the_stored_response_when_asked(capsys, data_dir, db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.microsoft_forms_rows(defn, [("2025/5/20 10:00:00", "和歌山市", 0)])
    first = webforms.write_csv(tmp_path / "a.csv", rows)
    single = next(i for i, q in enumerate(defn.questions) if q.answer_type.value == "single_choice")
    question = defn.questions[single]
    rows[1][7 + single] = question.choices[-1].label  # the corrected answer
    corrected = webforms.write_csv(tmp_path / "b.csv", rows)
    cli = ["--data-dir", str(data_dir), "import", "assessments"]
    assert main([*cli, str(first)]) == 0
    with db.read_session() as s:
        old_id = get_response(s, municipality_id("302015"), 2025, ResponseKind.BASELINE).id

    assert main([*cli, str(corrected), "--dry-run", "--replace"]) == 0
    out = capsys.readouterr().out
    assert "登録済みの回答を置き換え（変わる設問 1 問）" in out
    before, after = question.choices[0].label, question.choices[-1].label
    assert f"      {question.code}: {before} → {after}" in out

    assert main([*cli, str(corrected), "--replace"]) == 0
    out = capsys.readouterr().out
    assert (
        "変更の前にバックアップを作成しました" in out
        and "1 件は登録済みの回答を置き換えました" in out
    )
    assert list((data_dir / "backups").glob("*-before-replace-*.sqlite3"))
    with db.read_session() as s:
        response = get_response(s, municipality_id("302015"), 2025, ResponseKind.BASELINE)
        assert response.id != old_id
        assert answers_by_code(s, response)[question.code] == question.choices[-1].value
        assert s.get(AssessmentResponse, old_id).deleted


def test_a_stored_response_can_be_deleted_from_the_cli(capsys, data_dir, db, tmp_path):
    defn = webforms.sheet(db)
    path = webforms.write_csv(tmp_path / "a.csv", webforms.google_forms_rows(defn, SPRING[:1]))
    with db.session() as s:
        import_assessments(s, path)
    delete = ["--data-dir", str(data_dir), "assessment", "delete", "和歌山市", "--year", "2025"]
    assert main([*delete, "--kind", "baseline"]) == 2  # no terminal to confirm on
    assert "削除を中止しました" in capsys.readouterr().err
    assert main([*delete, "--kind", "baseline", "--yes"]) == 0
    assert "和歌山市 2025年度" in capsys.readouterr().out
    with db.read_session() as s:
        assert get_response(s, municipality_id("302015"), 2025, ResponseKind.BASELINE) is None
    assert main([*delete, "--kind", "baseline", "--yes"]) == 2
    assert "見つかりません" in capsys.readouterr().err


def test_dry_run_shows_mapping_and_problems_and_writes_nothing(capsys, data_dir, db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, SPRING)
    rows[0].append("備考")
    rows[2][1] = "大阪市"
    for row in rows[1:]:
        row.append("")
    path = webforms.write_csv(tmp_path / "dry.csv", rows)
    code = main(["--data-dir", str(data_dir), "import", "assessments", str(path), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 2
    assert "タイムスタンプ → 回答日時" in out
    assert f"→ 設問 {defn.questions[0].code}（設問文で対応）" in out
    assert "列 '備考' はどの設問にも対応しないため使用しません" in out
    assert "  - 3 行目・B列「市町村名」: 「大阪市」は県内30市町村のどれでもありません" in out
    _nothing_written(db)


def test_cli_import_failure_is_a_message_not_a_traceback(capsys, data_dir, tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 64)
    code = main(["--data-dir", str(data_dir), "import", "assessments", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "何も書き込んでいません" in err and "テキスト（CSV）ファイルではありません" in err
    assert "Traceback" not in err


def test_plan_reports_the_year_it_cannot_tell(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, SPRING[:1])
    for row in rows:
        del row[0]  # no timestamp
    path = webforms.write_csv(tmp_path / "noyear.csv", rows)
    with db.read_session() as s:
        plan = plan_assessments(s, path)
        assert [p.message for p in plan.problems] == [
            "the file does not say the year (年度): give --year, e.g. 2025"
        ]
        assert plan_assessments(s, path, year=2025).problems == []

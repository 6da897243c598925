"""Export, import into a fresh data dir, export again: the same file. And the Excel sheet."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from dxfield.db import open_database
from dxfield.errors import ImportFailed
from dxfield.io.assessment_export import export_assessments
from dxfield.io.assessment_import import import_assessments
from dxfield.io.blank_sheet import META_SHEET, SHEET, write_blank_sheet
from dxfield.io.cells import answer_input
from dxfield.masterdata import ensure_master_data, municipality_id
from dxfield.models import AnswerType, ResponseKind, ResponseSource
from dxfield.services.assessments import answers_by_code, create_response, get_response, set_answers
from tests.io import webforms
from ui.main import main


def _fill(session, defn, town: str, year: int, kind: ResponseKind, variant: int) -> None:
    response = create_response(
        session,
        municipality_id=municipality_id(town),
        fiscal_year=year,
        kind=kind,
        answered_on=date(year, 5, 1 + variant),
        respondent=f"担当者{variant}",
    )
    answers = {}
    for n, q in enumerate(defn.questions):
        if (n + variant) % 7 == 0:
            continue  # leave some unanswered
        answers[q.code] = answer_input(q, webforms.answer_label(q, variant + n, joiner=";"))
    answers["FREE-01"] = "窓口の混雑、\n紙の申請書が多い。「書かない窓口」を検討中"
    # Text a spreadsheet would run: exported as text, and read back as it was.
    tricky = ['=HYPERLINK("http://example.com")', "+81 73-441-0000", "-", "'=quoted"]
    answers["FREE-02"] = tricky[variant % len(tricky)]
    set_answers(session, response.id, answers)


@pytest.fixture
def answered(db):
    defn = webforms.sheet(db)
    with db.session() as s:
        _fill(s, defn, "302015", 2025, ResponseKind.BASELINE, 0)
        _fill(s, defn, "304271", 2025, ResponseKind.BASELINE, 1)
        _fill(s, defn, "302015", 2025, ResponseKind.EVALUATION, 2)
        _fill(s, defn, "302066", 2024, ResponseKind.BASELINE, 3)
    return db


def _fresh(tmp_path, name):
    fresh = open_database(tmp_path / name / "dxfield.sqlite3")
    with fresh.session() as s:
        ensure_master_data(s)
    return fresh


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_csv_round_trip_gives_the_same_file(answered, tmp_path, encoding):
    first = tmp_path / "first.csv"
    with answered.read_session() as s:
        assert export_assessments(s, first) == 4
    data = first.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    sent = tmp_path / "sent.csv"
    sent.write_bytes(data.decode("utf-8-sig").encode(encoding))

    fresh = _fresh(tmp_path, "fresh")
    with fresh.session() as s:
        plan = import_assessments(s, sent)
    assert len(plan.records) == 4 and not plan.problems
    again = tmp_path / "again.csv"
    with fresh.read_session() as s:
        export_assessments(s, again)
    fresh.close()
    assert again.read_bytes() == data


def test_xlsx_round_trip(answered, tmp_path):
    first = tmp_path / "first.xlsx"
    with answered.read_session() as s:
        export_assessments(s, first)
    fresh = _fresh(tmp_path, "fresh")
    with fresh.session() as s:
        import_assessments(s, first)
    second = tmp_path / "second.xlsx"
    with fresh.read_session() as s:
        export_assessments(s, second)
        assert get_response(s, municipality_id("302066"), 2024, ResponseKind.BASELINE)
    fresh.close()

    def cells(path):
        return [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]

    assert cells(second) == cells(first)


def test_cli_export_assessments(capsys, data_dir, answered, tmp_path):
    out = tmp_path / "回答一覧.csv"
    assert main(["--data-dir", str(data_dir), "export", "assessments", "-o", str(out)]) == 0
    assert "4 件" in capsys.readouterr().out
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("年度,区分,団体コード,市町村,回答日,回答者,テンプレート,GEN-AW-01 ")


def _fill_sheet(path, defn, *, number: object = 5) -> None:
    wb = load_workbook(path)
    ws, meta = wb[SHEET], wb[META_SHEET]
    ws["B7"] = date(2025, 5, 8)
    ws["B8"] = "総務課 DX推進係 田中"
    r = 4
    while meta.cell(r, 1).value:
        cell, code, choice = (meta.cell(r, c).value for c in (1, 2, 3))
        q = defn.question(code)
        if choice:
            ws[cell] = "○" if choice == q.choices[0].value else None
        elif q.answer_type is AnswerType.SINGLE_CHOICE:
            ws[cell] = q.choices[-1].label
        elif q.answer_type is AnswerType.YES_NO:
            ws[cell] = "はい"
        elif q.answer_type is AnswerType.NUMBER:
            ws[cell] = number
        else:
            ws[cell] = "特になし"
        r += 1
    wb.save(path)


def test_blank_sheet_filled_in_imports_with_the_same_command(capsys, data_dir, db, tmp_path):
    defn = webforms.sheet(db)
    path = tmp_path / "アセスメントシート_北山村.xlsx"
    args = ["--data-dir", str(data_dir), "assessment", "blank-sheet", "-o", str(path)]
    assert main([*args, "--municipality", "304271", "--year", "2025"]) == 0
    capsys.readouterr()
    wb = load_workbook(path)
    ws = wb[SHEET]
    assert ws["B4"].value == "北山村" and ws["B5"].value == 2025
    assert ws.protection.sheet  # layout locked, answer cells open
    assert ws.data_validations.dataValidation  # drop-downs
    assert wb[META_SHEET].sheet_state == "hidden"

    _fill_sheet(path, defn)
    assert main(["--data-dir", str(data_dir), "import", "assessments", str(path)]) == 0
    with db.read_session() as s:
        response = get_response(s, municipality_id("304271"), 2025, ResponseKind.BASELINE)
        assert response.source == ResponseSource.EXCEL
        assert response.respondent == "総務課 DX推進係 田中"
        answers = answers_by_code(s, response)
    multi = next(q for q in defn.questions if q.answer_type is AnswerType.MULTI_CHOICE)
    assert answers[multi.code] == [multi.choices[0].value]
    assert answers[defn.questions[0].code] == defn.questions[0].choices[-1].value


def test_blank_sheet_problem_points_at_the_cell(db, tmp_path):
    defn = webforms.sheet(db)
    path = tmp_path / "sheet.xlsx"
    write_blank_sheet(path, defn, ["和歌山市", "北山村"], fiscal_year=2025, municipality="北山村")
    _fill_sheet(path, defn, number=-3)
    with db.session() as s, pytest.raises(ImportFailed) as failed:
        import_assessments(s, path)
    numbers = [q for q in defn.questions if q.answer_type is AnswerType.NUMBER]
    assert len(failed.value.problems) == len(numbers)
    problem = failed.value.problems[0]
    assert problem.column == f"回答（{numbers[0].code}）"
    assert load_workbook(path)[SHEET][f"A{problem.row}"].value == numbers[0].code
    assert "below the minimum" in problem.message

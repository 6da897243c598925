"""Files that cannot hurt: every row read, rows cut short refused, bombs refused up front,
damaged workbooks a message, formulas kept as text on the way in and out."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from dxfield.errors import ImportFailed, ImportProblem
from dxfield.io.assessment_export import export_assessments
from dxfield.io.assessment_import import import_assessments, plan_assessments
from dxfield.io.blank_sheet import META_SHEET, write_blank_sheet
from dxfield.io.formulas import csv_escape, csv_unescape, looks_like_formula, needs_guard
from dxfield.io.limits import check_xlsx
from dxfield.io.opendata import import_opendata
from dxfield.masterdata import municipality_id, municipality_rows
from dxfield.models import AssessmentResponse, ResponseKind
from dxfield.services.assessments import answers_by_code, get_response
from tests.io import hostile, webforms
from ui.main import main

MB = 1024 * 1024
TOWNS = [str(r["name"]) for r in municipality_rows()]
CODES = [str(r["code"]) for r in municipality_rows()]


def _answers(n: int) -> list[tuple[str, str, int]]:
    """n responses: each municipality once a year, spring of successive years."""
    return [(f"{2025 - i // 30}/05/01 10:00:00", TOWNS[i % 30], i) for i in range(n)]


def _count(db) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(AssessmentResponse))


def _refused(db, path) -> str:
    with db.session() as s, pytest.raises((ImportProblem, ImportFailed)) as failed:
        import_assessments(s, path, year=2025)
    assert _count(db) == 0
    problems = getattr(failed.value, "problems", [failed.value])
    return "\n".join(str(p) for p in problems)


# -- every row, whatever the sheet says -------------------------------------------------


def test_an_xlsx_whose_dimension_lies_is_read_to_its_last_row(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.microsoft_forms_rows(defn, _answers(90))
    path = hostile.lying_dimension(tmp_path / "dim.xlsx", rows, "A1:BH10")
    with db.session() as s:
        plan = import_assessments(s, path)
    assert len(plan.records) == plan.added == 90
    assert _count(db) == 90


def test_rows_far_down_the_sheet_are_read_and_beyond_excel_refused(db, tmp_path):
    defn = webforms.sheet(db)
    header, first, second = webforms.microsoft_forms_rows(defn, _answers(2))
    path = hostile.numbered_rows(
        tmp_path / "far.xlsx", [(1, header), (2, first), (900_000, second)]
    )
    with db.read_session() as s:
        plan = plan_assessments(s, path)
    assert [r.row for r in plan.records] == [2, 900_000]

    path = hostile.numbered_rows(tmp_path / "beyond.xlsx", [(1, header), (2_000_000, first)])
    assert "numbers a row 2,000,000" in _refused(db, path)


def test_answers_on_the_second_sheet_are_found(db, tmp_path):
    defn = webforms.sheet(db)
    wb = Workbook()
    wb.active.title = "表紙"
    data = wb.create_sheet("回答")
    for row in webforms.microsoft_forms_rows(defn, _answers(2)):
        data.append(row)
    wb.save(tmp_path / "two.xlsx")
    with db.read_session() as s:
        plan = plan_assessments(s, tmp_path / "two.xlsx")
    assert plan.source == "Excel, sheet '回答'" and len(plan.records) == 2


@pytest.mark.parametrize("cut", ["short", "long"])
def test_a_csv_row_cut_short_or_run_on_refuses_the_real_import(capsys, data_dir, db, tmp_path, cut):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, _answers(3))
    if cut == "short":
        rows[2] = rows[2][:12]
    else:
        rows[2] = [*rows[2], "余分な値"]
    path = webforms.write_csv(tmp_path / "cut.csv", rows)
    text = _refused(db, path)
    assert "row 3:" in text
    assert ("12 of the" in text) if cut == "short" else ("first row names only" in text)
    for extra in ([], ["--dry-run"]):
        code = main(["--data-dir", str(data_dir), "import", "assessments", str(path), *extra])
        assert code == 2
        assert "  - 3 行目: この行には" in capsys.readouterr().err
    assert _count(db) == 0


def test_trailing_empty_fields_are_not_a_problem(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, _answers(2))
    rows[1] += ["", ""]
    with db.read_session() as s:
        plan = plan_assessments(s, webforms.write_csv(tmp_path / "t.csv", rows))
    assert not plan.problems and len(plan.records) == 2


def test_the_count_printed_is_the_count_written(capsys, data_dir, db, tmp_path):
    defn = webforms.sheet(db)
    base = [tmp_path / "one.csv", tmp_path / "two.csv"]
    webforms.write_csv(base[0], webforms.google_forms_rows(defn, _answers(2)))
    webforms.write_csv(base[1], [*webforms.google_forms_rows(defn, _answers(3)), []])
    args = ["--data-dir", str(data_dir), "import", "assessments"]
    assert main([*args, str(base[0])]) == 0
    assert "2 件の回答を取り込みました" in capsys.readouterr().out
    assert main([*args, str(base[1])]) == 0
    out = capsys.readouterr().out
    assert "1 件の回答を取り込みました" in out and "登録済みの 2 件" in out
    assert _count(db) == 3


# -- limits before work -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (
            lambda p: hostile.shared_strings_bomb(p, 40 * MB),
            "sharedStrings.xml unpacks to 4",
        ),
        (lambda p: hostile.docprops_bomb(p, 2 * MB), "docProps/core.xml unpacks to"),
        (lambda p: hostile.many_rows(p, 100_000, width=2), "99,999 rows of answers"),
        (lambda p: hostile.many_shared_strings(p, 300_000), "300,000 different texts"),
        (lambda p: hostile.wide_rows(p, 3, 600), "600 columns"),
        (
            lambda p: hostile.write(p, hostile.with_sheet(b'<worksheet><row r="1"><c r="ABCD1"/>')),
            "column ABCD",
        ),
        (
            lambda p: hostile.write(
                p, hostile.with_sheet(b'<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>')
            ),
            "DOCTYPE",
        ),
    ],
    ids=[
        "shared-strings-bomb",
        "docprops-bomb",
        "100k-rows",
        "many-strings",
        "wide",
        "column",
        "doctype",
    ],
)
def test_hostile_workbooks_are_refused_before_openpyxl_reads_them(db, tmp_path, build, expected):
    path = build(tmp_path / "hostile.xlsx")
    assert expected in _refused(db, path)


def test_a_zip_listing_thousands_of_parts_is_refused(db, tmp_path):
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for n in range(30_000):
            z.writestr(f"x/{n}", b"")
    assert "its zip directory lists 30,000 parts" in _refused(db, path)


def test_a_long_cell_is_named_by_row_and_column(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, _answers(2))
    rows[2][-1] = "あ" * 40_000
    text = _refused(db, webforms.write_csv(tmp_path / "long.csv", rows))
    assert "row 3, column" in text and "40,000 characters, more than the 32,767" in text
    rows[2][-1] = "い" * 200_000
    text = _refused(db, webforms.write_csv(tmp_path / "longer.csv", rows))
    assert "more than 131,072 characters" in text and "malformed" not in text
    # openpyxl cuts what it writes at 32,767; another tool may not.
    rows = [(1, ["市町村名", "回答"]), (2, ["和歌山市", "う" * 33_000])]
    path = hostile.write(tmp_path / "long.xlsx", hostile.with_sheet(hostile.sheet_xml(rows)))
    assert "33,000 characters" in _refused(db, path)


def test_a_line_of_a_million_commas_is_refused_without_building_it(db, tmp_path):
    path = tmp_path / "commas.csv"
    path.write_bytes("市町村名,回答\r\n".encode() + b"," * 1_000_000 + b"\r\n")
    assert "columns, more than the 500" in _refused(db, path)


def test_a_big_file_is_refused_by_its_size(db, tmp_path):
    path = tmp_path / "big.xlsx"
    with path.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(21 * MB)
    assert "it is 21.0 MB, more than the 20.0 MB" in _refused(db, path)


# -- damaged workbooks --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda p: hostile.corrupt_member(p), "not a readable Excel"),
        (lambda p: hostile.write(p, hostile.with_sheet(b"<worksheet><sheetData><row")), "damaged"),
        (lambda p: hostile.cell_values(p, ["abc"]), "damaged"),
        (lambda p: hostile.cell_values(p, ["inf"]), "damaged"),
        (lambda p: hostile.cell_values(p, ["nan"]), "damaged"),
        (lambda p: hostile.cell_values(p, ["1e999"]), "not a number Excel can store"),
        (lambda p: hostile.cell_values(p, ["99999999999999"], kind="d"), "damaged"),
        (lambda p: hostile.no_sheets(p), "holds no sheet"),
    ],
    ids=["deflate", "xml", "abc", "inf", "nan", "1e999", "date", "no-sheets"],
)
def test_damaged_workbooks_are_a_message(db, tmp_path, build, expected):
    assert expected in _refused(db, build(tmp_path / "damaged.xlsx"))


def test_a_password_protected_workbook_is_named_as_such(db, tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(500) + "EncryptedPackage".encode("utf-16-le"))
    assert "protected with a password" in _refused(db, path)


def _blank_sheet(db, tmp_path):
    defn = webforms.sheet(db)
    path = tmp_path / "sheet.xlsx"
    write_blank_sheet(path, defn, ["北山村"], fiscal_year=2025, municipality="北山村")
    return path


@pytest.mark.parametrize(
    ("cell", "value", "expected"),
    [
        ("B1", None, "was changed (row 1 of it)"),
        ("B1", "abc", "was changed (row 1 of it)"),
        ("B1", 7, "newer dxfield (sheet format 7)"),
        ("B2", None, "was changed (row 2 of it)"),
        ("A4", "ZZ99", "was changed (row 4 of it)"),
        ("A5", "F999999", "was changed (row 5 of it)"),
        ("B6", 42, "was changed (row 6 of it)"),
        ("A4", None, "was changed (row 4 of it)"),
    ],
)
def test_an_edited_hidden_sheet_is_named(db, tmp_path, cell, value, expected):
    path = _blank_sheet(db, tmp_path)
    wb = load_workbook(path)
    wb[META_SHEET][cell] = value
    wb.save(path)
    assert expected in _refused(db, path)


def test_an_opendata_code_of_1e999_is_a_problem(db, tmp_path):
    path = tmp_path / "od.csv"
    path.write_text("団体コード,地方公共団体名,URL\r\n1e999,和歌山市,https://x\r\n", "utf-8")
    with db.session() as s, pytest.raises(ImportFailed) as failed:
        import_opendata(s, path)
    assert failed.value.problems[0].row == 2
    path.write_text("団体コード,地方公共団体名,URL\r\n302015,和歌山市,=HYPERLINK(1)\r\n", "utf-8")
    with db.session() as s, pytest.raises(ImportFailed) as failed:
        import_opendata(s, path)
    assert "not a web address" in str(failed.value.problems[0])


# -- formulas -------------------------------------------------------------------------------

TRICKY = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.com","詳細")',
    "+81 73-441-0000",
    "-",
    "@SUM(1)",
    "'=already quoted",
    "-2+3+cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("text", [*TRICKY, "-3", "+1.5", "普通の回答", "'apostrophe", "''x"])
def test_csv_escape_is_undone_exactly(text):
    escaped = csv_escape(text)
    assert csv_unescape(escaped) == text
    assert escaped[:1] not in "=+-@\t\r" or escaped in ("-3", "+1.5")


def test_what_is_flagged_and_what_is_guarded():
    assert looks_like_formula("=1+1") and looks_like_formula("@x")
    assert not looks_like_formula("+81 73-441-0000") and not looks_like_formula("-")
    assert needs_guard("+81 73-441-0000") and needs_guard("-") and not needs_guard("-3")


def _free_text_code(defn) -> str:
    return next(q.code for q in defn.questions if q.answer_type.value == "free_text")


def test_formulas_are_flagged_kept_as_text_and_exported_as_text(db, tmp_path):
    defn = webforms.sheet(db)
    code = _free_text_code(defn)
    rows = webforms.google_forms_rows(defn, _answers(len(TRICKY)))
    column = 3 + [q.code for q in defn.questions].index(code)
    for row, text in zip(rows[1:], TRICKY, strict=True):
        row[column] = text
    path = webforms.write_csv(tmp_path / "f.csv", rows)
    with db.read_session() as s:
        plan = plan_assessments(s, path)
    notes = "\n".join(plan.notes)
    assert "「=cmd|' /C calc'!A0」は表計算の数式のように見えます" in notes
    assert "+81" not in notes  # a phone number is what people type
    with db.session() as s:
        import_assessments(s, path)
    with db.read_session() as s:
        stored = {
            answers_by_code(
                s, get_response(s, municipality_id(CODES[i]), 2025, ResponseKind.BASELINE)
            )[code]
            for i in range(len(TRICKY))
        }
        # An apostrophe before a formula is how spreadsheets keep it text: it is dropped.
        assert stored == {csv_unescape(t) for t in TRICKY}
        export_assessments(s, tmp_path / "out.xlsx")
        export_assessments(s, tmp_path / "out.csv")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    ws = load_workbook(tmp_path / "out.xlsx").active
    texts = [c for row in ws.iter_rows() for c in row if c.value in stored]
    assert len(texts) == len(TRICKY)
    assert all(c.data_type == "s" and c.quotePrefix for c in texts if needs_guard(c.value))
    csv_text = (tmp_path / "out.csv").read_text("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in csv_text and "'+81 73-441-0000" in csv_text
    assert ",=" not in csv_text and ',"=' not in csv_text


def test_a_formula_cell_gives_its_saved_result_or_a_problem(db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.microsoft_forms_rows(defn, _answers(1))
    path = webforms.write_xlsx(tmp_path / "f.xlsx", rows)
    number = next(i for i, q in enumerate(defn.questions) if q.answer_type.value == "number")
    wb = load_workbook(path)
    wb.active.cell(2, 8 + number).value = "=1+2"  # openpyxl saves no result with it
    wb.save(path)
    with db.read_session() as s:
        plan = plan_assessments(s, path)
    assert "formula '=1+2' but no result was saved" in "\n".join(map(str, plan.problems))
    # Excel saves the result beside the formula: that value is imported, and said so.
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts[hostile.SHEET].replace(b"<f>1+2</f><v></v>", b"<f>1+2</f><v>3</v>")
    sheet = sheet.replace(b"<f>1+2</f><v />", b"<f>1+2</f><v>3</v>")
    parts[hostile.SHEET] = sheet
    hostile.write(tmp_path / "g.xlsx", parts)
    assert check_xlsx(tmp_path / "g.xlsx", max_rows=10).formulas == 1
    with db.read_session() as s:
        plan = plan_assessments(s, tmp_path / "g.xlsx")
    assert not plan.problems
    assert "数式 =1+2 の計算結果「3」を取り込みます" in "\n".join(plan.notes)

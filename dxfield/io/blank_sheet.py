"""The assessment sheet as an Excel workbook a municipality fills in, and reading it back.

One question per row (a form on paper, not a database table): choices as drop-downs,
numbers and dates validated by Excel, everything but the answer cells locked so the layout
survives. A hidden sheet records which cell answers which question, so the filled workbook
imports with ``dxfield import assessments`` like any web-form export.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .. import fiscal
from ..assessment.definition import TemplateDef
from ..errors import ImportProblem
from ..models import AnswerType, ResponseKind
from .files import atomic_path
from .tables import Table

MARKER = "dxfield-blank-sheet"
FORMAT = 1
META_SHEET = "_dxfield"
SHEET = "アセスメントシート"
ANSWER_COLUMN = "F"
FIRST_QUESTION_ROW = 11
MARKS_NOT_CHOSEN = {"", "×", "x", "X", "-", "ー", "いいえ"}

FACTS = (  # (row, label shown, header the importer knows)
    (4, "市町村名", "市町村"),
    (5, "年度", "年度"),
    (6, "区分", "区分"),
    (7, "回答日", "回答日"),
    (8, "回答者（所属・氏名）", "回答者"),
)

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")

INSTRUCTIONS = (
    "黄色のセルに入力してください。選択肢はセルを選ぶと表示される▼から選びます。"
    "「当てはまるものをすべて」の設問は、該当する選択肢の行に ○ を選んでください。"
    "入力後、このファイルのまま県（DXアドバイザー）へお送りください。"
)


def _unlock(cell) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = INPUT_FILL
    cell.border = BOX


def write_blank_sheet(
    path: Path,
    defn: TemplateDef,
    municipalities: list[str],
    *,
    fiscal_year: int | None = None,
    kind: ResponseKind = ResponseKind.BASELINE,
    municipality: str | None = None,
) -> Path:
    """Write the fillable workbook for ``defn`` to ``path`` (.xlsx)."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    meta["A1"], meta["B1"] = MARKER, FORMAT
    meta["A2"], meta["B2"] = "template_version", defn.template_version

    lists: list[list[str]] = []

    def list_range(values: list[str]) -> str:
        lists.append(values)
        letter = get_column_letter(7 + len(lists))  # H onwards
        return f"{quote_sheetname(META_SHEET)}!${letter}$1:${letter}${len(values)}"

    def dropdown(cell: str, values: list[str]) -> None:
        dv = DataValidation(type="list", formula1=list_range(values), allow_blank=True)
        dv.error = "一覧から選んでください"
        dv.errorTitle = "選択肢にない値です"
        ws.add_data_validation(dv)
        dv.add(cell)

    ws["A1"] = defn.name
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = INSTRUCTIONS
    ws["A2"].alignment = WRAP
    ws.merge_cells("A2:F2")
    ws.row_dimensions[2].height = 48
    year = fiscal_year or fiscal.fiscal_year_of(date.today())
    defaults = {4: municipality, 5: year, 6: kind.label, 7: None, 8: None}
    for row, label, _header in FACTS:
        ws.cell(row, 1, label).font = Font(bold=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        cell = ws.cell(row, 2, defaults[row])
        _unlock(cell)
    dropdown("B4", municipalities)
    dropdown("B6", [k.label for k in ResponseKind])
    year_rule = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100")
    date_rule = DataValidation(type="date", operator="greaterThan", formula1="36526")
    ws.add_data_validation(year_rule)
    ws.add_data_validation(date_rule)
    year_rule.add("B5")
    date_rule.add("B7")
    ws["B7"].number_format = "yyyy/mm/dd"

    header_row = FIRST_QUESTION_ROW - 1
    for col, title in enumerate(("コード", "段階", "分野", "設問", "選択肢・単位", "回答"), 1):
        cell = ws.cell(header_row, col, title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
    stages, domains = dict(defn.stages), dict(defn.domains)
    row = FIRST_QUESTION_ROW
    cells: list[tuple[str, str, str]] = []  # (answer cell, question code, choice value)
    for q in defn.questions:
        ws.cell(row, 1, q.code)
        ws.cell(row, 2, stages.get(q.stage or "", ""))
        ws.cell(row, 3, domains.get(q.domain or "", ""))
        text = q.text + ("" if q.required else "（任意）")
        ws.cell(row, 4, text + (f"\n{q.help}" if q.help else ""))
        answer = f"{ANSWER_COLUMN}{row}"
        match q.answer_type:
            case AnswerType.SINGLE_CHOICE:
                ws.cell(row, 5, "\n".join(f"・{c.label}" for c in q.choices))
                dropdown(answer, [c.label for c in q.choices])
                _unlock(ws[answer])
                cells.append((answer, q.code, ""))
            case AnswerType.YES_NO:
                ws.cell(row, 5, "はい／いいえ")
                dropdown(answer, ["はい", "いいえ"])
                _unlock(ws[answer])
                cells.append((answer, q.code, ""))
            case AnswerType.NUMBER:
                bounds = f"{q.min_value:g}〜{q.max_value:g}" if q.max_value is not None else ""
                ws.cell(row, 5, f"数値 {bounds} {q.unit}".strip())
                rule = DataValidation(type="whole" if q.integer else "decimal", operator="between",
                                      formula1=f"{q.min_value or 0:g}",
                                      formula2=f"{q.max_value if q.max_value is not None else 10**9:g}")  # fmt: skip
                ws.add_data_validation(rule)
                rule.add(answer)
                _unlock(ws[answer])
                cells.append((answer, q.code, ""))
            case AnswerType.MULTI_CHOICE:
                ws.cell(row, 5, "当てはまるものすべてに ○")
                for choice in q.choices:
                    row += 1
                    ws.cell(row, 5, choice.label)
                    mark = f"{ANSWER_COLUMN}{row}"
                    dropdown(mark, ["○"])
                    _unlock(ws[mark])
                    cells.append((mark, q.code, choice.value))
            case _:
                ws.cell(row, 5, "自由記述")
                ws.row_dimensions[row].height = 60
                _unlock(ws[answer])
                ws[answer].alignment = WRAP
                cells.append((answer, q.code, ""))
        row += 1
    for r in range(header_row + 1, row):
        for c in range(1, 6):
            ws.cell(r, c).alignment = WRAP
            ws.cell(r, c).border = BOX
    for letter, width in zip("ABCDEF", (11, 16, 12, 60, 36, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_QUESTION_ROW}"
    ws.protection.sheet = True  # no password: it only keeps the layout from slipping
    ws.protection.formatColumns = False
    ws.protection.formatRows = False

    for n, (cell, code, choice) in enumerate(cells, start=4):
        meta.cell(n, 1, cell)
        meta.cell(n, 2, code)
        meta.cell(n, 3, choice)
    meta["A3"] = "cells"
    for index, values in enumerate(lists, start=8):
        for r, value in enumerate(values, start=1):
            meta.cell(r, index, value)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def is_blank_sheet(path: Path) -> bool:
    with path.open("rb") as fh:
        try:
            wb = load_workbook(fh, read_only=True)
        except Exception:  # not ours to judge here: the table reader reports unreadable files
            return False
        try:
            return META_SHEET in wb.sheetnames and wb[META_SHEET]["A1"].value == MARKER
        finally:
            wb.close()


def read_blank_sheet(path: Path) -> Table:
    """The filled sheet as a one-row table, each cell located where the person typed it."""
    with path.open("rb") as fh:
        wb = load_workbook(fh, data_only=True)
    if SHEET not in wb.sheetnames:
        raise ImportProblem(f"the sheet {SHEET!r} is missing from {path.name}")
    ws, meta = wb[SHEET], wb[META_SHEET]
    if meta["B1"].value != FORMAT:
        raise ImportProblem(
            f"{path.name} was written by a newer dxfield (format {meta['B1'].value})"
        )
    headers = [header for _row, _label, header in FACTS] + ["テンプレート"]
    row: list[Any] = [ws[f"B{r}"].value for r, _label, _h in FACTS] + [meta["B2"].value]
    locations = {(0, i): (r, label) for i, (r, label, _h) in enumerate(FACTS)}
    answers: dict[str, Any] = {}
    first_cell: dict[str, str] = {}
    r = 4
    while meta.cell(r, 1).value:
        cell, code, choice = meta.cell(r, 1).value, meta.cell(r, 2).value, meta.cell(r, 3).value
        first_cell.setdefault(code, cell)
        value = ws[cell].value
        if choice:
            chosen = answers.setdefault(code, [])
            if value is not None and str(value).strip() not in MARKS_NOT_CHOSEN:
                chosen.append(choice)
        else:
            answers[code] = value
        r += 1
    for code, value in answers.items():
        locations[(0, len(headers))] = (int(first_cell[code][1:]), f"回答（{code}）")
        headers.append(code)
        row.append(value if value != [] else None)
    wb.close()
    return Table(
        headers=headers,
        rows=[row],
        row_numbers=[FACTS[0][0]],
        source="xlsx",
        sheet=SHEET,
        header_row=FIRST_QUESTION_ROW - 1,
        cell_locations=locations,
    )

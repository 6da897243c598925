"""The assessment sheet as an Excel workbook a municipality fills in, and reading it back.

One question per row (a form on paper, not a database table): choices as drop-downs,
numbers and dates validated by Excel, everything but the answer cells locked so the layout
survives. A hidden sheet records which cell answers which question, so the filled workbook
imports with ``dxfield import assessments`` like any web-form export.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .. import fiscal
from ..assessment.definition import TemplateDef
from ..errors import ImportProblem
from ..messages import msg
from ..models import AnswerType, ResponseKind
from .files import atomic_path
from .limits import WorkbookScan
from .tables import DAMAGE, Table, open_workbook

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
    try:
        with open_workbook(path, read_only=True) as wb:
            return META_SHEET in wb.sheetnames and wb[META_SHEET]["A1"].value == MARKER
    except (ImportProblem, *DAMAGE):
        # Not ours to judge here: the table reader reports unreadable files.
        return False


_ANSWER_CELL = re.compile(rf"{ANSWER_COLUMN}(\d{{1,4}})")


def _layout_changed(path: Path, meta_row: int | None = None) -> ImportProblem:
    where = f"（その {meta_row} 行目）" if meta_row else ""
    where_en = f" (row {meta_row} of it)" if meta_row else ""
    return ImportProblem(
        msg(
            "file.sheet_layout_changed",
            name=path.name,
            meta=META_SHEET,
            where=where,
            where_en=where_en,
        )
    )


def _answer_cells(path: Path, meta, last_row: int) -> list[tuple[str, str, str]]:
    """(cell, question code, choice value) as the hidden sheet lists them, each checked."""
    cells = []
    for r in range(4, meta.max_row + 1):
        cell, code, choice = (meta.cell(r, c).value for c in (1, 2, 3))
        if cell is None and code is None:
            break
        match = _ANSWER_CELL.fullmatch(cell) if isinstance(cell, str) else None
        if (
            match is None
            or not FIRST_QUESTION_ROW <= int(match.group(1)) <= last_row
            or not isinstance(code, str)
            or not code.strip()
            or not isinstance(choice, str | None)
        ):
            raise _layout_changed(path, r)
        cells.append((cell, code.strip(), choice or ""))
    if not cells:
        raise _layout_changed(path)
    return cells


def _formulas_at(path: Path, cells: list[str]) -> dict[str, str]:
    with open_workbook(path, read_only=False, data_only=False) as wb:
        ws = wb[SHEET]
        found = {}
        for cell in cells:
            value = ws[cell].value
            if isinstance(value, str) and value.startswith("="):
                found[cell] = value
            elif value is not None and not isinstance(value, str | int | float | date):
                found[cell] = str(getattr(value, "text", value))
        return found


def read_blank_sheet(path: Path, scan: WorkbookScan | None = None) -> Table:
    """The filled sheet as a one-row table, each cell located where the person typed it.

    ``scan``: what ``check_xlsx`` found (run it first: this loads the whole workbook).
    """
    with open_workbook(path, read_only=False) as wb:
        if SHEET not in wb.sheetnames:
            raise ImportProblem(msg("file.sheet_missing", sheet=SHEET, name=path.name))
        if META_SHEET not in wb.sheetnames:
            raise _layout_changed(path)
        ws, meta = wb[SHEET], wb[META_SHEET]
        version = meta["B1"].value
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
            raise ImportProblem(msg("file.sheet_newer", name=path.name, version=version))
        if version != FORMAT:
            raise _layout_changed(path, 1)
        template = meta["B2"].value
        if not isinstance(template, str) or not template.strip():
            raise _layout_changed(path, 2)
        answer_cells = _answer_cells(path, meta, ws.max_row)
        fact_cells = [f"B{r}" for r, _label, _h in FACTS]
        values = {cell: ws[cell].value for cell in fact_cells}
        values.update({cell: ws[cell].value for cell, _code, _choice in answer_cells})
    formulas = {}
    if scan is None or scan.formulas:
        formulas = _formulas_at(path, list(values))
    headers = [header for _row, _label, header in FACTS] + ["テンプレート"]
    row: list[Any] = [values[cell] for cell in fact_cells] + [template.strip()]
    locations = {(0, i): (r, label) for i, (r, label, _h) in enumerate(FACTS)}
    table_formulas = {(0, i): formulas[c] for i, c in enumerate(fact_cells) if c in formulas}
    answers: dict[str, Any] = {}
    first_cell: dict[str, str] = {}
    for cell, code, choice in answer_cells:
        first_cell.setdefault(code, cell)
        value = values[cell]
        if choice:
            chosen = answers.setdefault(code, [])
            if value is not None and str(value).strip() not in MARKS_NOT_CHOSEN:
                chosen.append(choice)
        else:
            answers[code] = value
    for code, value in answers.items():
        column = len(headers)
        locations[(0, column)] = (int(first_cell[code][1:]), f"回答（{code}）")
        marked = [c for c, k, _ch in answer_cells if k == code and c in formulas]
        if marked:
            table_formulas[(0, column)] = formulas[marked[0]]
        headers.append(code)
        row.append(value if value != [] else None)
    return Table(
        headers=headers,
        rows=[row],
        row_numbers=[FACTS[0][0]],
        source="xlsx",
        sheet=SHEET,
        header_row=FIRST_QUESTION_ROW - 1,
        cell_locations=locations,
        formulas=table_formulas,
    )

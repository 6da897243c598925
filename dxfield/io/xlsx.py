"""Excel workbooks as people at the prefecture expect them: bold frozen header, filters,
readable widths, dates as dates. openpyxl does the format; this only sets house defaults.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .files import atomic_path
from .formulas import needs_guard

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
MAX_WIDTH = 60


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: list[Sequence[Any]] = field(default_factory=list)
    # Number formats by header, e.g. {"開始": "yyyy/mm/dd hh:mm"}.
    formats: dict[str, str] = field(default_factory=dict)


def display_width(value: Any) -> int:
    text = "" if value is None else str(value)
    longest = max(text.split("\n"), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def append_row(ws, values: Sequence[Any]) -> None:
    """Append ``values`` as one row; text is always text, never a formula.

    openpyxl writes a string starting with "=" as a formula. Text a person typed (an answer
    ``=HYPERLINK(…)``, a phone number ``+81 …``) is written as a string cell with Excel's
    quote prefix, so it shows as typed and stays text when someone edits the cell.
    """
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and needs_guard(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def fill_sheet(ws, sheet: Sheet) -> None:
    ws.title = sheet.title[:31]  # Excel's limit on sheet names
    append_row(ws, sheet.headers)
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for row in sheet.rows:
        append_row(ws, row)
    for index, header in enumerate(sheet.headers, start=1):
        letter = get_column_letter(index)
        fmt = sheet.formats.get(header)
        widths = [display_width(header)]
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            widths.append(display_width(cell.value))
            if fmt:
                cell.number_format = fmt
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter].width = min(MAX_WIDTH, max(widths) + 2)
    ws.freeze_panes = "A2"
    if sheet.rows:
        ws.auto_filter.ref = ws.dimensions


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    wb = Workbook()
    for n, sheet in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        fill_sheet(ws, sheet)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path

"""A CSV or Excel file as a header and rows, with every cell locatable by row and column.

Rows are numbered as Excel shows them (the header is row 1), so a message "row 7, column
'Q3 …'" points at the cell the person sees when they open the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import get_column_letter

from ..errors import ImportFailed, ImportProblem
from ..messages import Message, msg
from .encoding import decode_bytes
from .formulas import csv_unescape
from .limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    WorkbookScan,
    check_cell,
    check_file_size,
    check_width,
    check_xlsx,
    too_many_rows,
)

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls, or an .xlsx locked with a password
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# More lines than this past the row limit are counted, not kept.
SLACK_ROWS = 50
MAX_SHAPE_PROBLEMS = 20


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    source: str  # "csv" or "xlsx"
    encoding: str | None = None  # for CSV: the encoding that was used
    sheet: str | None = None
    header_row: int = 1
    # (row index, column index) -> (row number, column label) when cells are not laid out as
    # one record per row (the blank sheet lists questions down the page).
    cell_locations: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)
    # (row index, column index) -> the formula of an .xlsx cell (its value is the result
    # Excel stored, or None when there is none).
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    sha256: str = ""  # of the file's bytes: the same file imported twice adds nothing

    def where(self, row_index: int, col_index: int) -> tuple[int, str]:
        located = self.cell_locations.get((row_index, col_index))
        if located is not None:
            return located
        return self.row_numbers[row_index], self.headers[col_index]

    def problem(self, message: str | Message, row_index: int, col_index: int) -> ImportProblem:
        row, column = self.where(row_index, col_index)
        # A sheet's cells are located by what they hold (cell_locations), not by a column.
        located = (row_index, col_index) in self.cell_locations
        letter = None if located else get_column_letter(col_index + 1)
        return ImportProblem(message, row=row, column=column, letter=letter)

    def describe(self) -> str:
        if self.source == "csv":
            return f"CSV, {self.encoding}"
        return f"Excel, sheet {self.sheet!r}"


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refused before reading if it is larger than any export can be."""
    try:
        check_file_size(path, path.stat().st_size)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportProblem(msg("file.missing", path=path)) from exc
    except IsADirectoryError as exc:
        raise ImportProblem(msg("file.is_folder", path=path)) from exc
    except PermissionError as exc:
        raise ImportProblem(msg("file.permission", path=path)) from exc
    except OSError as exc:
        raise ImportProblem(msg("file.unreadable", path=path, detail=exc.strerror or exc)) from exc


def refuse_binary(path: Path, data: bytes) -> None:
    """Excel files that are not .xlsx: say what to do with them."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data[:1_000_000] or ENCRYPTED_PACKAGE in data[-1_000_000:]:
            raise ImportProblem(msg("file.password", name=path.name))
        raise ImportProblem(msg("file.old_excel", name=path.name))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(records: Sequence[tuple[int, list[Any]]], *, max_rows: int, source: str, **kw) -> Table:
    records = [(n, r) for n, r in records if not all(_blank(v) for v in r)]
    if not records:
        raise ImportProblem(msg("file.empty"))
    header_no, header = records[0]
    headers = ["" if v is None else str(v).strip() for v in header]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportProblem(msg("file.no_header"), row=header_no)
    data = records[1:]
    if len(data) > max_rows:
        raise too_many_rows(len(data), data[max_rows][0], max_rows)
    width = len(headers)
    rows = []
    shape: list[ImportProblem] = []
    for n, r in data:
        _check_values(r, n, headers)
        if source == "csv" and len(r) != width and not _only_blank_beyond(r, width):
            shape.append(_shape_problem(n, len(r), width))
        cells = list(r[:width]) + [None] * (width - len(r))
        rows.append([v.strip() if isinstance(v, str) else v for v in cells])
    if shape:
        # A row cut short (or run on) moves answers to the wrong question or drops them: the
        # whole file is refused, the real import as much as the dry run.
        if len(shape) > MAX_SHAPE_PROBLEMS:
            more = len(shape) - MAX_SHAPE_PROBLEMS
            shape = [
                *shape[:MAX_SHAPE_PROBLEMS],
                ImportProblem(msg("file.more_problem_rows", more=more)),
            ]
        raise ImportFailed(shape)
    return Table(headers, rows, [n for n, _ in data], source, header_row=header_no, **kw)


def _only_blank_beyond(row: list[Any], width: int) -> bool:
    # Trailing empty fields past the last column name (a spreadsheet's stray commas) hold
    # nothing; a short row does not have them.
    return len(row) > width and all(_blank(v) for v in row[width:])


def _shape_problem(row: int, got: int, width: int) -> ImportProblem:
    if got < width:
        return ImportProblem(msg("file.row_cut_short", got=got, width=width), row=row)
    return ImportProblem(msg("file.row_too_long", got=got, width=width), row=row)


def _check_values(row: list[Any], number: int, headers: list[str]) -> None:
    for index, value in enumerate(row):
        column = headers[index] if index < len(headers) else None
        if isinstance(value, str):
            check_cell(value, number, column)
        elif isinstance(value, float) and not math.isfinite(value):
            raise ImportProblem(
                msg("file.bad_number", value=value),
                row=number,
                column=column,
            )


def _lines(text: str, delimiter: str) -> Iterator[str]:
    """The text's lines for the csv reader, refusing a record with too many fields before the
    reader builds it (a line of a million commas would otherwise become a million strings).
    Delimiters inside quotes count too: an upper bound, which real answers stay far below."""
    fields = 0
    quoted = False
    for n, line in enumerate(io.StringIO(text, newline=""), start=1):
        fields += line.count(delimiter)
        if fields > 2 * MAX_COLUMNS:
            check_width(fields + 1, n)
        quoted ^= line.count('"') % 2 == 1
        if not quoted:
            fields = 0
        yield line


def parse_csv(data: bytes, *, max_rows: int) -> Table:
    decoded = decode_bytes(data)
    text = decoded.text
    first = text[:20000].split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(_lines(text, delimiter), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[Any]]] = []
    n = 0
    try:
        for n, row in enumerate(reader, start=1):
            check_width(len(row), n)
            records.append((n, [csv_unescape(v) for v in row]))
            # Header plus max_rows, allowing a few blank lines: past that, only count.
            if len(records) > max_rows + SLACK_ROWS:
                total = n + sum(1 for _ in reader)
                raise too_many_rows(total - 1, max_rows + 2, max_rows)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ImportProblem(
                msg("file.open_quote", limit=csv.field_size_limit(), cell_max=MAX_CELL_CHARS),
                row=n + 1,
            ) from exc
        raise ImportProblem(
            msg("file.bad_csv", detail=exc),
            row=n + 1,
        ) from exc
    return _table(records, max_rows=max_rows, source="csv", encoding=decoded.encoding)


# What openpyxl raises from a damaged part: broken deflate streams, bad XML, a cell that
# says it is a number and is not. Bad XML is a SyntaxError whichever parser openpyxl found:
# ElementTree's ParseError, or lxml's XMLSyntaxError once lxml is installed (python-docx
# brings it).
DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    SyntaxError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
)


def damaged(
    path: Path, exc: BaseException, sheet: str | None = None, after_row: int | None = None
) -> ImportProblem:
    detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    where = f"（シート「{sheet}」の {after_row} 行目より後）" if sheet else ""
    where_en = f" (sheet {sheet!r}, after row {after_row})" if sheet else ""
    return ImportProblem(
        msg("file.damaged", name=path.name, where=where, where_en=where_en, what=what)
    )


@contextmanager
def open_workbook(path: Path, *, read_only: bool, data_only: bool = True) -> Iterator[Any]:
    """openpyxl's workbook, after ``check_xlsx``; damage becomes an ``ImportProblem``."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    with path.open("rb") as fh:
        try:
            # A file object, not the name: openpyxl judges names, and a workbook saved as
            # "回答.csv" by mistake is still a workbook.
            wb = load_workbook(fh, read_only=read_only, data_only=data_only)
        except InvalidFileException as exc:
            raise ImportProblem(msg("file.not_xlsx", name=path.name, detail=exc)) from exc
        except DAMAGE as exc:
            raise damaged(path, exc) from exc
        try:
            yield wb
        finally:
            wb.close()


def _sheet_records(path: Path, ws, max_rows: int) -> list[tuple[int, list[Any]]]:
    # openpyxl's read-only mode trusts the sheet's <dimension>, which many tools write wrong:
    # forget it, so that every row the sheet holds is read.
    ws.reset_dimensions()
    records: list[tuple[int, list[Any]]] = []
    n = 0
    try:
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if not row or all(_blank(v) for v in row):
                continue  # gaps between numbered rows arrive as empty rows
            check_width(len(row), n)
            records.append((n, list(row)))
            if len(records) > max_rows + SLACK_ROWS:
                raise too_many_rows(len(records) - 1, records[max_rows + 1][0], max_rows)
    except DAMAGE as exc:
        raise damaged(path, exc, ws.title, n) from exc
    return records


def _formula_cells(path: Path, sheet_index: int, records) -> dict[tuple[int, int], str]:
    """Formulas of the sheet by (row index, column index) of its non-blank rows."""
    index_of = {number: i for i, (number, _row) in enumerate(records[1:])}
    found: dict[tuple[int, int], str] = {}
    with open_workbook(path, read_only=True, data_only=False) as wb:
        ws = wb.worksheets[sheet_index]
        ws.reset_dimensions()
        try:
            for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if n not in index_of:
                    continue
                for col, value in enumerate(row):
                    if isinstance(value, str) and value.startswith("="):
                        found[(index_of[n], col)] = value
                    elif value is not None and not isinstance(value, str | int | float):
                        found[(index_of[n], col)] = str(getattr(value, "text", value))
        except DAMAGE as exc:
            raise damaged(path, exc) from exc
    return found


def parse_xlsx(
    path: Path, *, max_rows: int, sheet: str | None = None, scan: WorkbookScan | None = None
) -> Table:
    """The first sheet that holds anything (or ``sheet``), every row of it. ``scan``: the
    result of ``check_xlsx`` if the caller ran it already."""
    scan = scan or check_xlsx(path, max_rows=max_rows)
    with open_workbook(path, read_only=True) as wb:
        if sheet is not None and sheet not in wb.sheetnames:
            raise ImportProblem(msg("file.no_such_sheet", name=path.name, sheet=sheet))
        sheets = [wb[sheet]] if sheet is not None else list(wb.worksheets)
        if not sheets:
            raise ImportProblem(msg("file.no_sheet", name=path.name))
        for ws in sheets:
            records = _sheet_records(path, ws, max_rows)
            if records:
                break
        else:
            raise ImportProblem(msg("file.empty"))
        table = _table(records, max_rows=max_rows, source="xlsx", sheet=ws.title)
        sheet_index = wb.worksheets.index(ws)
    if scan.formulas:
        table.formulas = _formula_cells(path, sheet_index, records)
    return table


def read_table(path: Path, *, max_rows: int) -> Table:
    """Read ``path`` (CSV, TSV or .xlsx, told apart by content, not by name)."""
    path = Path(path)
    data = read_bytes(path)
    if data.startswith(XLSX_MAGIC):
        table = parse_xlsx(path, max_rows=max_rows)
    else:
        refuse_binary(path, data)
        table = parse_csv(data, max_rows=max_rows)
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table

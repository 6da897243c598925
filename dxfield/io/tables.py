"""A CSV or Excel file as a header and rows, with every cell locatable by row and column.

Rows are numbered as Excel shows them (the header is row 1), so a message "row 7, column
'Q3 …'" points at the cell the person sees when they open the file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ImportProblem
from .encoding import decode_bytes

# A file larger than this is not an export of a few hundred answers; refuse before reading.
MAX_BYTES = 200 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


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

    def where(self, row_index: int, col_index: int) -> tuple[int, str]:
        located = self.cell_locations.get((row_index, col_index))
        if located is not None:
            return located
        return self.row_numbers[row_index], self.headers[col_index]

    def problem(self, message: str, row_index: int, col_index: int) -> ImportProblem:
        row, column = self.where(row_index, col_index)
        return ImportProblem(message, row=row, column=column)

    def describe(self) -> str:
        if self.source == "csv":
            return f"CSV, {self.encoding}"
        return f"Excel, sheet {self.sheet!r}"


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportProblem(
                f"{path.name} is {size / 1024 / 1024:.0f} MB; that is far more than an export "
                "of the sheet can be — check that this is the right file"
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportProblem(f"there is no file {path}") from exc
    except IsADirectoryError as exc:
        raise ImportProblem(f"{path} is a folder, not a file") from exc
    except OSError as exc:
        raise ImportProblem(f"cannot read {path}: {exc.strerror}") from exc


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(records: Sequence[tuple[int, list[Any]]], *, max_rows: int, source: str, **kw) -> Table:
    records = [(n, r) for n, r in records if not all(_blank(v) for v in r)]
    if not records:
        raise ImportProblem("the file is empty")
    header_no, header = records[0]
    headers = ["" if v is None else str(v).strip() for v in header]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportProblem("the first row holds no column names", row=header_no)
    data = records[1:]
    if len(data) > max_rows:
        raise _too_many(len(data), data[max_rows][0], max_rows)
    width = len(headers)
    rows = []
    for _n, r in data:
        cells = list(r[:width]) + [None] * (width - len(r))
        rows.append([v.strip() if isinstance(v, str) else v for v in cells])
    return Table(headers, rows, [n for n, _ in data], source, header_row=header_no, **kw)


def _too_many(data_rows: int, first_extra: int, max_rows: int) -> ImportProblem:
    return ImportProblem(
        f"the file has {data_rows:,} rows of answers, more than the {max_rows:,} an export "
        "can hold; check that this is the right file (nothing was read from here on)",
        row=first_extra,
    )


def parse_csv(data: bytes, *, max_rows: int) -> Table:
    decoded = decode_bytes(data)
    text = decoded.text
    first = text[:20000].split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[Any]]] = []
    n = 0
    try:
        for n, row in enumerate(reader, start=1):
            records.append((n, row))
            # Header plus max_rows, allowing a few blank lines: past that, only count.
            if len(records) > max_rows + 50:
                total = n + sum(1 for _ in reader)
                raise _too_many(total - 1, max_rows + 2, max_rows)
    except csv.Error as exc:
        raise ImportProblem(
            f"the CSV is malformed near this row ({exc}); save it again from the form or Excel",
            row=n + 1,
        ) from exc
    return _table(records, max_rows=max_rows, source="csv", encoding=decoded.encoding)


def parse_xlsx(path: Path, *, max_rows: int, sheet: str | None = None) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # A file object, not the name: openpyxl judges names, and a workbook saved as
    # "回答.csv" by mistake is still a workbook.
    with path.open("rb") as fh:
        try:
            wb = load_workbook(fh, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise ImportProblem(
                f"{path.name} is not a readable Excel (.xlsx) file ({exc.__class__.__name__})"
            ) from exc
        try:
            ws = wb[sheet] if sheet else wb.worksheets[0]
            records = []
            for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
                records.append((n, list(row)))
                if len(records) > max_rows + 50:
                    total = n + sum(1 for _ in ws.iter_rows(min_row=n + 1, values_only=True))
                    raise _too_many(total - 1, max_rows + 2, max_rows)
            return _table(records, max_rows=max_rows, source="xlsx", sheet=ws.title)
        finally:
            wb.close()


def read_table(path: Path, *, max_rows: int) -> Table:
    """Read ``path`` (CSV, TSV or .xlsx, told apart by content, not by name)."""
    data = read_bytes(Path(path))
    if data.startswith(XLSX_MAGIC):
        return parse_xlsx(Path(path), max_rows=max_rows)
    if data.startswith(OLE_MAGIC):
        raise ImportProblem(
            f"{Path(path).name} is an old Excel (.xls) file; save it as .xlsx or CSV"
        )
    return parse_csv(data, max_rows=max_rows)

"""What an imported file may be, checked before any real work is done on it.

An export of the assessment sheet is a few hundred rows and a few MB. A file far beyond
that is the wrong file, a damaged one or an attack (a "zip bomb" .xlsx whose 4 MB unpack to
1.5 GB): it is refused in well under two seconds and without holding more than a bounded
amount of memory, with a message saying which limit it broke.

For an .xlsx the zip's own directory is read first (its size, each part's unpacked size),
then the sheets are streamed through a small scanner that counts rows holding values, finds
row and column numbers Excel could never write and notes formulas. Only then does openpyxl
see the file. Python's zipfile stops a part at the size its directory declares (a part that
lies about its size fails its checksum), so the declared sizes can be trusted as bounds.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportProblem
from ..messages import msg

MB = 1024 * 1024

# The file on disk: ten years of answers of 30 municipalities fit in a few MB.
MAX_FILE_BYTES = 20 * MB
# Excel's own limits on a cell and a sheet; nothing a form or Excel writes goes beyond them.
MAX_CELL_CHARS = 32_767
EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384
# Columns of one table: the sheet has some 60 questions; a few versions side by side stay
# far below this.
MAX_COLUMNS = 500
# Cells holding a value in one sheet (bounds the time openpyxl takes and the memory rows use).
MAX_CELLS = 600_000
# Unpacked sizes of the parts of an .xlsx.
MAX_SHEET_XML = 64 * MB
MAX_STRINGS_XML = 32 * MB
MAX_SHARED_STRINGS = 200_000
MAX_PROPERTIES_XML = 1 * MB  # docProps/*: a title and an author
MAX_OTHER_PART = 16 * MB  # styles, theme, workbook, drawings
MAX_UNPACKED_TOTAL = 160 * MB
MAX_ZIP_DIRECTORY = 1 * MB  # some 10,000 parts; a workbook has a few dozen

SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
STRINGS_PART = "xl/sharedStrings.xml"
_CHUNK = 1 * MB
_ROW_NUMBER = re.compile(rb'\br="(\d{7,})"')
_WIDE_COLUMN = re.compile(rb'\br="([A-Za-z]{4,})\d')
_COLUMN = re.compile(rb'\br="([A-Za-z]{3})\d')
_STRING_ITEM = re.compile(rb"<(?:\w+:)?si[\s>/]")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row")
_PREFIXED_VALUE_END = re.compile(rb"</\w+:(?:v|is)>")
_VALUE_MARKS = (b"<v>", b"<v ", b"<is>", b"<is ", b":v>", b":is>", b"<f>", b"<f ", b":f>", b":f ")
_FORMULA_MARKS = (b"<f>", b"<f ", b":f>", b":f ")


def size_text(n: int) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB else f"{n / 1024:,.0f} KB"


def _refuse(name: str, detail: str, detail_en: str) -> ImportProblem:
    """``detail`` in Japanese, ``detail_en`` in English: why the file is not read at all."""
    return ImportProblem(msg("file.refused", name=name, detail=detail, detail_en=detail_en))


def check_file_size(path: Path, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise _refuse(
            path.name,
            f"{size_text(size)} あり、シートの書き出しにありうる {size_text(MAX_FILE_BYTES)} を"
            "超えています",
            f"it is {size_text(size)}, more than the {size_text(MAX_FILE_BYTES)} an export of "
            "the sheet can be",
        )


def check_cell(text: str, row: int, column: str | None) -> None:
    if len(text) > MAX_CELL_CHARS:
        raise ImportProblem(
            msg("file.cell_too_long", length=len(text), cell_max=MAX_CELL_CHARS),
            row=row,
            column=column,
        )


def check_width(width: int, row: int) -> None:
    if width > MAX_COLUMNS:
        raise ImportProblem(msg("file.too_many_columns", width=width, limit=MAX_COLUMNS), row=row)


def too_many_rows(data_rows: int, first_extra: int | None, max_rows: int) -> ImportProblem:
    return ImportProblem(msg("file.too_many_rows", rows=data_rows, limit=max_rows), row=first_extra)


@dataclass
class SheetScan:
    """What the scanner saw in one worksheet part."""

    part: str
    data_rows: int = 0
    value_cells: int = 0
    formulas: int = 0
    first_extra_row: int | None = None  # the row number of the first data row past the limit

    def count_row(self, head: bytes, max_rows: int) -> None:
        self.data_rows += 1
        if self.data_rows == max_rows + 2:  # the header, the rows allowed, then this one
            number = re.search(rb'\br="(\d+)"', head)
            self.first_extra_row = int(number.group(1)) if number else None


@dataclass
class WorkbookScan:
    sheets: dict[str, SheetScan] = field(default_factory=dict)

    @property
    def formulas(self) -> int:
        return sum(s.formulas for s in self.sheets.values())


def _directory_size(path: Path) -> tuple[int, int]:
    """(entries, bytes) of the zip's central directory, read from its end record."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        tail_start = max(0, size - 65_557)
        fh.seek(tail_start)
        tail = fh.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            raise ImportProblem(
                msg("file.not_xlsx", name=path.name, detail="damaged: no zip directory")
            )
        entries, directory = struct.unpack("<xxxxxxxxxxHI", tail[at : at + 16])
        if entries == 0xFFFF or directory == 0xFFFFFFFF:
            locator = tail[at - 20 : at] if at >= 20 else b""
            if locator[:4] == b"PK\x06\x07":
                (offset,) = struct.unpack("<Q", locator[8:16])
                fh.seek(offset)
                record = fh.read(56)
                if record[:4] == b"PK\x06\x06":
                    entries, directory = struct.unpack("<QQ", record[32:48])
    return entries, directory


def _limit_of(name: str) -> int:
    if SHEET_PART.fullmatch(name):
        return MAX_SHEET_XML
    if name == STRINGS_PART:
        return MAX_STRINGS_XML
    if name.startswith("docProps/"):
        return MAX_PROPERTIES_XML
    return MAX_OTHER_PART


def _windows(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The part's bytes in pieces that each end just before a ``<``: no tag is cut in two."""
    carry = b""
    with archive.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            if cut <= 0:
                carry = buffer
                continue
            yield buffer[:cut]
            carry = buffer[cut:]
    if carry:
        yield carry


def _scan_sheet(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, max_rows: int
) -> SheetScan:
    scan = SheetScan(info.filename)
    open_row_counted, open_row_head = True, b""
    for window in _windows(archive, info):
        for match in _ROW_NUMBER.finditer(window):
            if int(match.group(1)) > EXCEL_MAX_ROW:
                raise _refuse(
                    name,
                    f"{int(match.group(1)):,} 行目があります（Excel の最終行は {EXCEL_MAX_ROW:,}。"
                    "ファイルが壊れているか、Excel で書かれたものではありません）",
                    f"it numbers a row {int(match.group(1)):,}; Excel's last row is "
                    f"{EXCEL_MAX_ROW:,} (the file is damaged or was not written by Excel)",
                )
        wide = _WIDE_COLUMN.search(window)
        if wide is None:
            wide = next((m for m in _COLUMN.finditer(window) if m.group(1).upper() > b"XFD"), None)
        if wide is not None:
            raise _refuse(
                name,
                f"列 {wide.group(1).decode(errors='replace')} があります（Excel の最終列は XFD。"
                "ファイルが壊れているか、Excel で書かれたものではありません）",
                f"it names a column {wide.group(1).decode(errors='replace')}; Excel's last "
                "column is XFD (the file is damaged or was not written by Excel)",
            )
        prefixed = b":row" in window
        scan.formulas += sum(window.count(mark) for mark in _FORMULA_MARKS)
        scan.value_cells += window.count(b"</v>") + window.count(b"</is>")
        if prefixed:  # <x:row>, <x:v>: rare, so counted the slower way only when they occur
            scan.value_cells += len(_PREFIXED_VALUE_END.findall(window))
        pieces = _ROW_TAG.split(window) if prefixed else window.split(b"<row")
        # A row may go on into the next window: its first piece continues the open row.
        if not open_row_counted and any(mark in pieces[0] for mark in _VALUE_MARKS):
            scan.count_row(open_row_head, max_rows)
            open_row_counted = True
        for piece in pieces[1:]:
            if piece[:1] not in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
                continue  # <rowBreaks> and the like
            open_row_head = piece[:200]
            open_row_counted = any(mark in piece for mark in _VALUE_MARKS)
            if open_row_counted:
                scan.count_row(open_row_head, max_rows)
    return scan


def _scan_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    return sum(len(_STRING_ITEM.findall(window)) for window in _windows(archive, info))


def _doctype(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with archive.open(info) as fh:
        head = fh.read(4096)
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()


def check_xlsx(path: Path, *, max_rows: int) -> WorkbookScan:
    """Refuse ``path`` (an .xlsx) if it breaks a limit; raise ``ImportProblem`` saying which.

    Reads the zip's directory and streams each sheet and the shared strings once; memory
    stays at a few MB whatever the file holds.
    """
    name = path.name
    entries, directory = _directory_size(path)
    if directory > MAX_ZIP_DIRECTORY or entries > MAX_ZIP_DIRECTORY // 46:
        raise _refuse(
            name,
            f"zip の目次に {entries:,} 個の部品があります（{size_text(directory)}）",
            f"its zip directory lists {entries:,} parts ({size_text(directory)})",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = 0
            for info in infos:
                limit = _limit_of(info.filename)
                if info.file_size > limit:
                    raise _refuse(
                        name,
                        f"部品 {info.filename} は展開すると {size_text(info.file_size)} になり、"
                        f"上限の {size_text(limit)} を超えています（zip 爆弾か壊れたファイル）",
                        f"its part {info.filename} unpacks to {size_text(info.file_size)}, more "
                        f"than the {size_text(limit)} such a part can be (a zip bomb or a damaged "
                        "file)",
                    )
                total += info.file_size
            if total > MAX_UNPACKED_TOTAL:
                raise _refuse(
                    name,
                    f"展開すると {size_text(total)} になり、{size_text(MAX_UNPACKED_TOTAL)} を"
                    "超えています",
                    f"it unpacks to {size_text(total)}, more than {size_text(MAX_UNPACKED_TOTAL)}",
                )
            scan = WorkbookScan()
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and _doctype(archive, info):
                    raise _refuse(
                        name,
                        f"部品 {info.filename} に DOCTYPE の宣言があります（Excel は書きません）",
                        f"its part {info.filename} declares a DOCTYPE (Excel never does)",
                    )
                if info.filename == STRINGS_PART:
                    count = _scan_strings(archive, info)
                    if count > MAX_SHARED_STRINGS:
                        raise _refuse(
                            name,
                            f"異なる文字列が {count:,} 個あり、シートの書き出しにありうる "
                            f"{MAX_SHARED_STRINGS:,} 個を超えています",
                            f"it holds {count:,} different texts, more than the "
                            f"{MAX_SHARED_STRINGS:,} an export of the sheet can have",
                        )
                elif SHEET_PART.fullmatch(info.filename):
                    sheet = _scan_sheet(archive, info, name, max_rows)
                    if sheet.data_rows > max_rows + 1:  # + 1: the header
                        raise too_many_rows(sheet.data_rows - 1, sheet.first_extra_row, max_rows)
                    if sheet.value_cells > MAX_CELLS:
                        raise _refuse(
                            name,
                            f"値のあるセルが {sheet.value_cells:,} 個あり、シートの書き出しに"
                            f"ありうる {MAX_CELLS:,} 個を超えています",
                            f"a sheet holds {sheet.value_cells:,} cells with values, more than "
                            f"the {MAX_CELLS:,} an export of the sheet can have",
                        )
                    scan.sheets[info.filename] = sheet
            return scan
    except ImportProblem:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise ImportProblem(msg("file.not_xlsx", name=name, detail=f"damaged: {exc}")) from exc
    except (zlib.error, OSError, RuntimeError, ValueError) as exc:
        # Broken deflate streams, encrypted parts and truncated files arrive as these.
        raise ImportProblem(msg("file.not_xlsx", name=name, detail=f"damaged: {exc}")) from exc

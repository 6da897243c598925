"""Builders of hostile and damaged workbooks: bombs, lying dimensions, broken cells.

Each builder writes a real .xlsx (a zip of XML parts) the way a careless tool, a damaged disk
or an attacker would, starting from a small valid workbook written by openpyxl. Used by the
import tests, the fuzz test and ``tests/bench/bench_hostile.py``.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
CONTENT_TYPES = "[Content_Types].xml"
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
STRINGS_REL = (
    '<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
)

Part = bytes | Callable[[], Iterable[bytes]]


def base_parts(rows: list[list[object]] | None = None) -> dict[str, bytes]:
    """The parts of a valid workbook holding ``rows`` (openpyxl writes inline strings)."""
    wb = Workbook()
    for row in rows or [["市町村名", "回答"], ["和歌山市", "はい"]]:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        return {name: z.read(name) for name in z.namelist()}


def write(path: Path, parts: dict[str, Part]) -> Path:
    """Zip ``parts``; a callable part is streamed (so a bomb never sits in memory here)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, part in parts.items():
            if isinstance(part, bytes):
                z.writestr(name, part)
                continue
            with z.open(name, "w", force_zip64=True) as fh:
                for chunk in part():
                    fh.write(chunk)
    return path


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_xml(rows: Iterable[tuple[int, list[object]]], *, dimension: str | None = None) -> bytes:
    """A worksheet part from (row number, values); ``dimension`` may lie."""
    body = []
    for number, values in rows:
        cells = "".join(
            _cell(f"{_letters(c)}{number}", v) for c, v in enumerate(values, 1) if v is not None
        )
        body.append(f'<row r="{number}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"<worksheet {MAIN}>{dim}<sheetData>{''.join(body)}</sheetData></worksheet>".encode()


def with_sheet(sheet: Part, **extra: Part) -> dict[str, Part]:
    parts: dict[str, Part] = dict(base_parts())
    parts[SHEET] = sheet
    parts.update(extra)
    return parts


def lying_dimension(path: Path, rows: list[list[object]], dimension: str) -> Path:
    """Every row present, but ``<dimension>`` claims fewer (openpyxl's read-only mode trusts it)."""
    numbered = list(enumerate(rows, start=1))
    return write(path, with_sheet(sheet_xml(numbered, dimension=dimension)))


def numbered_rows(path: Path, rows: list[tuple[int, list[object]]]) -> Path:
    return write(path, with_sheet(sheet_xml(rows, dimension="A1:B2")))


def many_rows(path: Path, count: int, width: int = 3) -> Path:
    """A sheet of ``count`` rows, streamed."""

    def chunks() -> Iterator[bytes]:
        yield f'<worksheet {MAIN}><dimension ref="A1:{_letters(width)}{count}"/><sheetData>'.encode()
        for number in range(1, count + 1):
            cells = "".join(
                f'<c r="{_letters(c)}{number}"><v>{number}</v></c>' for c in range(1, width + 1)
            )
            yield f'<row r="{number}">{cells}</row>'.encode()
        yield b"</sheetData></worksheet>"

    return write(path, with_sheet(chunks))


def _repeat(head: bytes, unit: bytes, size: int, tail: bytes) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        yield head
        block = unit * max(1, (1 << 20) // len(unit))
        left = size
        while left > 0:
            yield block
            left -= len(block)
        yield tail

    return chunks


def with_shared_strings(strings: Part) -> dict[str, Part]:
    """A workbook whose one cell points at shared string 0, with ``strings`` as the table."""
    parts = with_sheet(
        f'<worksheet {MAIN}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        f"</sheetData></worksheet>".encode()
    )
    types, rels = parts[CONTENT_TYPES], parts["xl/_rels/workbook.xml.rels"]
    assert isinstance(types, bytes) and isinstance(rels, bytes)
    parts[CONTENT_TYPES] = types.replace(b"</Types>", STRINGS_TYPE.encode() + b"</Types>")
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        b"</Relationships>", STRINGS_REL.encode() + b"</Relationships>"
    )
    parts[STRINGS] = strings
    return parts


def shared_strings_bomb(path: Path, size: int) -> Path:
    """A few MB on disk; ``xl/sharedStrings.xml`` inflates to ``size`` bytes."""
    unit = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    return write(
        path, with_shared_strings(_repeat(f"<sst {MAIN}>".encode(), unit, size, b"</sst>"))
    )


def many_shared_strings(path: Path, count: int) -> Path:
    """Short shared strings, ``count`` of them: small XML, many objects in memory."""

    def chunks() -> Iterator[bytes]:
        yield f"<sst {MAIN}>".encode()
        for n in range(count):
            yield f"<si><t>{n}</t></si>".encode()
        yield b"</sst>"

    return write(path, with_shared_strings(chunks))


def docprops_bomb(path: Path, size: int) -> Path:
    """``docProps/core.xml`` (read whole by openpyxl) inflating to ``size`` bytes."""
    head = (
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>'
    )
    parts = with_sheet(base_parts()[SHEET])
    parts["docProps/core.xml"] = _repeat(
        head, b"B" * 4096, size, b"</dc:title></cp:coreProperties>"
    )
    return write(path, parts)


def wide_rows(path: Path, rows: int, columns: int) -> Path:
    def chunks() -> Iterator[bytes]:
        yield f"<worksheet {MAIN}><sheetData>".encode()
        for number in range(1, rows + 1):
            cells = "".join(f"<c><v>{c}</v></c>" for c in range(columns))
            yield f'<row r="{number}">{cells}</row>'.encode()
        yield b"</sheetData></worksheet>"

    return write(path, with_sheet(chunks))


def corrupt_member(path: Path, member: str = SHEET) -> Path:
    """A workbook whose ``member`` has a broken deflate stream (a damaged download)."""
    write(path, dict(base_parts()))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 2, start + min(info.compress_size, 40)):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def cell_values(path: Path, values: list[str], *, kind: str = "n") -> Path:
    """Cells whose raw XML holds ``values`` of type ``kind`` (e.g. "abc" where a number is due)."""
    cells = "".join(
        f'<c r="{_letters(i)}2" t="{kind}"><v>{v}</v></c>' for i, v in enumerate(values, 1)
    )
    head = "".join(_cell(f"{_letters(i)}1", f"列{i}") for i in range(1, len(values) + 1))
    xml = f'<worksheet {MAIN}><sheetData><row r="1">{head}</row><row r="2">{cells}</row></sheetData></worksheet>'
    return write(path, with_sheet(xml.encode()))


def no_sheets(path: Path) -> Path:
    parts = dict(base_parts())
    parts["xl/workbook.xml"] = f"<workbook {MAIN}><sheets/></workbook>".encode()
    del parts[SHEET]
    return write(path, parts)


def raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()

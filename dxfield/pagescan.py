"""Rows read page by page out of a SQLite file that SQLite itself will no longer read.

When a store is cut short (an interrupted copy, a full disk) or has lost a page of a table's
tree, SQLite refuses whole tables: one unreadable interior page hides every row below it.
The rows themselves usually still sit in the leaf pages that survived. This module reads
them the way SQLite's ``.recover`` does, from the file format alone (sqlite.org/fileformat2):

- every page is looked at once; table leaf pages (0x0D) give their cells, table interior
  pages (0x05) say which page hangs under which, so a leaf is traced up to its table's root;
- the schema is read the same way (the tree under page 1), so a root page names a table;
- pages on the freelist are skipped: they hold rows that were deleted or moved;
- a leaf whose path to a root is lost is an orphan: its rows go to the one table whose
  columns they fit (by count and type), or nowhere when more than one would fit;
- a record whose overflow chain leaves the file is dropped, never guessed.

The rows are written into a plain SQLite file (``rebuild``) so that the caller reads them
with ordinary SQL. The ``sqlite3`` command-line tool can do this too, but it is not on a
Windows laptop, and SQLite 3.40's ``.recover`` stops at the FTS5 table every store has.
Nothing here writes to the damaged file; reading it is bounded by its size, page by page.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .driver import sqlite3

MAGIC = b"SQLite format 3\x00"
LEAF, INTERIOR = 0x0D, 0x05
MAX_TRACE = 64  # a tree deeper than this is a cycle in a damaged file


@dataclass
class Scan:
    """What a pass over the pages found, before the rows are placed in tables."""

    page_size: int
    usable: int
    encoding: str
    pages: int
    parent: dict[int, int] = field(default_factory=dict)
    leaves: list[int] = field(default_factory=list)
    free: set[int] = field(default_factory=set)

    def root(self, page: int) -> int | None:
        """The root of the tree ``page`` belongs to; None if the path up is broken."""
        seen = 0
        while page in self.parent:
            page = self.parent[page]
            seen += 1
            if seen > MAX_TRACE:
                return None
        return page


def _varint(buf: bytes | mmap.mmap, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(8):
        byte = buf[pos + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    value = (value << 8) | buf[pos + 8]
    if value >= 1 << 63:
        value -= 1 << 64
    return value, pos + 9


def _header(buf: mmap.mmap) -> tuple[int, int, str]:
    if len(buf) < 100 or buf[:16] != MAGIC:
        return 4096, 4096, "utf-8"  # a lost header: guess the size every store uses
    size = struct.unpack(">H", buf[16:18])[0]
    size = 65536 if size == 1 else size
    if size < 512 or size & (size - 1):
        size = 4096
    reserved = buf[20]
    encoding = {2: "utf-16-le", 3: "utf-16-be"}.get(struct.unpack(">I", buf[56:60])[0], "utf-8")
    return size, size - reserved, encoding


def _freelist(buf: mmap.mmap, scan: Scan) -> None:
    if buf[:16] != MAGIC:
        return
    trunk = struct.unpack(">I", buf[32:36])[0]
    while 0 < trunk <= scan.pages and trunk not in scan.free:
        scan.free.add(trunk)
        start = (trunk - 1) * scan.page_size
        nxt, count = struct.unpack(">II", buf[start : start + 8])
        count = min(count, (scan.usable - 8) // 4)
        for i in range(count):
            (leaf,) = struct.unpack(">I", buf[start + 8 + 4 * i : start + 12 + 4 * i])
            scan.free.add(leaf)
        trunk = nxt


def _cells(buf: mmap.mmap, scan: Scan, page: int) -> tuple[int, int, list[int]]:
    """(page type, offset of the page, cell offsets) of ``page``; type 0 if not a b-tree page."""
    start = (page - 1) * scan.page_size
    head = start + (100 if page == 1 else 0)
    kind = buf[head]
    if kind not in (LEAF, INTERIOR):
        return 0, start, []
    count = struct.unpack(">H", buf[head + 3 : head + 5])[0]
    array = head + (8 if kind == LEAF else 12)
    if array + 2 * count > start + scan.usable:
        return 0, start, []
    cells = []
    for i in range(count):
        (offset,) = struct.unpack(">H", buf[array + 2 * i : array + 2 * i + 2])
        if array + 2 * count <= start + offset < start + scan.usable:
            cells.append(start + offset)
    return kind, start, cells


def scan_pages(buf: mmap.mmap) -> Scan:
    size, usable, encoding = _header(buf)
    scan = Scan(size, usable, encoding, len(buf) // size)
    _freelist(buf, scan)
    for page in range(1, scan.pages + 1):
        if page in scan.free:
            continue
        try:
            kind, start, cells = _cells(buf, scan, page)
            if kind == LEAF:
                scan.leaves.append(page)
            elif kind == INTERIOR:
                head = start + (100 if page == 1 else 0)
                children = [struct.unpack(">I", buf[c : c + 4])[0] for c in cells]
                children.append(struct.unpack(">I", buf[head + 8 : head + 12])[0])
                for child in children:
                    if 1 < child <= scan.pages and child != page:
                        scan.parent.setdefault(child, page)
        except (IndexError, struct.error, ValueError):
            continue
    return scan


def _value(buf: bytes, pos: int, serial: int, encoding: str) -> tuple[Any, int]:
    if serial == 0:
        return None, pos
    if 1 <= serial <= 6:
        width = (0, 1, 2, 3, 4, 6, 8)[serial]
        return int.from_bytes(buf[pos : pos + width], "big", signed=True), pos + width
    if serial == 7:
        return struct.unpack(">d", buf[pos : pos + 8])[0], pos + 8
    if serial in (8, 9):
        return serial - 8, pos
    if serial >= 12:
        length = (serial - 12) // 2
        chunk = bytes(buf[pos : pos + length])
        if len(chunk) < length:
            raise ValueError("record runs past its payload")
        if serial % 2:
            return chunk.decode(encoding, errors="replace"), pos + length
        return chunk, pos + length
    raise ValueError(f"reserved serial type {serial}")


def _record(payload: bytes, encoding: str) -> list[Any]:
    size, pos = _varint(payload, 0)
    if not 0 < size <= len(payload):
        raise ValueError("record header out of range")
    serials = []
    while pos < size:
        serial, pos = _varint(payload, pos)
        serials.append(serial)
    values = []
    pos = size
    for serial in serials:
        value, pos = _value(payload, pos, serial, encoding)
        values.append(value)
    return values


def _payload(buf: mmap.mmap, scan: Scan, cell: int) -> tuple[int, bytes]:
    """(rowid, payload) of a table leaf cell, following its overflow pages."""
    length, pos = _varint(buf, cell)
    rowid, pos = _varint(buf, pos)
    u = scan.usable
    most = u - 35
    if length <= most:
        return rowid, bytes(buf[pos : pos + length])
    least = (u - 12) * 32 // 255 - 23
    local = least + (length - least) % (u - 4)
    local = local if local <= most else least
    parts = [bytes(buf[pos : pos + local])]
    got = local
    (nxt,) = struct.unpack(">I", buf[pos + local : pos + local + 4])
    hops = 0
    while got < length:
        if not 1 < nxt <= scan.pages or hops > scan.pages:
            raise ValueError("overflow chain leaves the file")
        start = (nxt - 1) * scan.page_size
        take = min(length - got, u - 4)
        parts.append(bytes(buf[start + 4 : start + 4 + take]))
        got += take
        (nxt,) = struct.unpack(">I", buf[start : start + 4])
        hops += 1
    return rowid, b"".join(parts)


def leaf_rows(buf: mmap.mmap, scan: Scan, page: int) -> Iterator[tuple[int, list[Any]]]:
    """(rowid, values) of every cell of a table leaf page that decodes."""
    try:
        _kind, _start, cells = _cells(buf, scan, page)
    except (IndexError, struct.error):
        return
    for cell in cells:
        try:
            rowid, payload = _payload(buf, scan, cell)
            yield rowid, _record(payload, scan.encoding)
        except (IndexError, struct.error, ValueError, OverflowError):
            continue


# -- placing the rows in their tables ---------------------------------------------------------


@dataclass
class Table:
    name: str
    sql: str
    columns: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    alias: int | None = None  # position of an INTEGER PRIMARY KEY column (the rowid)

    def fits(self, values: list[Any]) -> bool:
        if len(values) != len(self.columns):
            return False
        for value, kind in zip(values, self.types, strict=True):
            if value is None:
                continue
            numeric = "INT" in kind or kind == "BOOLEAN"
            textual = any(word in kind for word in ("CHAR", "TEXT", "DATE", "JSON"))
            if (numeric and not isinstance(value, int)) or (textual and not isinstance(value, str)):
                return False
        return True


def _schema(buf: mmap.mmap, scan: Scan) -> dict[int, tuple[str, str]]:
    """Root page → (name, CREATE statement) of every table and index, from the tree under
    page 1."""
    roots: dict[int, tuple[str, str]] = {}
    for page in sorted({1, *scan.leaves}):
        if scan.root(page) != 1:
            continue
        for _rowid, values in leaf_rows(buf, scan, page):
            if len(values) == 5 and isinstance(values[3], int) and values[3] > 0:
                roots[values[3]] = (str(values[1]), str(values[4] or ""))
    return roots


def _layout(out: sqlite3.Connection, name: str, sql: str) -> Table:
    out.execute(sql)
    info = out.execute(f'PRAGMA table_info("{name}")').fetchall()
    table = Table(name, sql, [r[1] for r in info], [str(r[2]).upper() for r in info])
    keys = [r for r in info if r[5]]
    if len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER" and "WITHOUT ROWID" not in sql:
        table.alias = keys[0][0]
    return table


def _own_layout(out: sqlite3.Connection, name: str, sql: str) -> Table | None:
    """The table as the damaged file declares it (its columns in their order), if that is a
    plain CREATE TABLE: a file is never trusted to run a query."""
    upper = sql.upper()
    if not upper.startswith("CREATE TABLE") or "SELECT" in upper:
        return None
    try:
        table = _layout(out, name, sql)
    except sqlite3.Error:
        return None
    return table if table.columns else None


def _insert(out: sqlite3.Connection, table: Table, rowid: int, values: list[Any]) -> None:
    values = list(values[: len(table.columns)])
    if table.alias is not None and table.alias < len(values):
        values[table.alias] = rowid
    # A record shorter than the table was written before a column was added: the rest
    # take their defaults.
    names = ", ".join(f'"{c}"' for c in table.columns[: len(values)])
    marks = ", ".join("?" * (len(values) + 1))
    out.execute(
        f'INSERT OR IGNORE INTO "{table.name}" (rowid, {names}) VALUES ({marks})',
        (rowid, *values),
    )


@dataclass
class Rebuilt:
    path: Path
    placed: int = 0  # rows written into a table
    orphans: int = 0  # rows of leaves with no known table, placed by their shape
    unplaced: int = 0  # rows that fit no table, or more than one


def rebuild(source: Path, target: Path, known: dict[str, str]) -> Rebuilt:
    """Write the rows of ``source``'s tables named in ``known`` into a new file ``target``.

    ``known`` maps a table name to the CREATE TABLE statement to use when the damaged file's
    own schema row for it is lost. Rows reached from a table's root come first; orphan rows
    fill in only what those did not give (same rowid or key: the first one stays).
    """
    result = Rebuilt(target)
    out = sqlite3.connect(target)
    try:
        with source.open("rb") as fh:
            if source.stat().st_size == 0:
                return result
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                scan = scan_pages(buf)
                own = _schema(buf, scan)
                by_name: dict[str, Table] = {}
                by_root: dict[int, Table] = {}
                for root, (name, sql) in own.items():
                    if name in known and name not in by_name:
                        table = _own_layout(out, name, sql)
                        if table is not None:
                            by_name[name] = by_root[root] = table
                for name, sql in known.items():
                    if name not in by_name:
                        by_name[name] = _layout(out, name, sql)
                orphans: list[int] = []
                for page in scan.leaves:
                    root = scan.root(page)
                    if root in by_root:
                        for rowid, values in leaf_rows(buf, scan, page):
                            _insert(out, by_root[root], rowid, values)
                            result.placed += 1
                    elif root != 1 and root not in own:
                        orphans.append(page)
                shapes = list(by_name.values())
                for page in orphans:
                    for rowid, values in leaf_rows(buf, scan, page):
                        fitting = [t for t in shapes if t.fits(values)]
                        if len(fitting) == 1:
                            _insert(out, fitting[0], rowid, values)
                            result.orphans += 1
                        else:
                            result.unplaced += 1
        out.commit()
    finally:
        out.close()
    return result

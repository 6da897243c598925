"""Damaged, foreign and older store files, made the ways disks, copies, people and earlier
versions of dxfield make them."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.rawstore import raw_connect, sqlite3


@contextmanager
def _connected(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that commits and is closed at the end (sqlite3's own only commits)."""
    raw = raw_connect(path)
    try:
        with raw:
            yield raw
    finally:
        raw.close()


def root_page(path: Path, table: str) -> int:
    with _connected(path) as raw:
        return raw.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]


def checkpoint(path: Path) -> None:
    """Everything into the main file (no WAL), as after a clean close."""
    raw = raw_connect(path)
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("PRAGMA journal_mode = DELETE")
    finally:
        raw.close()


def smash_page(path: Path, page: int, *, seed: int = 1) -> None:
    """Overwrite one page with noise: what a bad sector or a stray write does."""
    with _connected(path) as raw:
        size = raw.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    start = (page - 1) * size
    data[start : start + size] = bytes(rng.randrange(256) for _ in range(size))
    path.write_bytes(bytes(data))


def smash_table(path: Path, table: str) -> None:
    checkpoint(path)
    smash_page(path, root_page(path, table))


def truncate(path: Path, fraction: float = 0.5) -> None:
    checkpoint(path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction) // 4096 * 4096])


def garbage(path: Path) -> None:
    path.write_bytes(b"x\n")


def empty_database(path: Path) -> Path:
    with _connected(path) as raw:
        raw.execute("PRAGMA user_version = 1")
    return path


def foreign_database(path: Path, *, app_id: int = 0x0F0F0F0F) -> Path:
    with _connected(path) as raw:
        raw.execute(f"PRAGMA application_id = {app_id}")
        raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        raw.execute("INSERT INTO notes (body) VALUES ('someone else''s data')")
    return path


def drop_table(path: Path, table: str) -> None:
    with _connected(path) as raw:
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute(f"DROP TABLE {table}")


def drop_column(path: Path, table: str, column: str) -> None:
    with _connected(path) as raw:
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')


def set_revision(path: Path, revision: str | None) -> None:
    with _connected(path) as raw:
        if revision is None:
            raw.execute("DELETE FROM alembic_version")
        else:
            raw.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def with_page_size(source: Path, dest: Path, page_size: int) -> Path:
    """A copy of ``source`` in pages of ``page_size`` bytes (VACUUM INTO keeps the source's)."""
    src = raw_connect(source)
    out = raw_connect(dest)
    try:
        out.execute(f"PRAGMA page_size = {page_size}")
        src.backup(out)
        out.execute("PRAGMA journal_mode = DELETE")
        out.execute(f"PRAGMA page_size = {page_size}")
        out.execute("VACUUM")
        assert out.execute("PRAGMA page_size").fetchone()[0] == page_size
    finally:
        out.close()
        src.close()
    return dest


def older_store(path: Path, revision: str, fill: Callable[[Any], Any]) -> Any:
    """A store as dxfield at schema ``revision`` left it: ``fill(session)`` writes into it
    with the change tracking on (its edits wait to be pushed). Returns what ``fill`` does."""
    from sqlalchemy.orm import sessionmaker

    from dxfield import migrations, tracking
    from dxfield.db import make_engine

    engine = make_engine(path)
    try:
        migrations.upgrade(engine, revision)
        factory = sessionmaker(engine)
        tracking.install(factory)
        with factory.begin() as s:
            return fill(s)
    finally:
        engine.dispose()

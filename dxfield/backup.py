"""Copies of the local store made with SQLite's online backup API, verified after writing."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from .errors import DatabaseError

KEEP_BACKUPS = 10


def backup_database(source: Path, dest: Path) -> Path:
    """Copy ``source`` to ``dest`` consistently (even while it is in use) and verify it."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(tmp)
        try:
            src.backup(out)
            result = out.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            out.close()
    finally:
        src.close()
    if result != "ok":
        tmp.unlink(missing_ok=True)
        raise DatabaseError(f"backup of {source} failed its integrity check: {result}")
    tmp.replace(dest)
    return dest


def rotate_backup(source: Path, folder: Path, *, reason: str, keep: int = KEEP_BACKUPS) -> Path:
    """Back up ``source`` into ``folder`` and keep only the newest ``keep`` of that reason."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = backup_database(source, folder / f"{source.stem}-{reason}-{stamp}.sqlite3")
    olds = sorted(folder.glob(f"{source.stem}-{reason}-*.sqlite3"))
    for old in olds[:-keep]:
        old.unlink(missing_ok=True)
    return dest

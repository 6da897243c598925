"""Copies of the local store made with SQLite's online backup API, verified after writing.

Backups are taken before migrations (``db.open_database``), once a day (``daily_backup``)
and on request; ``dxfield.restore`` puts one back. A store found damaged is never
overwritten: ``set_aside`` keeps it (with its WAL) in ``damaged/`` under the backup folder.

A copy is written to ``NAME.part`` and renamed only once it passed ``integrity_check``; the
``.part`` is removed whatever happens, so an interrupted or refused copy leaves nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from .errors import BackupError, DatabaseError, DxfieldError
from .storecheck import open_candidate, side_files

KEEP_BACKUPS = 10
DAMAGED_FOLDER = "damaged"


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")


def _prepare_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise BackupError(
            f"cannot write into {folder}: a file of that name is in the way", path=str(folder)
        ) from exc
    except PermissionError as exc:
        raise BackupError(f"not allowed to write into {folder}", path=str(folder)) from exc
    except OSError as exc:
        raise BackupError(f"cannot write into {folder}: {exc.strerror or exc}") from exc
    if not folder.is_dir():
        raise BackupError(f"cannot write into {folder}: it is not a folder", path=str(folder))


def _sqlite_failure(exc: sqlite3.Error, where: Path) -> DxfieldError:
    from .db import translate_error

    return translate_error(exc, where)


def copy_verified(source: Path, dest: Path, *, page_size: int | None = None) -> None:
    """Copy the store ``source`` to the new file ``dest`` through SQLite's backup API (in
    ``page_size`` pages if given) and check the copy with ``integrity_check``."""
    src = open_candidate(source)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
            if page_size and out.execute("PRAGMA page_size").fetchone()[0] != page_size:
                out.execute("PRAGMA journal_mode = DELETE")
                out.execute(f"PRAGMA page_size = {int(page_size)}")
                out.execute("VACUUM")
            result = out.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            out.close()
    finally:
        src.close()
    if result != "ok":
        raise DatabaseError(f"the copy of {source.name} failed its integrity check: {result}")


def backup_database(source: Path, dest: Path) -> Path:
    """Copy ``source`` to ``dest`` consistently (even while it is in use) and verify it.

    ``dest`` may be a folder: the copy gets a dated name inside it. Raises ``BackupError``
    when it cannot be written there, and never leaves a ``.part`` behind.
    """
    source, dest = Path(source), Path(dest).expanduser()
    if dest.is_dir():
        dest = dest / f"{source.stem}-{_stamp()}.sqlite3"
    _prepare_folder(dest.parent)
    tmp = dest.with_name(dest.name + ".part")
    try:
        tmp.unlink(missing_ok=True)
        copy_verified(source, tmp)
        tmp.replace(dest)
    except sqlite3.Error as exc:
        raise _sqlite_failure(exc, source) from exc
    except PermissionError as exc:
        raise BackupError(f"not allowed to write {dest}", path=str(dest)) from exc
    except IsADirectoryError as exc:
        raise BackupError(f"{dest} is a folder", path=str(dest)) from exc
    except OSError as exc:
        raise BackupError(f"cannot write {dest}: {exc.strerror or exc}", path=str(dest)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def rotate_backup(
    source: Path,
    folder: Path,
    *,
    reason: str,
    keep: int = KEEP_BACKUPS,
    now: datetime | None = None,
) -> Path:
    """Back up ``source`` into ``folder`` and keep only the newest ``keep`` of that reason."""
    dest = backup_database(source, folder / f"{source.stem}-{reason}-{_stamp(now)}.sqlite3")
    olds = sorted(folder.glob(f"{source.stem}-{reason}-*.sqlite3"))
    for old in olds[:-keep]:
        old.unlink(missing_ok=True)
    return dest


DAILY_REASON = "daily"
KEEP_DAILY = 14


def daily_backup(
    source: Path, folder: Path, *, now: datetime | None = None, keep: int = KEEP_DAILY
) -> Path | None:
    """Back up ``source`` once per calendar day; ``None`` if today's copy already exists.

    Meant to be called when the app starts or a sync finishes: cheap when there is nothing
    to do, and a field laptop that is opened every day keeps two weeks of copies.
    """
    if not source.exists():
        return None
    now = now or datetime.now()
    if any(folder.glob(f"{source.stem}-{DAILY_REASON}-{now:%Y%m%d}-*.sqlite3")):
        return None
    return rotate_backup(source, folder, reason=DAILY_REASON, keep=keep, now=now)


def list_backups(folder: Path) -> list[Path]:
    """Backups in ``folder``, newest first (copies of damaged stores are not backups)."""
    try:
        found = [p for p in folder.glob("*.sqlite3") if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _keep(src: Path, dst: Path) -> None:
    # A hard link costs nothing and keeps the very bytes; a copy where links are not possible.
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def set_aside(database: Path, folder: Path) -> Path | None:
    """Keep the store at ``database`` as it is (with its WAL) in ``folder/damaged/``; it stays
    in place too. Returns the kept copy, or ``None`` if there is no file."""
    if not database.exists():
        return None
    dest_dir = folder / DAMAGED_FOLDER
    _prepare_folder(dest_dir)
    dest = dest_dir / f"{database.stem}-damaged-{_stamp()}.sqlite3"
    try:
        _keep(database, dest)
        for side in side_files(database):
            if not side.name.endswith("-shm"):  # shared memory is rebuilt, never data
                _keep(side, Path(f"{dest}{side.name[len(database.name) :]}"))
    except OSError as exc:
        raise BackupError(
            f"cannot keep a copy of the damaged store in {dest_dir}: {exc.strerror or exc}; "
            "nothing was changed",
            path=str(dest_dir),
        ) from exc
    return dest


def replace_store(new: Path, database: Path) -> None:
    """Put the verified store file ``new`` in place of ``database`` in one rename.

    The old file's WAL and shared memory go first (they were kept by ``set_aside``): SQLite
    would otherwise replay the old WAL onto the new file.
    """
    try:
        for side in side_files(database):
            side.unlink()
        os.replace(new, database)
    except OSError as exc:
        raise BackupError(f"cannot replace {database}: {exc.strerror or exc}") from exc

"""Copies of the local store made with SQLite's online backup API, verified after writing.

Backups are taken before migrations (``db.open_database``), once a day (``daily_backup``)
and on request; ``dxfield.restore`` puts one back. A store found damaged is never
overwritten: ``set_aside`` keeps it (with its WAL) in ``damaged/`` under the backup folder.

A copy is written to ``NAME.part`` and renamed only once it passed ``integrity_check``; the
``.part`` is removed whatever happens, so an interrupted or refused copy leaves nothing.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from .driver import connect, sqlite3
from .errors import BackupError, DatabaseError, DxfieldError
from .messages import Message, msg
from .storecheck import StoreSummary, inspect_store, open_keyed, side_files
from .storekey import StoreKey, require_cipher

log = logging.getLogger(__name__)

KEEP_BACKUPS = 10
MAX_LISTED = 10  # backups offered to restore from (``good_backups``)
DAMAGED_FOLDER = "damaged"


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")


def _prepare_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise BackupError(msg("backup.folder_blocked", folder=folder), path=str(folder)) from exc
    except PermissionError as exc:
        raise BackupError(msg("backup.folder_denied", folder=folder), path=str(folder)) from exc
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise BackupError(msg("backup.folder_failed", folder=folder, detail=detail)) from exc
    if not folder.is_dir():
        raise BackupError(msg("backup.not_a_folder", folder=folder), path=str(folder))


def _sqlite_failure(exc: sqlite3.Error, where: Path) -> DxfieldError:
    from .db import translate_error

    return translate_error(exc, where)


_SAME_KEY = object()


def copy_verified(
    source: Path, dest: Path, *, page_size: int | None = None, key: object = _SAME_KEY
) -> StoreKey | None:
    """Copy the store ``source`` to the new file ``dest`` and check the copy with
    ``integrity_check``; returns the copy's key.

    The copy is encrypted with ``key`` (a ``StoreKey``; None: plain), by default the key
    of ``source``. With the same key SQLite's backup API copies the pages (in ``page_size``
    pages if given, for a plain copy); with another key (a plain store being encrypted, an
    old plain backup restored, a backup from another laptop) ``sqlcipher_export`` rewrites
    every row, and the copy must hold as many rows per table as the source."""
    src, src_key = open_keyed(source)
    dest_key = src_key if key is _SAME_KEY else key
    try:
        if dest_key == src_key:
            _copy_pages(src, dest, dest_key, page_size)
        else:
            export_copy(src, dest, dest_key)
        out = connect(dest, key=dest_key)
        try:
            result = out.execute("PRAGMA integrity_check").fetchone()[0]
            if result == "ok" and dest_key != src_key:
                result = counts_differ(table_counts(src), table_counts(out)) or "ok"
        finally:
            out.close()
    finally:
        src.close()
    if result != "ok":
        said = msg("backup.copy_failed_check", name=source.name, result=result)
        raise DatabaseError(said)
    return dest_key  # type: ignore[return-value]


def _copy_pages(src, dest: Path, key, page_size: int | None) -> None:
    out = connect(dest, key=key)
    try:
        src.backup(out)
        if key is None and page_size and out.execute("PRAGMA page_size").fetchone()[0] != page_size:
            out.execute("PRAGMA journal_mode = DELETE")
            out.execute(f"PRAGMA page_size = {int(page_size)}")
            out.execute("VACUUM")
    finally:
        out.close()


def export_copy(src, dest: Path, key) -> None:
    """``sqlcipher_export`` of ``src`` into the new file ``dest`` (encrypted with ``key``,
    or plain). It copies schema and rows, not the header's ids: those are set here."""
    require_cipher()
    uri = f"{dest.resolve().as_uri()}?mode=rwc"
    pragma = key.pragma if key is not None else "''"  # an empty key: a plain copy
    src.execute(f"ATTACH DATABASE ? AS export KEY {pragma}", (uri,))
    try:
        # The copy is verified and synced as a whole afterwards; journaling each of the
        # export's statements (one per table and index) would only make it ten times slower.
        src.execute("PRAGMA export.journal_mode = OFF")
        src.execute("PRAGMA export.synchronous = OFF")
        src.execute("SELECT sqlcipher_export('export')").fetchall()
        for pragma in ("application_id", "user_version"):
            value = int(src.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            src.execute(f"PRAGMA export.{pragma} = {value}")
    finally:
        src.execute("DETACH DATABASE export")
    with dest.open("rb+") as fh:
        os.fsync(fh.fileno())


def counts_differ(theirs: dict[str, int], ours: dict[str, int]) -> Message | None:
    """Which tables of a copy do not hold as many rows as the original; None: all do."""
    differ = sorted(t for t in theirs.keys() | ours.keys() if theirs.get(t) != ours.get(t))
    return msg("backup.row_counts_differ", tables=", ".join(differ)) if differ else None


def table_counts(conn) -> dict[str, int]:
    """Rows per table of the main database (FTS shadow tables included: they are rows too)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM main."{n}"').fetchone()[0] for n in names}


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
        raise BackupError(msg("backup.write_denied", dest=dest), path=str(dest)) from exc
    except IsADirectoryError as exc:
        raise BackupError(msg("backup.dest_is_folder", dest=dest), path=str(dest)) from exc
    except OSError as exc:
        said = msg("file.write_failed", dest=dest, detail=exc.strerror or str(exc))
        raise BackupError(said, path=str(dest)) from exc
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


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile (rotated away): last, and refused when read
        return 0.0


def list_backups(folder: Path) -> list[Path]:
    """Backups in ``folder``, newest first (copies of damaged stores are not backups)."""
    try:
        found = [p for p in folder.glob("*.sqlite3") if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=_mtime, reverse=True)


OLD_FOLDER = "backups"  # in the data folder: the default, and where older copies stay


def backup_folders(current: Path, data_dir: Path) -> list[Path]:
    """The folders that hold backups, once each: ``current`` (the one in effect) and the
    data folder's ``backups/`` (the default: the copies made there before the setting moved
    stay there, and are listed and restored all the same). Only those that exist."""
    found: list[Path] = []
    for folder in (current, data_dir / OLD_FOLDER):
        if folder.is_dir() and not any(_same(folder, seen) for seen in found):
            found.append(folder)
    return found


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def good_backups(
    folders: Path | Sequence[Path], *, limit: int = MAX_LISTED
) -> tuple[list[StoreSummary], int]:
    """The newest backups in ``folders`` that pass the quick checks, newest first, and how
    many files did not."""
    folders = [folders] if isinstance(folders, Path) else list(folders)
    paths = [p for folder in folders for p in list_backups(folder)]
    paths.sort(key=_mtime, reverse=True)
    found, refused = [], 0
    for path in paths:
        if len(found) >= limit:
            break
        try:
            found.append(inspect_store(path, thorough=False))
        except DxfieldError as exc:
            refused += 1
            log.info("backup %s not offered: %s", path, exc)
    return found, refused


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
        said = msg("backup.set_aside_failed", folder=dest_dir, detail=exc.strerror or str(exc))
        raise BackupError(said, path=str(dest_dir)) from exc
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
        detail = exc.strerror or str(exc)
        raise BackupError(msg("backup.replace_failed", database=database, detail=detail)) from exc

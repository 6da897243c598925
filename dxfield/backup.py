"""Copies of the local store made with SQLite's online backup API, verified after writing.

Backups are taken before migrations (``db.open_database``), once a day (``daily_backup``)
and on request; ``restore_database`` puts one back after checking that nothing unsynced
would be lost.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import migrations
from .errors import (
    CorruptDatabaseError,
    DatabaseError,
    DatabaseLockedError,
    NewerDatabaseError,
    UnsyncedChangesError,
)

SQLITE_HEADER = b"SQLite format 3\x00"

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


def rotate_backup(
    source: Path,
    folder: Path,
    *,
    reason: str,
    keep: int = KEEP_BACKUPS,
    now: datetime | None = None,
) -> Path:
    """Back up ``source`` into ``folder`` and keep only the newest ``keep`` of that reason."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    dest = backup_database(source, folder / f"{source.stem}-{reason}-{stamp}.sqlite3")
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
    """Backups in ``folder``, newest first."""
    return sorted(folder.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True)


@dataclass(frozen=True)
class RestorePlan:
    """What restoring ``source`` over the live store would do, checked before doing it."""

    source: Path
    revision: str | None
    # Local edits in the live store that were never pushed: restoring drops them.
    unsynced_changes: int
    modified_at: datetime


def _verify_backup_file(path: Path) -> str | None:
    if not path.is_file():
        raise DatabaseError(f"no backup file at {path}")
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise CorruptDatabaseError(f"{path} is not a dxfield backup (not a SQLite file)")
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = raw.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise CorruptDatabaseError(f"{path} is damaged: {result}")
        revision = migrations.current_revision(raw)
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(f"{path} is damaged or not a database: {exc}") from exc
    finally:
        raw.close()
    if revision is not None and revision not in migrations.REVISIONS:
        raise NewerDatabaseError(
            f"{path} was written by a newer version of dxfield (schema {revision}); "
            "update dxfield to restore it",
            revision=revision,
        )
    return revision


def unsynced_change_count(database: Path) -> int:
    """Rows in the outbox (``pending_change``) of the store at ``database``."""
    if not database.exists() or database.stat().st_size == 0:
        return 0
    raw = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        has_outbox = raw.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pending_change'"
        ).fetchone()
        return raw.execute("SELECT count(*) FROM pending_change").fetchone()[0] if has_outbox else 0
    finally:
        raw.close()


def check_restore(source: Path, database: Path) -> RestorePlan:
    """Verify ``source`` (a SQLite file of a schema we know, intact) and count what is at risk."""
    revision = _verify_backup_file(source)
    return RestorePlan(
        source=source,
        revision=revision,
        unsynced_changes=unsynced_change_count(database),
        modified_at=datetime.fromtimestamp(source.stat().st_mtime),
    )


def restore_database(
    source: Path, database: Path, *, backup_folder: Path, allow_unsynced: bool = False
) -> Path | None:
    """Replace the store at ``database`` with the backup ``source``.

    Refuses (``UnsyncedChangesError``) when the live store holds unpushed edits, unless
    ``allow_unsynced``. The live store is itself backed up first (returned), so a restore can
    be undone. The copy goes through SQLite's backup API rather than a file copy, so the WAL
    and any reader still holding the file stay consistent. An older schema is migrated the
    next time the store is opened.
    """
    plan = check_restore(source, database)
    if plan.unsynced_changes and not allow_unsynced:
        raise UnsyncedChangesError(
            f"the local store has {plan.unsynced_changes} unsynced changes that restoring "
            f"{source.name} would drop; sync first or confirm that they may be lost",
            unsynced=plan.unsynced_changes,
        )
    safety = None
    if database.exists() and database.stat().st_size:
        safety = rotate_backup(database, backup_folder, reason="pre-restore")
    database.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(database, timeout=5)
        try:
            src.backup(out)
            result = out.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            out.close()
    except sqlite3.OperationalError as exc:
        raise DatabaseLockedError(
            f"could not restore into {database}: {exc}; close dxfield and try again"
        ) from exc
    finally:
        src.close()
    if result != "ok":
        raise CorruptDatabaseError(
            f"the restored store failed its integrity check ({result}); "
            f"the previous store is kept in {safety}"
        )
    return safety

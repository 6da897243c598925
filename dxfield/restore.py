"""Putting a backup back, whatever state the live store is in.

``check_restore`` looks at both files before anything changes: the backup must be a dxfield
store that passes every check of ``storecheck.inspect_store`` (its summary is what a person
is shown); the live store is either usable, or damaged (then the unsynced edits that can
still be read out of it are salvaged), or missing.

``restore_database`` then works in a staging copy beside the store (SQLite's backup API,
verified, the live store's page size) and swaps it in:

* a usable live store is copied to ``backups/`` and then overwritten through the backup API,
  so another connection to it stays consistent (and a busy store is a "locked" message);
* a damaged or foreign one is first kept as it is in ``backups/damaged/`` with its WAL; the
  salvaged edits go into the staging copy; then one rename puts the staging copy in place.

A kill at any moment leaves either the old store or the new one under the store's name, and
the damaged store's bytes always somewhere.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .backup import copy_verified, replace_store, rotate_backup, set_aside
from .driver import connect, sqlite3
from .errors import (
    DatabaseError,
    DatabaseLockedError,
    NewerDatabaseError,
    UnsyncedChangesError,
)
from .messages import msg
from .salvage import Reapplied, Salvage, read_salvage, reapply, save_salvage
from .storecheck import StoreSummary, check_header, inspect_store, open_candidate, open_keyed
from .storekey import StoreKey, encryption_wanted, key_for_new_store

if TYPE_CHECKING:
    from .db import Database


@dataclass(frozen=True)
class RestorePlan:
    """What restoring ``source`` over the live store would do, checked before doing it."""

    source: Path
    summary: StoreSummary  # what the backup holds
    live: StoreSummary | None  # the live store, if it is usable
    live_problem: str | None  # why the live store is not usable (damaged, foreign)
    salvage: Salvage | None  # what could be read out of a damaged live store

    @property
    def revision(self) -> str:
        return self.summary.revision

    @property
    def modified_at(self) -> datetime:
        return self.summary.modified_at

    @property
    def unsynced_changes(self) -> int:
        """Unpushed edits the restore would drop (a usable store) or puts back (a damaged
        one: those that could be read)."""
        if self.live is not None:
            return self.live.unsynced
        return len(self.salvage.readable) if self.salvage else 0


@dataclass(frozen=True)
class RestoreResult:
    summary: StoreSummary
    safety: Path | None  # the replaced store, kept (a copy, or the damaged file as it was)
    salvage_file: Path | None = None
    reapplied: Reapplied | None = None


def staging_path(database: Path) -> Path:
    return database.with_name(f".{database.name}.restore.part")


def _live(database: Path) -> tuple[StoreSummary | None, str | None, Salvage | None]:
    if not database.exists() or (database.is_file() and database.stat().st_size == 0):
        return None, None, None
    try:
        return inspect_store(database, thorough=False), None, None
    except NewerDatabaseError:
        # Usable, only newer: the backup API copies over it all the same.
        return _raw_summary(database), None, None
    except DatabaseError as exc:
        return None, str(exc), read_salvage(database)


def _raw_summary(database: Path) -> StoreSummary:
    conn = open_candidate(database)
    try:
        unsynced = conn.execute("SELECT count(*) FROM pending_change").fetchone()[0]
    except sqlite3.Error:
        unsynced = 0
    finally:
        conn.close()
    stat = database.stat()
    return StoreSummary(
        database, "?", check_header(database), stat.st_size,
        datetime.fromtimestamp(stat.st_mtime), unsynced=unsynced,
    )  # fmt: skip


def check_restore(source: Path, database: Path) -> RestorePlan:
    """Verify ``source`` completely and look at the live store; change nothing."""
    summary = inspect_store(Path(source))
    live, problem, salvage = _live(Path(database))
    return RestorePlan(Path(source), summary, live, problem, salvage)


def _copy_into(staging: Path, database: Path, key: StoreKey | None) -> None:
    src = connect(f"{staging.resolve().as_uri()}?mode=ro", key=key, uri=True)
    try:
        out = connect(database, key=key, timeout=5)
        try:
            src.backup(out)
            result = out.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            out.close()
    except sqlite3.OperationalError as exc:
        raise DatabaseLockedError(msg("restore.locked", database=database, detail=exc)) from exc
    finally:
        src.close()
    if result != "ok":
        raise DatabaseError(msg("restore.failed_check", result=result))


@contextmanager
def staging_store(staging: Path) -> Iterator[Database]:
    """The staging file opened as a store (migrating an older backup; the pre-migration copy
    is not kept), checkpointed and closed again before it is swapped in."""
    from .db import open_database

    with tempfile.TemporaryDirectory(prefix="dxfield-staging-") as tmp:
        db = open_database(staging, backup_dir=Path(tmp))
        try:
            yield db
            with db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()


def remove_staging(staging: Path) -> None:
    for name in (staging, *(Path(f"{staging}{side}") for side in ("-wal", "-shm", "-journal"))):
        name.unlink(missing_ok=True)


def _reapply_into(staging: Path, salvage: Salvage) -> Reapplied:
    with staging_store(staging) as db, db.session() as session:
        return reapply(session, salvage)


def _target_key(database: Path, *, usable: bool) -> StoreKey | None:
    """The key the restored store gets: the live store's when it is usable (it is written
    over in place), else what a new store gets. A backup made elsewhere or before the store
    was encrypted is re-encrypted with it on the way in."""
    if usable:
        conn, key = open_keyed(database)
        conn.close()
        return key
    return key_for_new_store() if encryption_wanted() else None


def restore_database(
    source: Path,
    database: Path,
    *,
    backup_folder: Path,
    allow_unsynced: bool = False,
    plan: RestorePlan | None = None,
    put_back_salvage: bool = True,
) -> RestoreResult:
    """Replace the store at ``database`` with the backup ``source`` (see the module doc).

    Refuses (``UnsyncedChangesError``) when a usable live store holds unpushed edits, unless
    ``allow_unsynced``. ``plan``: the result of ``check_restore`` if the caller has it.
    """
    source, database = Path(source), Path(database)
    plan = plan or check_restore(source, database)
    if plan.live is not None and plan.unsynced_changes and not allow_unsynced:
        said = msg("restore.unsynced", count=plan.unsynced_changes, name=source.name)
        raise UnsyncedChangesError(said, unsynced=plan.unsynced_changes)
    database.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_path(database)
    remove_staging(staging)
    try:
        key = _target_key(database, usable=plan.live is not None)
        page_size = plan.live.page_size if plan.live else None
        copy_verified(source, staging, page_size=page_size, key=key)
        if plan.live is not None:
            safety = rotate_backup(database, backup_folder, reason="pre-restore")
            _copy_into(staging, database, key)
            return RestoreResult(plan.summary, safety)
        safety = set_aside(database, backup_folder)
        salvage_file = reapplied = None
        if plan.salvage is not None and safety is not None:
            salvage_file = save_salvage(plan.salvage, safety, key)
        if plan.salvage is not None and plan.salvage.readable and put_back_salvage:
            reapplied = _reapply_into(staging, plan.salvage)
        replace_store(staging, database)
        return RestoreResult(plan.summary, safety, salvage_file, reapplied)
    except sqlite3.Error as exc:
        from .db import translate_error

        raise translate_error(exc, database) from exc
    finally:
        remove_staging(staging)

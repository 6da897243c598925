"""When the store cannot be used: what is wrong, what can be saved, and the ways back.

At start (the desktop's opener, any command of the CLI) a store that fails to open or fails
its checks is diagnosed here, never overwritten: ``diagnose`` reads the unsynced edits that
can still be read out of it and lists the good backups, newest first. The person then
chooses one of:

* a backup: ``dxfield.restore.restore_database`` (the damaged file is kept in
  ``backups/damaged/``, the salvaged edits go into the restored store);
* a fresh store that the next sync fills from the server (``fresh_store``), when this laptop
  synced before: it keeps the server's address and account, and the salvaged edits;
* quitting, which changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from .backup import backup_folders, good_backups, replace_store, set_aside
from .messages import Message
from .restore import remove_staging, staging_path, staging_store
from .salvage import Reapplied, Salvage, read_salvage, reapply, save_salvage
from .storecheck import StoreSummary

log = logging.getLogger(__name__)


@dataclass
class Diagnosis:
    database: Path
    backup_folder: Path
    problem: str  # in English, for the log
    salvage: Salvage
    backups: list[StoreSummary] = field(default_factory=list)
    refused_backups: int = 0  # backup files that failed their checks
    said: Message | None = None  # the problem by its code, for the person

    def problem_text(self, language: str = "ja") -> str:
        return self.said.text(language) if self.said is not None else self.problem

    @property
    def server_url(self) -> str | None:
        return self.salvage.sync_state.get("server_url")

    @property
    def server_user(self) -> str | None:
        return self.salvage.sync_state.get("server_user")


def diagnose(database: Path, backup_folder: Path, problem: BaseException | str) -> Diagnosis:
    """What the person needs to choose: the problem, the salvaged edits, the backups (those
    in the data folder's old default ``backups/`` too, when the setting moved the folder)."""
    backups, refused = good_backups(backup_folders(backup_folder, database.parent))
    return Diagnosis(
        database=database,
        backup_folder=backup_folder,
        problem=str(problem),
        said=getattr(problem, "said", None),
        salvage=read_salvage(database) if database.exists() else Salvage(database, method="none"),
        backups=backups,
        refused_backups=refused,
    )


@dataclass(frozen=True)
class FreshResult:
    kept: Path | None  # the replaced store, as it was
    salvage_file: Path | None
    reapplied: Reapplied | None


def fresh_store(
    database: Path, backup_folder: Path, salvage: Salvage | None, *, put_back: bool = True
) -> FreshResult:
    """Replace the store with an empty one that remembers the server (the next sync fills
    it) and holds the salvaged unsynced edits. The old file is kept as it was."""
    from .masterdata import ensure_master_data
    from .models import SyncState
    from .storekey import encryption_wanted, key_for_new_store

    staging = staging_path(database)
    remove_staging(staging)
    # The key the fresh store gets: the salvaged edits are kept protected as it is.
    key = key_for_new_store() if encryption_wanted() else None
    kept = set_aside(database, backup_folder)
    salvage_file = reapplied = None
    if salvage is not None and kept is not None:
        salvage_file = save_salvage(salvage, kept, key)
    try:
        with staging_store(staging) as db:
            with db.session() as session:
                ensure_master_data(session)
                for key, value in (salvage.sync_state if salvage else {}).items():
                    session.merge(SyncState(key=key, value=value))
            if salvage is not None and salvage.readable and put_back:
                with db.session() as session:
                    reapplied = reapply(session, salvage)
        replace_store(staging, database)
    finally:
        remove_staging(staging)
    return FreshResult(kept, salvage_file, reapplied)


def is_recoverable(exc: BaseException) -> bool:
    """True for a store recovery is for (damaged, not dxfield's, unreadable); a store that is
    only locked, read-only or from a newer dxfield is left alone and explained."""
    from .storecheck import is_store_error

    return is_store_error(exc)

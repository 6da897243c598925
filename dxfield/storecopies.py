"""Every copy of the store this laptop keeps, brought in line once the store is encrypted.

Where the app keeps copies (``D``: the data folder; ``B``: the backup folder,
``paths.backup_dir(D)``, and ``D/backups`` too when the setting points elsewhere: older
copies stay where they were made):

* ``B/*.sqlite3``, the backups: daily, manual (``dxfield backup``), before a migration
  (``pre-<revision>``), before a restore (``pre-restore``), before a deletion or a replacing
  import (``before-delete``, ``before-replace``). A plain one is re-encrypted with the
  store's key (``encryption.encrypt_backup``: verified, one rename, the plain file
  overwritten; its date kept, so the lists keep their order).
* ``B/damaged/``: damaged stores kept as they were (with their WAL), and the record of the
  unsynced edits read out of them (``salvagefile``: ``.salvage``, encrypted with the store's
  key; ``.json`` where the store was plain then). A plain record is re-encrypted (read back
  and compared, then the JSON overwritten and removed; its date kept); one that cannot be
  read as a record is offered for removal. Re-encrypting a damaged store makes no sense: it
  is kept byte for byte for what may still be read out of it (a rewrite keeps only what
  SQLite can read). Plain ones are overwritten and removed when the person agrees.
* ``dxfield-handouts/`` in the temp folder: handouts (面談記録, PDF) the desktop wrote to
  preview or print, kept so that the viewer still finds them. A PDF has nothing to
  re-encrypt: those older than ``STALE_AFTER_S`` are removed the same way, with consent.
* What a run cut off left behind: ``B/*.sqlite3.part`` (a backup being written),
  ``B/damaged/*.part`` (a record of salvaged edits being written),
  ``D/.NAME.restore.part`` (a restore's staging copy), ``dxfield-recover-*`` (a damaged
  store's pages rebuilt) and ``dxfield-staging-*`` (a restore's pre-migration copy) in the
  temp folder. Half-finished and of no use: removed the same way, with consent. Only those
  untouched for ``STALE_AFTER_S``: a younger one may belong to a run still going.
* ``.NAME.convert.part`` and ``.NAME.retired`` beside the store or a backup: a conversion's
  own, finished by ``encryption.finish_interrupted`` (here for the backups); ``.NAME.scrub``
  and ``dxfield-scrub-*`` (temp folder): a removal the person agreed to, cut short, finished
  here without asking again.

Not found here, and the person is told so: a backup saved where the person chose (``dxfield
backup FILE``, the menu's "バックアップを作成…"), and exports (Excel, CSV, calendars, PDFs),
written where asked and plain by nature (``io.personal`` warns before personal data leaves
the data folder).

``bring_in_line`` is safe to run again at any time: the work left after a kill is what the
next run finds to do.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .backup import DAMAGED_FOLDER, list_backups
from .backup import backup_folders as folders_with_backups
from .driver import is_encrypted, sqlite3
from .encryption import encrypt_backup, finish_interrupted, retired_for, scrub, staging_for
from .errors import DatabaseLockedError, DxfieldError
from .messages import Message, msg, said
from .paths import DB_FILENAME, backup_dir, handout_dir
from .storekey import StoreKey

log = logging.getLogger(__name__)

STALE_AFTER_S = 15 * 60
TEMP_PREFIXES = ("dxfield-recover-", "dxfield-staging-")
SIDES = ("-wal", "-shm", "-journal")

# Why a plain copy is removed rather than re-encrypted.
DAMAGED, SALVAGE, UNFINISHED, UNREADABLE = "damaged", "salvage", "unfinished", "unreadable"
HANDOUT = "handout"


@dataclass(frozen=True)
class PlainCopy:
    """A plain copy that is not re-encrypted: what it is, and the files removing it removes."""

    path: Path
    kind: str
    files: tuple[Path, ...]
    detail: Message | str = ""

    def describe(self, language: str = "ja", *, name_only: bool = False) -> str:
        """What it is and where (``name_only``: its name, for a list under its folder)."""
        path = self.path.name if name_only else self.path
        if self.kind == UNREADABLE:
            said = msg("copies.unreadable", path=path, detail=self.detail)
        elif self.kind == DAMAGED:
            said = msg("copies.damaged", path=path)
        elif self.kind == SALVAGE:
            said = msg("copies.salvage", path=path)
        elif self.kind == HANDOUT:
            said = msg("copies.handout", path=path)
        else:
            said = msg("copies.unfinished", path=path)
        return said.text(language)


@dataclass
class CopiesReport:
    reencrypted: list[Path] = field(default_factory=list)
    salvage_reencrypted: list[Path] = field(default_factory=list)  # the plain records
    postponed: list[tuple[Path, Message | str]] = field(default_factory=list)  # in use: later
    to_remove: list[PlainCopy] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not self.postponed and not self.to_remove


def backup_folders(data_dir: Path) -> list[Path]:
    return folders_with_backups(backup_dir(data_dir), data_dir)


def _with_sides(path: Path) -> tuple[Path, ...]:
    return (path, *(p for p in (Path(f"{path}{s}") for s in SIDES) if p.exists()))


def _stale(path: Path, now: float) -> bool:
    try:
        return now - path.stat().st_mtime >= STALE_AFTER_S
    except OSError:
        return False


def _plain(path: Path) -> bool:
    return path.is_file() and not is_encrypted(path)


def plain_backups(data_dir: Path) -> list[Path]:
    """The backups that are not encrypted, in every backup folder."""
    return [p for folder in backup_folders(data_dir) for p in list_backups(folder) if _plain(p)]


def finish_interrupted_backups(folder: Path) -> None:
    """Finish what a re-encryption cut off left in ``folder`` (see ``encryption``)."""
    leftovers = [*folder.glob(".*.retired"), *folder.glob(".*.convert.part")]
    for backup in {folder / _original_name(p) for p in leftovers}:
        if retired_for(backup).exists() or staging_for(backup).exists():
            finish_interrupted(backup)


def _original_name(leftover: Path) -> str:
    name = leftover.name[1:]
    for suffix in (".retired", ".convert.part"):
        name = name.removesuffix(suffix)
    return name


def reencrypt_backups(data_dir: Path, key: StoreKey, report: CopiesReport) -> None:
    finish_removals(data_dir)
    for folder in backup_folders(data_dir):
        finish_interrupted_backups(folder)
    for backup in plain_backups(data_dir):
        try:
            encrypt_backup(backup, key)
        except DatabaseLockedError as exc:
            report.postponed.append((backup, said(exc)))
        except (DxfieldError, sqlite3.Error, OSError) as exc:
            if not backup.exists():
                continue  # rotated away meanwhile
            log.warning("the plain backup %s cannot be re-encrypted: %s", backup, exc)
            files = _with_sides(backup)
            report.to_remove.append(PlainCopy(backup, UNREADABLE, files, said(exc)))
        else:
            report.reencrypted.append(backup)
    _reencrypt_salvage(data_dir, key, report)


def _reencrypt_salvage(data_dir: Path, key: StoreKey, report: CopiesReport) -> None:
    """Plain records of salvaged edits become encrypted ones; the JSON is then removed."""
    from .salvagefile import PLAIN_SUFFIX, encrypt_json

    for folder in backup_folders(data_dir):
        damaged = folder / DAMAGED_FOLDER
        for record in sorted(damaged.glob(f"*{PLAIN_SUFFIX}")) if damaged.is_dir() else []:
            try:
                encrypt_json(record, key)
            except (DxfieldError, sqlite3.Error, OSError) as exc:
                # Offered for removal with the other plain copies (``leftovers``).
                log.warning("the salvage record %s stays plain: %s", record, exc)
                continue
            _scrub_file(record)
            report.salvage_reencrypted.append(record)


def leftovers(data_dir: Path, database: Path | None = None) -> list[PlainCopy]:
    """The plain copies that re-encrypting makes no sense for (see the module doc)."""
    now = time.time()
    found: list[PlainCopy] = []
    for folder in backup_folders(data_dir):
        for part in sorted(folder.glob("*.sqlite3.part")):
            if _stale(part, now) and _plain(part):
                found.append(PlainCopy(part, UNFINISHED, _with_sides(part)))
        damaged = folder / DAMAGED_FOLDER
        for part in sorted(damaged.glob("*.part")) if damaged.is_dir() else []:
            if _stale(part, now) and _plain(part):
                found.append(PlainCopy(part, UNFINISHED, (part,)))
        for kept in sorted(damaged.glob("*.sqlite3")) if damaged.is_dir() else []:
            if _plain(kept):
                found.append(PlainCopy(kept, DAMAGED, _with_sides(kept)))
        for salvage in sorted(damaged.glob("*.json")) if damaged.is_dir() else []:
            found.append(PlainCopy(salvage, SALVAGE, (salvage,)))
    from .restore import staging_path  # here: restore brings SQLAlchemy along

    restoring = staging_path(database or data_dir / DB_FILENAME)
    if restoring.exists() and _stale(restoring, now) and _plain(restoring):
        found.append(PlainCopy(restoring, UNFINISHED, _with_sides(restoring)))
    handouts = handout_dir()
    for handout in sorted(handouts.glob("*.pdf")) if handouts.is_dir() else []:
        if _stale(handout, now):  # a younger one may still be open in a viewer
            found.append(PlainCopy(handout, HANDOUT, (handout,)))
    temp = Path(tempfile.gettempdir())
    for prefix in TEMP_PREFIXES:
        for folder in sorted(temp.glob(f"{prefix}*")):
            files = tuple(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else ()
            if _stale(folder, now) and any(_plain(p) for p in files):
                found.append(PlainCopy(folder, UNFINISHED, files))
    return found


def bring_in_line(data_dir: Path, key: StoreKey, database: Path | None = None) -> CopiesReport:
    """Re-encrypt the plain backups with ``key`` (the store's) and list the plain copies
    to remove; removes nothing. Cheap when everything is encrypted already."""
    report = CopiesReport()
    reencrypt_backups(data_dir, key, report)
    report.to_remove.extend(leftovers(data_dir, database))
    return report


def remove_copies(copies: Iterable[PlainCopy]) -> list[Path]:
    """Overwrite and remove the files of ``copies`` (the person agreed); the removed ones.

    Each file (a folder: the folder) is first renamed to a name that says it is being
    removed: overwriting starts with the header, so a removal cut short would leave a
    file that no longer looks plain yet still holds plain pages. The next run of
    ``bring_in_line`` finishes what it finds under such a name, without asking again."""
    removed = []
    for copy in copies:
        try:
            if copy.path.is_dir():
                doomed = copy.path.with_name(SCRUB_PREFIX + copy.path.name)
                copy.path.rename(doomed)
                _scrub_folder(doomed)
            else:
                for path in copy.files:
                    _scrub_file(path)
        except OSError as exc:
            log.warning("could not remove %s: %s", copy.path, exc)
        if not copy.path.exists():
            removed.append(copy.path)
    return removed


SCRUB_PREFIX = "dxfield-scrub-"  # a temp folder being removed
SCRUB_SUFFIX = ".scrub"  # a file being removed


def _scrub_file(path: Path) -> None:
    if not path.exists():
        return
    doomed = path.with_name(f".{path.name}{SCRUB_SUFFIX}")
    path.rename(doomed)
    scrub(doomed)


def _scrub_folder(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            scrub(path)
    shutil.rmtree(folder, ignore_errors=True)


def finish_removals(data_dir: Path) -> None:
    """Finish the removals a run cut off left (see ``remove_copies``)."""
    folders = [*backup_folders(data_dir), data_dir, handout_dir()]
    folders += [f / DAMAGED_FOLDER for f in folders if (f / DAMAGED_FOLDER).is_dir()]
    for folder in folders:
        for doomed in folder.glob(f".*{SCRUB_SUFFIX}"):
            scrub(doomed)
    for doomed in Path(tempfile.gettempdir()).glob(f"{SCRUB_PREFIX}*"):
        _scrub_folder(doomed)

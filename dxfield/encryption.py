"""Encrypting a plain store in place (and decrypting one), so that a crash at any moment
leaves a working store under the store's name and loses nothing.

``convert`` (``encrypt_store`` / ``decrypt_store``):

1. finishes what an interrupted conversion left (``finish_interrupted``);
2. takes the store out of WAL mode, which folds the WAL into the file and removes it (and
   fails while another program has the store open: then nothing is converted);
3. writes a converted copy beside it with ``sqlcipher_export``, counting the rows of every
   table before and after (a store written to meanwhile is not converted);
4. checks the copy (``integrity_check``, the same row count in every table), syncs it;
5. gives the old file a second name (a hard link), then renames the copy over the store:
   one atomic step from the old file to the new one;
6. overwrites the old file with zeros and removes it (best effort: an SSD or a
   copy-on-write file system may keep the old blocks; the OS's disk encryption covers that).

A crash before 5 leaves the old store (and a ``.part`` that the next start removes); after
5 the new one (and the old file under its second name, which the next start overwrites and
removes). The store's name never points at a half-written file.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .backup import counts_differ, export_copy, table_counts
from .driver import connect, is_encrypted, sqlite3
from .errors import DatabaseError, DatabaseLockedError, DxfieldError
from .messages import msg
from .storecheck import check_schema, side_files
from .storekey import StoreKey, key_for_new_store, unlock

log = logging.getLogger(__name__)


def staging_for(database: Path) -> Path:
    return database.with_name(f".{database.name}.convert.part")


def retired_for(database: Path) -> Path:
    return database.with_name(f".{database.name}.retired")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # a folder cannot be synced on Windows
    finally:
        os.close(fd)


def scrub(path: Path) -> None:
    """Overwrite ``path`` with zeros, sync, then remove it."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as fh:
            block = bytes(1 << 20)
            for start in range(0, size, len(block)):
                fh.write(block[: min(len(block), size - start)])
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        log.warning("could not overwrite %s before removing it: %s", path, exc)
    path.unlink(missing_ok=True)


def _remove_staging(staging: Path) -> None:
    for name in (staging, *(Path(f"{staging}{s}") for s in ("-wal", "-shm", "-journal"))):
        if name.exists():
            scrub(name)


def finish_interrupted(database: Path) -> None:
    """Tidy up after a conversion cut short (see the module doc); cheap when there is none."""
    retired = retired_for(database)
    if retired.exists():
        if not database.exists():
            os.replace(retired, database)  # renamed away, the copy never put in place
        elif os.path.samefile(retired, database):
            retired.unlink()  # only a second name for the store itself
        else:
            scrub(retired)  # the old file: its verified copy is in place
    _remove_staging(staging_for(database))


@dataclass(frozen=True)
class Converted:
    database: Path
    encrypted: bool
    counts: dict[str, int]


def convert(database: Path, key: StoreKey | None) -> Converted:
    """Rewrite the store at ``database`` encrypted with ``key`` (None: plain)."""
    finish_interrupted(database)
    staging = staging_for(database)
    conn, old_key = unlock(database, lambda k: connect(database, key=k, timeout=5))
    try:
        if old_key == key:
            name = database.name
            said = (
                msg("store.already_encrypted", name=name)
                if key
                else msg("store.already_plain", name=name)
            )
            raise DatabaseError(said)
        check_schema(conn, database.name)  # only a dxfield store is converted
        conn.isolation_level = None
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise DatabaseLockedError(msg("store.in_use", name=database.name))
        # sqlcipher_export runs its own transactions: counting before and after tells whether
        # another program wrote meanwhile (then the copy may lack it, and is not used).
        counts = table_counts(conn)
        export_copy(conn, staging, key)
        if table_counts(conn) != counts:
            raise DatabaseLockedError(msg("store.changed_meanwhile", name=database.name))
    except sqlite3.OperationalError as exc:
        _remove_staging(staging)
        said = msg("store.not_converted", name=database.name, detail=exc)
        raise DatabaseLockedError(said) from exc
    except BaseException:
        _remove_staging(staging)
        raise
    finally:
        conn.close()
    try:
        _verify(staging, key, counts)
        _fsync(staging)
        if side_files(database):
            raise DatabaseLockedError(msg("store.opened_meanwhile", name=database.name))
        _swap(staging, database)
    except BaseException:
        _remove_staging(staging)
        raise
    return Converted(database, key is not None, counts)


def _verify(staging: Path, key: StoreKey | None, counts: dict[str, int]) -> None:
    out = connect(staging, key=key)
    try:
        result = out.execute("PRAGMA integrity_check").fetchone()[0]
        if result == "ok":
            result = counts_differ(counts, table_counts(out)) or "ok"
    finally:
        out.close()
    if result != "ok":
        raise DatabaseError(msg("store.converted_failed_check", result=result))


def _swap(staging: Path, database: Path) -> None:
    retired = retired_for(database)
    try:
        os.link(database, retired)
        linked = True
    except OSError:  # no hard links here (FAT): a rename, undone at the next start
        os.replace(database, retired)
        linked = False
    try:
        os.replace(staging, database)
    except OSError:
        if not linked:
            os.replace(retired, database)
        raise
    _fsync(database.parent)
    scrub(retired)


def encrypt_store(database: Path) -> Converted:
    return convert(database, key_for_new_store())


def decrypt_store(database: Path) -> Converted:
    return convert(database, None)


def encrypt_if_plain(database: Path) -> bool:
    """At open: encrypt a plain dxfield store (the first start of a version that encrypts).
    A store that cannot be converted now (in use, damaged, not dxfield's, no key) is left as
    it is and opened as before; the reason is logged."""
    finish_interrupted(database)
    if not database.exists() or is_encrypted(database) or database.stat().st_size == 0:
        return False
    try:
        converted = encrypt_store(database)
    except (DxfieldError, sqlite3.Error, OSError) as exc:
        log.warning("the store %s stays plain for now: %s", database, exc)
        return False
    log.info("encrypted the store %s (%s tables)", database, len(converted.counts))
    return True

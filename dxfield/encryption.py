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

``encrypt_backup`` does the same to a plain backup, reading it as it is (immutable: not even
its journal mode changes, so its date stays, and the copy gets that date too).
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from .backup import counts_differ, export_copy, table_counts
from .driver import connect, is_encrypted, sqlite3
from .errors import DatabaseError, DatabaseLockedError, DxfieldError, NewerDatabaseError
from .messages import msg
from .storecheck import check_schema, side_files
from .storekey import StoreKey, converting_plain_store, key_for_new_store, unlock

log = logging.getLogger(__name__)


def staging_for(database: Path) -> Path:
    return database.with_name(f".{database.name}.convert.part")


def retired_for(database: Path) -> Path:
    return database.with_name(f".{database.name}.retired")


def fsync_path(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # a folder cannot be opened on Windows (its renames are durable there)
    try:
        os.fsync(fd)
    except OSError:
        pass  # a folder cannot be synced on Windows
    finally:
        os.close(fd)


def scrub(path: Path) -> None:
    """Overwrite ``path`` with zeros, sync, then remove it. A file that has another name too
    (a hard link: a damaged store set aside while it is still in place) is only unlinked:
    its bytes are still in use under that other name."""
    try:
        stat = path.stat()
        if stat.st_nlink > 1:
            path.unlink(missing_ok=True)
            return
        size = stat.st_size
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
    key: StoreKey | None = field(default=None, repr=False)  # what it is encrypted with


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
    _put_in_place(staging, database, key, counts)
    return Converted(database, key is not None, counts, key)


def _put_in_place(
    staging: Path,
    database: Path,
    key: StoreKey | None,
    counts: dict[str, int],
    original: os.stat_result | None = None,
) -> None:
    """Steps 4 to 6 for the converted copy ``staging``; it is removed on any failure.
    ``original``: the old file's stat, whose dates the copy keeps, and which must not have
    changed meanwhile (a file written to meanwhile is not replaced)."""
    try:
        _verify(staging, key, counts)
        if original is not None:
            os.utime(staging, ns=(original.st_atime_ns, original.st_mtime_ns))
        fsync_path(staging)
        changed = original is not None and database.stat().st_mtime_ns != original.st_mtime_ns
        if side_files(database) or changed:
            raise DatabaseLockedError(msg("store.opened_meanwhile", name=database.name))
        _swap(staging, database)
    except BaseException:
        _remove_staging(staging)
        raise


def _newer_is_ours(conn, name: str) -> None:
    # A newer dxfield's backup is still ours: its rows are copied as they are.
    with contextlib.suppress(NewerDatabaseError):
        check_schema(conn, name)


def encrypt_backup(backup: Path, key: StoreKey) -> Converted:
    """Rewrite the plain backup at ``backup`` encrypted with ``key`` (the store's), crash-safe
    as ``convert``. Raises ``DatabaseLockedError`` for a backup in use or written meanwhile
    (try again later), and another ``DxfieldError`` or ``sqlite3.Error`` for one that is not a
    readable dxfield store (it is left as it is)."""
    finish_interrupted(backup)
    staging = staging_for(backup)
    if side_files(backup):
        # Opened (and cut off) since it was written: fold its WAL in first. Only then is it
        # read as an unchanging file.
        folding = connect(backup, timeout=5)
        try:
            folding.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            folding.close()
    original = backup.stat()
    try:
        conn = connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            _newer_is_ours(conn, backup.name)
            counts = table_counts(conn)
            export_copy(conn, staging, key)
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        _remove_staging(staging)
        said = msg("store.not_converted", name=backup.name, detail=exc)
        raise DatabaseLockedError(said) from exc
    except BaseException:
        _remove_staging(staging)
        raise
    _put_in_place(staging, backup, key, counts, original)
    return Converted(backup, True, counts, key)


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
    fsync_path(database.parent)
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
        with converting_plain_store():
            converted = encrypt_store(database)
    except (DxfieldError, sqlite3.Error, OSError) as exc:
        log.warning("the store %s stays plain for now: %s", database, exc)
        return False
    log.info("encrypted the store %s (%s tables)", database, len(converted.counts))
    _encrypt_backups_too(database, converted.key)
    return True


def _encrypt_backups_too(database: Path, key: StoreKey | None) -> None:
    """The store's plain backups follow it at once (what is left over, the next run of the
    app or of ``dxfield encryption enable`` finishes; see ``storecopies``)."""
    from .storecopies import CopiesReport, reencrypt_backups

    report = CopiesReport()
    try:
        if key is not None:
            reencrypt_backups(database.parent, key, report)
    except (DxfieldError, sqlite3.Error, OSError) as exc:
        log.warning("the backups of %s stay plain for now: %s", database, exc)
    if report.reencrypted:
        log.info("re-encrypted %d plain backups of %s", len(report.reencrypted), database)

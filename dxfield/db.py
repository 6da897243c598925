"""The local store: one SQLite file, opened safely, migrated after a backup.

This module owns engines, connections and transactions; services receive a ``Session`` and
never commit. ``Database.session()`` is the one place a unit of work begins and ends.

Durability: WAL with ``synchronous=FULL`` (NORMAL may drop the last commits on power loss),
foreign keys on, a busy timeout so the UI's background writer and a reader can share the
file. Write sessions start with ``BEGIN IMMEDIATE`` so two writers queue on the busy timeout
instead of failing half-way with SQLITE_BUSY on the upgrade to a write lock.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from . import migrations, search, tracking, written
from .driver import connect, is_encrypted, sqlite3
from .encryption import encrypt_if_plain, finish_interrupted
from .errors import (
    CorruptDatabaseError,
    DatabaseError,
    DatabaseLockedError,
    DiskFullError,
    DxfieldError,
    NewerDatabaseError,
    ReadOnlyDatabaseError,
    StoreKeyError,
)
from .messages import msg
from .storecheck import APPLICATION_ID, check_header, check_schema
from .storekey import StoreKey, encryption_wanted, key_for_new_store, unlock
from .transactions import read_transaction, write_transaction

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own transaction
    # handling begins late and breaks SAVEPOINTs).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def _on_begin(conn) -> None:
    options = conn.get_execution_options()
    # Reads run with query_only on: a read path that writes fails at once instead of
    # upgrading its snapshot to a write lock (which fails with "database is locked" as soon
    # as another writer got in first). Set on every begin: connections are pooled.
    query_only = "ON" if options.get("dxfield_read_only") else "OFF"
    conn.exec_driver_sql(f"PRAGMA query_only = {query_only}")
    conn.exec_driver_sql(f"BEGIN {options.get('dxfield_begin', 'DEFERRED')}")


def make_engine(path: Path, key: StoreKey | None = None) -> Engine:
    """An engine on the store at ``path`` through SQLCipher's driver; with ``key``, every
    new connection sets it as its first statement (before SQLAlchemy's own queries)."""
    engine = create_engine(
        f"sqlite:///{path}", module=sqlite3, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
    )
    if key is not None:

        def keyed_connect(dialect, _record, cargs, cparams):
            return connect(*cargs, key=key, **cparams)

        event.listen(engine, "do_connect", keyed_connect)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def translate_error(exc: BaseException, path: Path | None = None) -> DxfieldError:
    """Map a SQLite failure to a typed error saying what it means for the user's data."""
    orig = getattr(exc, "orig", exc)
    text = str(orig).lower()
    where = (
        {"where": f"（{path}）", "where_en": f" ({path})"}
        if path
        else {"where": "", "where_en": ""}
    )
    if "database is locked" in text or "database is busy" in text:
        return DatabaseLockedError(msg("store.locked", **where))
    if "readonly" in text or "read-only" in text or "attempt to write a readonly" in text:
        return ReadOnlyDatabaseError(msg("store.readonly", **where))
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(msg("store.disk_full", **where))
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return CorruptDatabaseError(msg("store.corrupt", **where))
    return DatabaseError(msg("store.sqlite_error", detail=orig, **where))


def _is_store_failure(exc: sa_exc.DatabaseError) -> bool:
    """A failure of the file (locked, read-only, full, damaged), not of the statement: an
    IntegrityError is for its caller to handle (the sync retries row by row on one)."""
    return type(exc) in (sa_exc.OperationalError, sa_exc.DatabaseError)


@dataclass
class Database:
    """An open local store. Use ``with db.session() as s:`` for each unit of work."""

    path: Path
    engine: Engine
    _write_factory: sessionmaker[Session]
    _read_factory: sessionmaker[Session]
    key: StoreKey | None = field(default=None, repr=False)  # None: a plain store

    def session(self) -> AbstractContextManager[Session]:
        """A write transaction: commits on success, rolls back on any error."""
        return write_transaction(self._write_factory, self._store_failure)

    def read_session(self) -> AbstractContextManager[Session]:
        """A read-only snapshot; never holds a write lock, always ends its transaction."""
        return read_transaction(self._read_factory, self._store_failure)

    def _store_failure(self, exc: sa_exc.DatabaseError) -> DxfieldError | None:
        return translate_error(exc, self.path) if _is_store_failure(exc) else None

    def close(self) -> None:
        self.engine.dispose()


def _check_file(path: Path) -> bool:
    """True if ``path`` holds data; raises if it is not a SQLite database or is cut short."""
    if not path.exists():
        return False
    try:
        if path.stat().st_size == 0:
            return False
    except OSError as exc:
        raise DatabaseError(msg("store.unreadable", path=path, detail=exc.strerror)) from exc
    check_header(path)
    return True


def _migrate(path: Path, key: StoreKey | None) -> None:
    """Upgrade on an engine of its own, disposed at once. A dialect keeps the types it has
    compiled (and through them the migration's whole copy of the schema, some 5,000
    objects), and the ORM's per-mapper statement caches keep every dialect they have served:
    migrating on the store's own engine left that copy alive for as long as the process ran
    (tests open hundreds of stores in one process, and every garbage collection walked it)."""
    engine = make_engine(path, key)
    try:
        migrations.upgrade(engine)
    finally:
        engine.dispose()


def _set_application_id(raw: sqlite3.Connection) -> None:
    # Marks the file as dxfield's, so that a restore can tell it from another program's.
    try:
        if raw.execute("PRAGMA application_id").fetchone()[0] == 0:
            raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except sqlite3.OperationalError:
        pass  # a read-only store stays as it is


_ANY_KEY = StoreKey("", raw=False)  # open_database's default: the keys this computer has


def _store_key(path: Path, existed: bool, given: StoreKey | None) -> StoreKey | None:
    """The key of the store at ``path``: the one that opens it, or for a new store the one
    it gets (none when encryption is switched off or not available here)."""
    if given is not _ANY_KEY:
        if existed:
            conn = connect(path, key=given, timeout=5)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.DatabaseError as exc:
                raise StoreKeyError(msg("store.wrong_key", name=path.name)) from exc
            finally:
                conn.close()
        return given
    if existed:
        conn, key = unlock(path, lambda key: connect(path, key=key, timeout=5))
        conn.close()
        return key
    if not encryption_wanted():
        return None
    return key_for_new_store()


def open_database(
    path: Path, *, backup_dir: Path | None = None, key: StoreKey | None = _ANY_KEY
) -> Database:
    """Open (creating or migrating as needed) the store at ``path``.

    A database from a newer dxfield is refused untouched. Before an older one is migrated it
    is copied to ``backup_dir`` (default: ``backups/`` beside it). An encrypted store opens
    with the key in the keyring or a passphrase (``storekey``); a new store is encrypted
    unless encryption is switched off. A wrong key changes nothing. ``key``: this key (None:
    plain) instead of the computer's, for files that are not the user's store (the
    self-test's).
    """
    finish_interrupted(path)
    existed = _check_file(path)
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif key is _ANY_KEY and not is_encrypted(path) and encryption_wanted():
        encrypt_if_plain(path)  # the first start since encryption came: left plain on failure
    try:
        key = _store_key(path, existed, key)
    except sqlite3.Error as exc:
        raise translate_error(exc, path) from exc
    engine = make_engine(path, key)
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            # Checked before anything is written: a damaged, foreign or newer file is left
            # as it is (not even switched to WAL).
            current = migrations.current_revision(raw)
            if migrations.has_head_columns(current):
                check_schema(raw, path.name)
            if current is None or current in migrations.REVISIONS:
                mode = raw.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode.lower() != "wal":
                    log.warning("journal_mode is %s, not WAL, for %s", mode, path)
            if current in migrations.REVISIONS:
                _set_application_id(raw)
        if current != migrations.HEAD:
            if current is not None and current not in migrations.REVISIONS:
                raise NewerDatabaseError(
                    f"{path} was written by a newer version of dxfield (schema {current}); "
                    "update dxfield to open it",
                    revision=current,
                )
            if existed and current is not None:
                from .backup import rotate_backup
                from .paths import backup_dir as default_backup_dir

                folder = backup_dir or default_backup_dir(path.parent)
                rotate_backup(path, folder, reason=f"pre-{current}")
            _migrate(path, key)
        search.install(engine)  # derived data, outside Alembic: rebuilt if missing or outdated
    except DxfieldError:
        engine.dispose()
        raise
    except (sa_exc.DBAPIError, sqlite3.Error) as exc:
        engine.dispose()
        raise translate_error(exc, path) from exc
    write_engine = engine.execution_options(dxfield_begin="IMMEDIATE")
    write_factory = sessionmaker(write_engine, expire_on_commit=False)
    read_factory = sessionmaker(
        engine.execution_options(dxfield_read_only=True), expire_on_commit=False
    )
    tracking.install(write_factory)
    tracking.install(read_factory)
    written.install(engine, write_factory)
    return Database(path, engine, write_factory, read_factory, key)

"""Is this file a dxfield store, intact, and what does it hold? Asked before trusting it.

Every file the app is about to open as its store, restore from, or list as a backup passes
through here. ``open_candidate`` is the one place a file is opened for that (an encrypted
store will open its key there); ``inspect_store`` checks what a restore must be able to rely
on and sums up what the file holds, so a person sees it before anything is replaced.

Checks, cheapest first: a file we can read; the SQLite header; a file as long as its header
says (a truncated copy is caught without reading it); SQLite can read the schema; dxfield's
application id (or none, as stores written before it was set have); a schema revision this
dxfield knows; every table (and, at the newest revision, every column) the app needs; then
``PRAGMA integrity_check`` (or the faster ``quick_check``).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import migrations
from .driver import connect, is_encrypted, sqlite3
from .errors import (
    CorruptDatabaseError,
    DatabaseError,
    ForeignDatabaseError,
    NewerDatabaseError,
    StoreKeyError,
    UnreadableFileError,
)
from .messages import msg
from .storekey import StoreKey, unlock

SQLITE_HEADER = b"SQLite format 3\x00"
# "DXFD": PRAGMA application_id of every store dxfield writes (0 in stores made before).
APPLICATION_ID = 0x44584644

# The tables of schema revision 0001; later revisions are checked against the models (as
# written out in migrations.head).
CORE_TABLES = frozenset(
    (
        "alembic_version",
        "assessment_template",
        "import_batch",
        "municipality",
        "pending_change",
        "programme_year",
        "sync_conflict",
        "sync_state",
        "team_member",
        "assessment_response",
        "contact",
        "phase_window",
        "question",
        "visit",
        "action_item",
        "answer",
        "note_section",
        "visit_member",
    )
)
# What a person recognises, in the order a summary lists it; tombstones are not counted.
SUMMARY_TABLES = (
    "visit",
    "note_section",
    "action_item",
    "assessment_response",
    "training",
    "survey_response",
    "need",
    "proposal_draft",
    "contact",
    "team_member",
)


@dataclass(frozen=True)
class StoreSummary:
    """What a store file holds, for a person deciding whether to restore it."""

    path: Path
    revision: str
    page_size: int
    size: int
    modified_at: datetime
    counts: dict[str, int] = field(default_factory=dict)
    unsynced: int = 0
    newest_edit: datetime | None = None  # local time


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except FileNotFoundError as exc:
        raise DatabaseError(msg("file.missing", path=path)) from exc
    except IsADirectoryError as exc:
        raise DatabaseError(msg("store.is_folder", path=path)) from exc
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise UnreadableFileError(
            msg("file.unreadable", path=path, detail=detail), path=str(path)
        ) from exc


def check_header(path: Path) -> int:
    """The page size, after checking the header and that the file is not cut short; 0 for
    an encrypted file, whose header only its key reads (``open_candidate`` checks it)."""
    header = _read_header(path)
    if is_encrypted(path):
        return 0
    if len(header) < 100 or header[:16] != SQLITE_HEADER:
        raise CorruptDatabaseError(msg("store.not_sqlite", name=path.name))
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise CorruptDatabaseError(msg("store.bad_page_size", name=path.name, page_size=page_size))
    (change,) = struct.unpack(">I", header[24:28])
    (pages,) = struct.unpack(">I", header[28:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    # The header's page count is valid when its "version valid for" matches the change
    # counter (SQLite 3.7.0 and later); the file cannot then be shorter than that. Unless a
    # WAL is there to replay: a checkpoint cut off mid-way may have written page 1 first.
    size = path.stat().st_size
    wal = Path(f"{path}-wal")
    replay = wal.exists() and wal.stat().st_size > 0
    if pages and valid_for == change and size < pages * page_size and not replay:
        raise CorruptDatabaseError(
            msg("store.cut_short", name=path.name, size=size, expected=pages * page_size)
        )
    return page_size


def open_candidate(path: Path, *, read_only: bool = True) -> sqlite3.Connection:
    """A connection to ``path`` after the header checks; the one way a candidate store is
    opened. Read-only unless asked, so that checking a file never changes it."""
    return open_keyed(path, read_only=read_only)[0]


def open_keyed(
    path: Path, *, read_only: bool = True, ask: bool = True
) -> tuple[sqlite3.Connection, StoreKey | None]:
    """``open_candidate`` and the key that opened the file (None: a plain file). Raises
    ``StoreKeyError`` for an encrypted file none of the keys at hand opens."""
    check_header(path)
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    try:
        return unlock(path, lambda key: connect(uri, key=key, uri=True, timeout=5), ask=ask)
    except sqlite3.Error as exc:
        raise CorruptDatabaseError(msg("store.cannot_open", name=path.name, detail=exc)) from exc


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _required_columns(revision: str) -> dict[str, set[str]]:
    if not migrations.has_head_columns(revision):
        return {name: set() for name in CORE_TABLES}
    # The models' tables, written out (migrations.head) so that checking a backup does not
    # wait for SQLAlchemy.
    from .migrations.head import COLUMNS

    required = {name: set(columns.split()) for name, columns in COLUMNS.items()}
    required["alembic_version"] = {"version_num"}
    return required


def check_schema(conn: sqlite3.Connection, name: str) -> str:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id not in (0, APPLICATION_ID):
            raise ForeignDatabaseError(msg("store.other_program", name=name, app_id=app_id))
        try:
            revision = migrations.current_revision(conn)
        except ForeignDatabaseError as exc:
            raise ForeignDatabaseError(msg("store.not_ours", name=name)) from exc
        if revision is None:
            raise ForeignDatabaseError(msg("store.empty", name=name))
        if revision not in migrations.REVISIONS:
            raise NewerDatabaseError(
                msg("store.newer", name=name, revision=revision), revision=revision
            )
        present = _tables(conn)
        for table, columns in sorted(_required_columns(revision).items()):
            if table not in present:
                raise CorruptDatabaseError(msg("store.table_missing", name=name, table=table))
            if columns:
                have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
                missing = sorted(columns - have)
                if missing:
                    columns = ", ".join(missing)
                    raise CorruptDatabaseError(
                        msg("store.columns_missing", name=name, table=table, columns=columns)
                    )
        return revision
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(msg("store.damaged_or_foreign", name=name, detail=exc)) from exc


def _check_pages(conn: sqlite3.Connection, name: str, *, thorough: bool) -> None:
    pragma = "integrity_check(20)" if thorough else "quick_check(20)"
    try:
        results = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(msg("store.damaged", name=name, detail=exc)) from exc
    if results != ["ok"]:
        detail = "; ".join(results[:3])
        raise CorruptDatabaseError(msg("store.damaged", name=name, detail=detail))


def _summary(conn: sqlite3.Connection, path: Path, revision: str, page_size: int) -> StoreSummary:
    counts = {}
    newest: datetime | None = None
    present = _tables(conn)
    for table in SUMMARY_TABLES:
        if table in present:
            counts[table] = conn.execute(
                f"SELECT count(*) FROM {table} WHERE NOT deleted"
            ).fetchone()[0]
    for table in sorted(present & (CORE_TABLES | set(SUMMARY_TABLES))):
        columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        if "updated_at" not in columns:
            continue
        value = conn.execute(f"SELECT max(updated_at) FROM {table}").fetchone()[0]
        stamp = _parse_stamp(value)
        if stamp is not None and (newest is None or stamp > newest):
            newest = stamp
    unsynced = conn.execute("SELECT count(*) FROM pending_change").fetchone()[0]
    stat = path.stat()
    return StoreSummary(
        path=path,
        revision=revision,
        page_size=page_size,
        size=stat.st_size,
        modified_at=datetime.fromtimestamp(stat.st_mtime),
        counts=counts,
        unsynced=unsynced,
        newest_edit=newest,
    )


def _parse_stamp(value: object) -> datetime | None:
    """A stored stamp (UTC) as the laptop's local time, which is what people read."""
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone().replace(tzinfo=None)


def inspect_store(path: Path, *, thorough: bool = True) -> StoreSummary:
    """Check ``path`` as a dxfield store and sum up what it holds; raise saying why not.

    ``thorough``: ``integrity_check`` (every page and index entry) rather than the faster
    ``quick_check``. Raises ``CorruptDatabaseError``, ``ForeignDatabaseError``,
    ``NewerDatabaseError``, ``UnreadableFileError`` or ``DatabaseError`` (no such file).
    """
    path = Path(path)
    page_size = check_header(path)
    conn = open_candidate(path)
    try:
        page_size = page_size or conn.execute("PRAGMA page_size").fetchone()[0]
        revision = check_schema(conn, path.name)
        _check_pages(conn, path.name, thorough=thorough)
        try:
            return _summary(conn, path, revision, page_size)
        except sqlite3.DatabaseError as exc:
            raise CorruptDatabaseError(msg("store.damaged", name=path.name, detail=exc)) from exc
    finally:
        conn.close()


def is_store_error(exc: BaseException) -> bool:
    """True for the failures recovery is for: the file is damaged or is not a store.

    Not for a store that is only locked, read-only, on a full disk or from a newer dxfield:
    those are left alone and explained.
    """
    # A file no key at hand opens may be encrypted with another key, or damaged on its first
    # page (a plain store's too): the same bytes. Recovery keeps it as it is either way.
    return isinstance(
        exc, CorruptDatabaseError | ForeignDatabaseError | UnreadableFileError | StoreKeyError
    )


def side_files(path: Path) -> list[Path]:
    """The WAL, shared-memory and journal files that belong with the store at ``path``."""
    names = (f"{path}-wal", f"{path}-shm", f"{path}-journal")
    return [Path(n) for n in names if Path(n).exists()]

"""The kept record of the unsynced edits read out of a damaged store (``salvage``).

A recovery writes what it read out of the damaged store beside the copy it keeps of it in
``backups/damaged/``, before anything is replaced: nothing salvaged is ever lost for good.
How the record is kept follows the store:

* an encrypted store: ``NAME.salvage``, a one-row SQLite file encrypted with the store's key
  through the same driver (SQLCipher), so a laptop never carries the notes in clear text;
* a plain store: ``NAME.json``, readable in any editor.

Either is read back (``read_record``; ``dxfield recover --show`` prints it in Japanese). A
record is written to ``NAME.part``, synced, and renamed into place: a kill leaves the whole
record or none (and a ``.part`` that ``storecopies`` offers for removal). ``encrypt_json``
turns a plain record (a plain store since encrypted, or a version before this one) into an
encrypted one, checked by reading it back before the caller removes the JSON.

No SQLAlchemy here: ``storecopies`` runs at start.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from .driver import connect, sqlite3
from .encryption import fsync_path
from .errors import DatabaseError
from .messages import msg
from .storekey import StoreKey, unlock

ENCRYPTED_SUFFIX = ".salvage"
PLAIN_SUFFIX = ".json"
SUFFIXES = (ENCRYPTED_SUFFIX, PLAIN_SUFFIX)
TABLE = "salvaged"
FORMAT = 1  # user_version of a record file


def record_path(kept: Path, key: StoreKey | None) -> Path:
    """Where the record for the damaged copy ``kept`` goes: encrypted with ``key``, or JSON."""
    return kept.with_suffix(ENCRYPTED_SUFFIX if key is not None else PLAIN_SUFFIX)


def _text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, default=str)


def write_record(document: dict[str, Any], dest: Path, key: StoreKey | None) -> Path:
    """Write ``document`` (``Salvage.to_json()``) to ``dest``: encrypted with ``key``, or as
    JSON when ``key`` is None. Whole or not at all; synced before it returns."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        if key is None:
            with tmp.open("w", encoding="utf-8") as fh:
                fh.write(_text(document))
                fh.flush()
                os.fsync(fh.fileno())
        else:
            _write_encrypted(tmp, _text(document), key)
        tmp.replace(dest)
        fsync_path(dest.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def _write_encrypted(path: Path, text: str, key: StoreKey) -> None:
    conn = connect(path, key=key)
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA user_version = {FORMAT}")
        conn.execute(
            f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), "
            "written_at TEXT NOT NULL, document TEXT NOT NULL)"
        )
        conn.execute(f"INSERT INTO {TABLE} VALUES (1, ?, ?)", (datetime.now().isoformat(" "), text))
        conn.commit()
    finally:
        conn.close()
    fsync_path(path)


def read_record(path: Path, key: StoreKey | None = None) -> dict[str, Any]:
    """The document kept at ``path``. An encrypted record opens with the keys this process
    knows (the keyring's, ``--key``), else a passphrase asked for. Raises ``StoreKeyError``
    when no key opens it and ``DatabaseError`` for a file that is no such record. ``key``:
    this key only (a record just written)."""
    path = Path(path)
    try:
        if path.suffix == PLAIN_SUFFIX:
            document = json.loads(path.read_text(encoding="utf-8"))
        else:
            document = json.loads(_read_encrypted(path, key))
    except (OSError, ValueError, TypeError, sqlite3.Error) as exc:
        raise DatabaseError(msg("salvage.not_a_record", path=path, detail=exc)) from exc
    if not isinstance(document, dict):
        raise DatabaseError(msg("salvage.not_a_record", path=path, detail=type(document).__name__))
    return document


def _read_encrypted(path: Path, key: StoreKey | None) -> str:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if key is not None:
        conn = connect(uri, key=key, uri=True)
    else:
        conn, _key = unlock(path, lambda k: connect(uri, key=k, uri=True))
    try:
        return conn.execute(f"SELECT document FROM {TABLE} WHERE id = 1").fetchone()[0]
    finally:
        conn.close()


def encrypt_json(path: Path, key: StoreKey) -> Path:
    """An encrypted record beside the plain record ``path`` with the same document, read
    back and compared; the caller removes ``path`` afterwards. Raises ``DatabaseError`` for
    a file that is not a record (it is left as it is)."""
    document = read_record(path)
    dest = path.with_suffix(ENCRYPTED_SUFFIX)
    write_record(document, dest, key)
    if read_record(dest, key) != document:
        raise DatabaseError(msg("salvage.reencrypt_failed", path=path))
    os.utime(dest, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    return dest


def records_in(folders: list[Path]) -> list[Path]:
    """The records of salvaged edits in ``folders``, newest first."""
    found = []
    for folder in folders:
        for suffix in SUFFIXES:
            found += [p for p in folder.glob(f"*{suffix}") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

"""The SQLite driver every part of the core uses: SQLCipher's build when it is installed.

``sqlcipher3`` is the standard library's ``sqlite3`` module built against SQLCipher 4 (with
FTS5 and the trigram tokenizer). It opens plain files as ``sqlite3`` does and encrypted
ones once ``PRAGMA key`` was the first statement on the connection. Its exceptions are its
own classes, not ``sqlite3``'s: the core imports ``sqlite3`` from here only, so that every
``except sqlite3.Error`` catches what the connections in use raise. Where no wheel exists
for a platform the standard library's module stands in and ``CIPHER_AVAILABLE`` is False:
plain stores work as before, encrypted ones are refused with a message saying why.
"""

from __future__ import annotations

from pathlib import Path

try:
    from sqlcipher3 import dbapi2 as sqlite3

    CIPHER_AVAILABLE = True
except ImportError:  # no wheel for this platform: plain stores only
    import sqlite3  # type: ignore[no-redef]

    CIPHER_AVAILABLE = False

__all__ = ["CIPHER_AVAILABLE", "is_encrypted", "sqlite3"]


def _null(value: None) -> None:
    return value


# The driver binds int, float, str and bytes straight away but looks every other value up
# as something to adapt, None included: with no adapter registered for it, that look-up
# asks the value and the protocol for ``__conform__``/``__adapt__`` and builds and drops an
# AttributeError for each (about 1 microsecond a null). An initial pull binds a null for
# every empty optional column and every index entry without a training: a quarter of a
# million. Registered, the same None is bound (SQL NULL), for a plain call.
sqlite3.register_adapter(type(None), _null)

SQLITE_MAGIC = b"SQLite format 3\x00"

_quiet = False


def quiet_cipher_log(conn: sqlite3.Connection) -> None:
    """SQLCipher writes each failed page decryption (a wrong key) to stderr by default; the
    caller reports a wrong key itself, in Japanese. The level is process-wide: set once."""
    global _quiet
    if CIPHER_AVAILABLE and not _quiet:
        conn.execute("PRAGMA cipher_log_level = NONE")
        _quiet = True


def is_encrypted(path: Path) -> bool:
    """True for a file of whole pages that does not start with SQLite's header: SQLCipher
    encrypts page 1 too, so its files start with 16 random bytes (the salt). A damaged
    store of whole pages looks the same (only a key tells them apart); any other file is
    simply not a SQLite file."""
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(16)
            size = fh.seek(0, 2)
    except OSError:
        return False
    return len(head) == 16 and head != SQLITE_MAGIC and size % 512 == 0


def connect(database, *, key=None, **kwargs) -> sqlite3.Connection:
    """``sqlite3.connect`` with ``key`` (a ``storekey.StoreKey``) set first, when given."""
    conn = sqlite3.connect(database, **kwargs)
    if key is not None:
        apply_key(conn, key)
    return conn


def apply_key(conn: sqlite3.Connection, key) -> None:
    quiet_cipher_log(conn)
    conn.execute(f"PRAGMA key = {key.pragma}")

"""Raw connections to store files in tests, through the app's driver and known keys.

``raw_connect(path)`` opens a store the way a test pokes at it (bypassing the app), with the
key that opens it when it is encrypted; a missing or plain file opens plain. ``sqlite3`` is
the driver module, whose exception classes the connections raise.
"""

from __future__ import annotations

from pathlib import Path

from dxfield.driver import connect, sqlite3
from dxfield.storekey import unlock

__all__ = ["raw_connect", "sqlite3"]


def raw_connect(path, **kwargs) -> sqlite3.Connection:
    conn, _key = unlock(Path(path), lambda key: connect(path, key=key, **kwargs), ask=False)
    return conn

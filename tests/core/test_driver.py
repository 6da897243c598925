"""The store's driver (``dxfield.driver``): what it binds is what SQLite stores."""

from __future__ import annotations

from dxfield import driver
from dxfield.driver import sqlite3


def test_none_is_stored_as_sql_null_through_the_registered_adapter():
    """None goes through the adapter registered for it (a plain call instead of the
    driver's failed attribute look-ups) and is stored as SQL NULL, as without it."""
    assert sqlite3.adapters[(type(None), sqlite3.PrepareProtocol)] is driver._null
    conn = driver.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (a, b TEXT, c INTEGER)")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?)", [(None, None, None), (1, "x", None)])
        conn.execute("INSERT INTO t VALUES (?, ?, ?)", (None, "y", 2))
        conn.execute("INSERT INTO t VALUES (:a, :b, :c)", {"a": None, "b": None, "c": 3})
        rows = conn.execute(
            "SELECT typeof(a), typeof(b), typeof(c), a IS NULL, b IS NULL FROM t ORDER BY rowid"
        ).fetchall()
    finally:
        conn.close()
    assert rows == [
        ("null", "null", "null", 1, 1),
        ("integer", "text", "null", 0, 0),
        ("null", "text", "integer", 1, 0),
        ("null", "null", "integer", 1, 1),
    ]

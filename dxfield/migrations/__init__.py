"""Alembic migrations of the local store, shipped inside the package.

``HEAD`` and ``REVISIONS`` are spelled out so that opening an up-to-date database costs one
query instead of loading every migration script; a test checks they match the scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..driver import sqlite3
from ..errors import DatabaseError, ForeignDatabaseError
from ..messages import msg

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

HERE = Path(__file__).resolve().parent

# Oldest first. Append a new revision here when adding a migration.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]
# The revisions that changed what a synced record holds (its tables and columns), oldest
# first; the newest is the schema the sync protocol speaks (``sync.protocol.SCHEMA``). A
# migration that leaves the records as they are (0003 adds indexes) is not listed:
# laptops on either side of it and the server exchange the same records, so none of them
# has to be updated for another to go on syncing. Append the new revision here too when a
# migration adds or changes a table, a column, a constraint or a unique index, or rewrites
# what the records hold (a renamed enum value); ``tests/sync/test_schema_revisions.py``
# checks the schema's part.
RECORD_REVISIONS: tuple[str, ...] = ("0001", "0002")


def has_head_columns(revision: str | None) -> bool:
    """Whether a store at ``revision`` has the tables and columns of ``HEAD``
    (``head.COLUMNS``): no revision since it changed any (``RECORD_REVISIONS``)."""
    return revision in REVISIONS and REVISIONS.index(revision) >= REVISIONS.index(
        RECORD_REVISIONS[-1]
    )


def alembic_config() -> Config:
    # Alembic is imported only when a migration runs: opening an up-to-date store (every
    # start of the app) never pays for it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


def current_revision(raw: sqlite3.Connection) -> str | None:
    has_table = raw.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        others = raw.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if others:
            raise ForeignDatabaseError(msg("store.foreign_file"))
        return None
    row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade in one transaction, foreign keys off during table rebuilds, checked after."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        # Must be set outside a transaction; batch rebuilds would cascade deletes otherwise.
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                from alembic import command

                config = alembic_config()
                config.attributes["connection"] = conn
                command.upgrade(config, target)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise DatabaseError(msg("store.broken_references", count=len(problems)))
        finally:
            raw.execute("PRAGMA foreign_keys = ON")

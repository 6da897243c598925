"""Alembic environment for the local store.

Runs on the connection handed in by ``dxfield.migrations.upgrade`` (the app's own, with its
pragmas); or, for developers generating a revision, on ``DXFIELD_MIGRATE_URL``. It never calls
``fileConfig``: that would silence the app's loggers.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from dxfield.models import Base
from dxfield.search import is_index_table

target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        # The search index is derived data outside Alembic: never autogenerate its removal.
        include_name=lambda name, type_, _parent: not is_index_table(name),
    )


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = os.environ.get("DXFIELD_MIGRATE_URL", "sqlite:///dev-migrate.sqlite3")
    engine = create_engine(url)
    with engine.begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported")
run_migrations_online()

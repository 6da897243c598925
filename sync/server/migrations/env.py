"""Alembic environment of the server database: runs on the connection handed in.

No ``fileConfig``: it would silence the server's loggers.
"""

from __future__ import annotations

from alembic import context

from sync.server.models import ServerBase

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("run server migrations through `dxfield-server migrate`")
context.configure(
    connection=connection,
    target_metadata=ServerBase.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

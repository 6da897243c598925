"""Alembic migrations of the server database (separate from the local store's)."""

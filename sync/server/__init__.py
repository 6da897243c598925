"""The central sync server: FastAPI + SQLAlchemy, SQLite by default, PostgreSQL by URL.

Stateless: everything (tokens, rate limits, idempotency keys, the sequence counter) lives in
the database, so several server processes can share one PostgreSQL.
"""

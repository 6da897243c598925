"""Engine, sessions and migrations of the server database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from dxfield.transactions import read_transaction, write_transaction

DB_ENV = "DXFIELD_SERVER_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every server process.
MIGRATION_LOCK = 0x64786669


def default_url() -> str:
    env = os.environ.get(DB_ENV)
    if env:
        return env
    folder = Path(platformdirs.user_data_dir("dxfield-server", "dxfield"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'server.sqlite3'}"


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy would pick psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA busy_timeout = 30000")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn) -> None:
    # Writers take the lock up front: SQLite then serialises pushes (and their sequence
    # numbers) exactly as the PostgreSQL row lock does.
    mode = conn.get_execution_options().get("dxfield_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


class FairTurn:
    """First come, first served among this process's writers.

    SQLite lets a waiting writer retry on a timer, so a big push that commits one chunk and
    at once begins the next would win every time and starve a one-change push for seconds.
    Taking turns here first hands the database to whoever asked first (PostgreSQL queues
    its row locks this way already; this only spares it pointless contention).
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0  # the ticket served now
        self._issued = 0

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._cond:
            ticket = self._issued
            self._issued += 1
            while ticket != self._next:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._next += 1
                self._cond.notify_all()


@dataclass
class ServerDB:
    url: str
    engine: Engine
    _write: sessionmaker[Session]
    _read: sessionmaker[Session]
    _turns: FairTurn = field(default_factory=FairTurn)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction, committed at the end; writers of this process take turns."""
        with self._turns.turn(), write_transaction(self._write) as session:
            yield session

    def read_session(self) -> AbstractContextManager[Session]:
        return read_transaction(self._read)

    def close(self) -> None:
        self.engine.dispose()


def open_server_db(url: str | None = None, *, migrate: bool = True) -> ServerDB:
    url = normalise_url(url or default_url())
    if url.startswith("sqlite"):
        # hide_parameters: a database error's message (logged) must not carry record content.
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        write_engine = engine.execution_options(dxfield_begin="IMMEDIATE")
    else:
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        write_engine = engine
    if migrate:
        upgrade(engine)
    return ServerDB(
        url,
        engine,
        sessionmaker(write_engine, expire_on_commit=False),
        sessionmaker(engine, expire_on_commit=False),
    )


def upgrade(engine: Engine) -> None:
    """Bring the schema to head; on PostgreSQL under an advisory lock (processes race)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            conn.commit()
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        finally:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                conn.commit()

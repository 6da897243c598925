from __future__ import annotations

import os
import uuid
from datetime import date

import keyring
import psycopg
import pytest
from psycopg import sql
from sqlalchemy import select

from dxfield.demo import install_demo
from dxfield.models import SYNCED_MODELS
from dxfield.records import encode, to_dict
from sync.protocol import STAMPS, table_order
from sync.server import accounts

from .helpers import (
    MemoryKeyring,
    ThreadServer,
    add_user,
    make_replica,
    open_replica,
    sqlite_server_db,
)

# Cheap argon2 for tests only (server processes started by tests inherit it).
FAST_ARGON2 = {
    "DXFIELD_SERVER_ARGON2_TIME": "1",
    "DXFIELD_SERVER_ARGON2_MEMORY_KIB": "1024",
    "DXFIELD_SERVER_ARGON2_PARALLELISM": "1",
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    for name, value in FAST_ARGON2.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(accounts, "_hasher", accounts._make_hasher())
    monkeypatch.setattr(accounts, "_dummy_hash", None)


PG_DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="module")
def pg_url():
    """A throwaway PostgreSQL database for the module, dropped afterwards.

    Skipped when no server is reachable, unless ``DXFIELD_REQUIRE_PG=1`` (CI): then a failure.
    """
    base = os.environ.get("DXFIELD_TEST_PG_URL", PG_DEFAULT_URL)
    try:
        admin = psycopg.connect(base, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if os.environ.get("DXFIELD_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL required (DXFIELD_REQUIRE_PG=1) but unreachable: {exc}")
        pytest.skip(f"no PostgreSQL reachable at {base}: {exc}")
    name = f"dxfield_test_{uuid.uuid4().hex[:10]}"
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def server_db(tmp_path):
    db = sqlite_server_db(tmp_path)
    for name, role in (
        ("admin", "admin"),
        ("advisor", "advisor"),
        ("advisor2", "advisor"),
        ("viewer", "viewer"),
    ):
        add_user(db, name, role)
    yield db
    db.close()


@pytest.fixture
def server(server_db):
    srv = ThreadServer(server_db).start()
    yield srv
    srv.stop()


@pytest.fixture
def replicas(tmp_path, server):
    made = []

    def make(name: str, user: str = "advisor", **kw):
        replica = make_replica(tmp_path, name, server.url, user, **kw)
        made.append(replica)
        return replica

    yield make
    for replica in made:
        replica.client.close()
        replica.db.close()


def _wire(obj) -> dict:
    data = to_dict(obj)
    for stamp in STAMPS:
        data[stamp] = encode(getattr(obj, stamp))
    return {"t": obj.__tablename__, "id": obj.id, "v": obj.version, "d": data}


@pytest.fixture(scope="module")
def demo_records(tmp_path_factory):
    """Every synced record of the demo, parents first, as a server would send them."""
    db = open_replica(tmp_path_factory.mktemp("source"))
    try:
        with db.session() as s:
            install_demo(s, today=date(2026, 7, 15))
        order = table_order()
        records = []
        with db.read_session() as s:
            for table in sorted(SYNCED_MODELS, key=lambda t: order.get(t, 99)):
                model = SYNCED_MODELS[table]
                records.extend(_wire(obj) for obj in s.scalars(select(model).order_by(model.id)))
        return records
    finally:
        db.close()

"""The server on PostgreSQL: the cursor under concurrent pushes, two processes, one database.

Needs a PostgreSQL at ``DXFIELD_TEST_PG_URL`` (default: the local ``test`` database). Each
run creates its own database and drops it afterwards. Skipped when none is reachable,
unless ``DXFIELD_REQUIRE_PG=1`` (CI), where that is a failure.
"""

from __future__ import annotations

import json
import threading
import time
import uuid

import pytest
from sqlalchemy import text

from sync.runner import synchronise
from sync.server import store
from sync.server.accounts import Principal
from sync.server.db import open_server_db
from tests import factories
from tests.sync.helpers import ProcessServer, Replica, add_user, login_client, open_replica

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_db(pg_url):
    db = open_server_db(pg_url)
    with db.session() as s:
        s.execute(
            text(
                "TRUNCATE sync_record, push_batch, push_chunk, record_history, user_quota, "
                "auth_token, login_throttle, user_account"
            )
        )
        s.execute(text("UPDATE counter SET value = 0"))
    yield db
    db.close()


def _change(n: int) -> dict:
    row_id = str(uuid.UUID(int=n))
    return {"t": "visit", "id": row_id, "bv": 0, "f": {"agenda": f"議題{n}"}, "b": {}}


def test_a_late_commit_is_never_skipped_by_the_cursor(pg_db):
    me = Principal(1, "advisor", "advisor")
    add_user(pg_db, "advisor", "advisor")
    first = pg_db._write()
    thread = None
    try:
        store.push(first, me, "a", "key-first", "h1", [_change(1)])  # holds the counter lock
        done = threading.Event()

        def second() -> None:
            with pg_db.session() as s:
                store.push(s, me, "b", "key-second", "h2", [_change(2)])
            done.set()

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        assert not done.is_set(), "the second push must wait for the first to commit"
        with pg_db.read_session() as s:
            page = json.loads(store.pull(s, 0, 100, role="advisor"))
        assert page["records"] == []
        first.commit()
    finally:
        first.close()  # never leave the lock held: later tests would wait on it forever
        if thread is not None:
            thread.join(10)
    with pg_db.read_session() as s:
        page = json.loads(store.pull(s, 0, 100, role="advisor"))
    assert [r["d"]["agenda"] for r in page["records"]] == ["議題1", "議題2"]


def test_two_server_processes_share_one_database(tmp_path, pg_url, pg_db):
    for name in ("advisor", "advisor2"):
        add_user(pg_db, name, "advisor")
    servers = [ProcessServer(pg_url), ProcessServer(pg_url)]
    procs = [threading.Thread(target=s.start) for s in servers]
    for t in procs:
        t.start()
    for t in procs:
        t.join()
    try:
        a_db, b_db = open_replica(tmp_path / "a"), open_replica(tmp_path / "b")
        a = login_client(servers[0].url, "advisor")
        b = login_client(servers[1].url, "advisor2")
        # A token from one process works on the other: nothing lives in a process.
        b_on_first = login_client(servers[0].url, "advisor2")
        b_on_first.token = b.token
        assert b_on_first.health()["status"] == "ok"
        for db in (a_db, b_db):
            with db.session() as s:
                for n in range(40):
                    factories.visit(s, agenda=f"{db.path.parent.name}{n}")
        results = {}

        def run(name, db, client):
            results[name] = synchronise(db, client, batch_size=7)

        threads = [
            threading.Thread(target=run, args=("a", a_db, a)),
            threading.Thread(target=run, args=("b", b_db, b)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert results["a"].sent == results["b"].sent == 40
        synchronise(a_db, a)
        synchronise(b_db, b)
        snap_a = Replica("a", a_db, a).snapshot()
        snap_b = Replica("b", b_db, b).snapshot()
        assert snap_a == snap_b
        assert sum(1 for (t, _i) in snap_a if t == "visit") == 80
        a_db.close()
        b_db.close()
    finally:
        for s in servers:
            s.kill()

"""A laptop never crashes on what it pulls (issue #11): a real server process whose database
holds every bad value a hostile or buggy push once stored, written straight into it."""

from __future__ import annotations

import functools
import io
import json
import math
import sys

import pytest
import requests
from sqlalchemy import select, update

from dxfield.db import open_database
from dxfield.models import NoteSection, SyncConflict, Visit
from dxfield.models.base import stable_id
from sync import client as sync_client
from sync import conflicts, state
from sync.client import SyncClient
from sync.protocol import SCHEMA, SCHEMA_HEADER
from sync.server.db import open_server_db
from sync.server.models import Counter, ServerBase, SyncRecord
from tests import factories
from tests.server.live import seed
from ui.main import main

from .helpers import PASSWORD, ProcessServer, login_client, open_replica

GOOD_VISIT = factories.visit_wire(
    created_at="2025-05-01T09:00:00", updated_at="2025-05-01T09:00:00"
)
# Each one, pushed once before pushes were checked, used to stop every laptop's sync.
BAD_VISITS = {
    "phase-bogus": {"phase": "bogus"},
    "starts-x": {"starts_at": "x"},
    "agenda-dict": {"agenda": {"a": 1}},
    "agenda-list": {"agenda": ["a"]},
    "agenda-huge": {"agenda": 10**30},
    "year-99999": {"fiscal_year": 99999},
    "year-abc": {"fiscal_year": "abc"},
    "updated-garbage": {"updated_at": "garbage"},
    "created-garbage": {"created_at": "garbage"},
    "agenda-nan": {"agenda": math.nan},
    "location-inf": {"location": math.inf},
    "deleted-string": {"deleted": "false"},
}


def visit_id(name: str) -> str:
    return stable_id("test-visit", name)


def seed_records(url: str) -> int:
    """Good and bad records written into the server's database; returns the last seq."""
    rows = [("visit", visit_id("good"), GOOD_VISIT)]
    rows += [("visit", visit_id(name), {**GOOD_VISIT, **bad}) for name, bad in BAD_VISITS.items()]
    note = {"kind": "memo", "body": "良い記録", "internal": False, "deleted": False}
    rows.append(("note_section", stable_id("n", "good"), {**note, "visit_id": visit_id("good")}))
    # A child of a record set aside: cannot be stored either, waits aside too.
    orphan = {**note, "visit_id": visit_id("phase-bogus")}
    rows.append(("note_section", stable_id("n", "orphan"), orphan))
    rows.append(("future_table", stable_id("future"), {"anything": 1}))
    rows.append(("visit", "not an id!", GOOD_VISIT))
    db = open_server_db(url)
    try:
        with db.session() as session:
            for seq, (table, row_id, data) in enumerate(rows, start=1):
                session.add(
                    SyncRecord(
                        table_name=table,
                        row_id=row_id,
                        version=1,
                        seq=seq,
                        data=json.dumps(data, ensure_ascii=False),  # NaN as Python writes it
                        deleted=False,
                    )
                )
            session.execute(update(Counter).where(Counter.name == "seq").values(value=len(rows)))
    finally:
        db.close()
    return len(rows)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def garbage_server(request, tmp_path):
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url")
    else:
        url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    seed(url)
    last = seed_records(url)
    server = ProcessServer(url).start()
    yield server, last
    server.kill()
    if request.param == "postgres":  # the module's database is shared: empty it again
        db = open_server_db(url)
        try:
            with db.session() as session:
                for table in reversed(ServerBase.metadata.sorted_tables):
                    if table.name != "counter":
                        session.execute(table.delete())
                session.execute(update(Counter).values(value=0))
        finally:
            db.close()


def test_non_finite_numbers_are_never_served_as_non_standard_json(garbage_server):
    server, _last = garbage_server
    http = requests.Session()
    token = login_client(server.url, "advisor").token
    headers = {"Authorization": f"Bearer {token}", SCHEMA_HEADER: SCHEMA}
    r = http.get(server.url + "/sync/pull", headers=headers, timeout=30)
    assert r.status_code == 200

    def refuse(constant):
        raise AssertionError(f"non-standard JSON constant {constant}")

    page = json.loads(r.text, parse_constant=refuse)
    by_id = {rec["id"]: rec["d"] for rec in page["records"]}
    assert by_id[visit_id("agenda-nan")]["agenda"] == {"$non_finite": "nan"}
    http.close()


def test_a_fresh_laptop_syncs_and_sets_the_bad_records_aside(garbage_server, tmp_path):
    server, last = garbage_server
    db = open_replica(tmp_path)
    client = login_client(server.url, "advisor")
    from sync.runner import synchronise

    report = synchronise(db, client, page_size=5)  # bad records on several pages
    bad = len(BAD_VISITS) + 3  # + the orphan note, the unknown table, the bad id
    assert report.set_aside == bad
    assert report.received == 2
    with db.read_session() as s:
        assert state.cursor(s) == last
        assert s.get(Visit, visit_id("good")).agenda == "初回面談"
        assert s.get(NoteSection, stable_id("n", "good")).body == "良い記録"
        stored = set(s.scalars(select(Visit.id)))
        assert not stored & {visit_id(name) for name in BAD_VISITS}
        listed = conflicts.open_conflicts(s)
    assert len(listed) == bad
    assert all(c.kind == "set_aside" and c.reason for c in listed)
    reasons = {c.row_id: c.reason_text() for c in listed}
    assert reasons[visit_id("phase-bogus")] == "phase: 選択肢にない値です"
    assert reasons[visit_id("year-abc")] == "fiscal_year: 値の型が正しくありません"
    assert reasons[visit_id("agenda-nan")] == "agenda: 値の型が正しくありません"
    assert reasons[visit_id("created-garbage")] == "created_at: 日時の形式が正しくありません"
    assert reasons[stable_id("future")] == "この版の dxfield が知らない種類のデータです"
    assert "visit" in reasons[stable_id("n", "orphan")]

    # The next sync has nothing new and piles up nothing; a fixed record closes its row.
    again = synchronise(db, client)
    assert (again.received, again.set_aside) == (0, 0)
    fixed = open_server_db(server.db_url)
    try:
        with fixed.session() as session:
            row = session.get(SyncRecord, ("visit", visit_id("phase-bogus")))
            row.data = json.dumps({**GOOD_VISIT, "agenda": "直しました"}, ensure_ascii=False)
            row.version, row.seq = 2, last + 1
            session.execute(update(Counter).where(Counter.name == "seq").values(value=last + 1))
    finally:
        fixed.close()
    assert synchronise(db, client).received == 1
    with db.read_session() as s:
        assert s.get(Visit, visit_id("phase-bogus")).agenda == "直しました"
        still = {c.row_id for c in conflicts.open_conflicts(s)}
    assert visit_id("phase-bogus") not in still
    assert len(still) == bad - 1
    with db.session() as s:  # marking one seen changes no data
        conflicts.resolve(s, conflicts.open_conflicts(s)[0].id, "theirs")
    with db.read_session() as s:
        assert s.query(SyncConflict).filter(SyncConflict.resolved_at.is_(None)).count() == bad - 2
    client.close()
    db.close()


def test_dxfield_sync_warns_and_exits_cleanly(
    garbage_server, tmp_path, memory_keyring, capsys, monkeypatch
):
    server, _last = garbage_server
    monkeypatch.setattr(sync_client, "SyncClient", functools.partial(SyncClient, backoff=0.01))
    data = tmp_path / "laptop"

    def run(*args, stdin=""):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["--data-dir", str(data), *args])
        return (code, *capsys.readouterr())

    login = ("login", server.url, "--user", "viewer", "--password-stdin")
    code, _out, err = run(*login, stdin=PASSWORD)
    assert code == 0, err
    code, _out, err = run("sync")
    assert code == 0, err
    assert f"受信したデータ {len(BAD_VISITS) + 3} 件" in err
    assert "「競合」画面" in err
    assert "Traceback" not in err
    code, out, err = run("sync", "--json")  # nothing new, and still no failure
    assert code == 0, err
    assert json.loads(out) | {"pages": 0} == {
        "ok": True,
        "sent": 0,
        "received": 0,
        "merged": 0,
        "conflicts": 0,
        "set_aside": 0,
        "held": 0,
        "batches": 0,
        "pages": 0,
    }
    db = open_database(data / "dxfield.sqlite3")
    with db.read_session() as s:
        assert s.get(Visit, visit_id("good")) is not None
    db.close()


def test_a_push_answer_holding_old_bad_data_is_set_aside_too(replicas, server_db):
    a = replicas("a")
    with a.db.session() as s:
        row_id = factories.visit(s, agenda="最初").id
    a.sync()
    with server_db.session() as s:  # stored before pushes were checked
        row = s.get(SyncRecord, ("visit", row_id))
        row.data = json.dumps({**json.loads(row.data), "phase": "bogus"})
    with a.db.session() as s:
        s.get(Visit, row_id).agenda = "変更"
    report = a.sync()
    assert report.set_aside == 1  # the answer, then the pull: one record aside, not two
    assert a.pending() == 0
    with a.db.read_session() as s:
        assert s.get(Visit, row_id).agenda == "変更"
        (kept,) = conflicts.open_conflicts(s)
    assert (kept.kind, kept.row_id, kept.reason_text()) == (
        "set_aside",
        row_id,
        "phase: 選択肢にない値です",
    )

"""Big pushes in chunks, seen whole; the per-user quota. Real server processes, SQLite and
PostgreSQL, with chunks of 5 changes so that a push of 23 takes five transactions.

The findings: one advisor's 5,000-change push held the global lock for seconds (another
user's 1-change push went from 17 ms to 1.2 s), and one advisor could add 90k records
unchecked. The fairness figures come from ``tests/bench/bench_push_fairness.py``.
"""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from sync.client import SyncClient, dumps
from sync.errors import SyncError
from sync.protocol import IDEMPOTENCY_HEADER
from sync.server import store
from sync.server.accounts import Principal
from sync.server.db import open_server_db
from sync.server.models import PushBatch, UserAccount

from .live import CHUNKED_ENV, pull_everything, push_changes, seed, visit, visit_id


def test_a_push_in_chunks_answers_whole_and_again_the_same(chunked):
    adv = chunked.token("advisor")
    changes = [visit(n) for n in range(100, 123)]
    key = uuid.uuid4().hex
    first = push_changes(chunked, adv, changes, key)
    assert first.status_code == 200, first.text
    assert [r["id"] for r in first.json()["results"]] == [c["id"] for c in changes]
    pulled = pull_everything(chunked, adv)
    assert all(pulled[c["id"]]["v"] == 1 for c in changes)
    again = push_changes(chunked, adv, changes, key)
    assert again.json() == first.json()
    assert all(pull_everything(chunked, adv)[c["id"]]["v"] == 1 for c in changes)


def test_a_bad_change_in_a_late_chunk_refuses_the_whole_push(chunked):
    adv = chunked.token("advisor")
    changes = [visit(n) for n in range(200, 219)] + [visit(219, phase="bogus")]
    r = push_changes(chunked, adv, changes)
    assert r.status_code == 422, r.text
    pulled = pull_everything(chunked, adv)
    assert not any(visit_id(n) in pulled for n in range(200, 220))


def test_a_push_cut_off_midway_is_never_seen_in_part_and_resumes(chunked, monkeypatch):
    """A server that dies after two of five chunks: pulls show none of it, and the laptop's
    retry with the same key applies the rest, nothing twice."""
    adv = chunked.token("advisor")
    changes = [visit(n) for n in range(300, 323)]
    body = dumps({"client_id": "laptop-1", "changes": changes})
    key = uuid.uuid4().hex
    db = open_server_db(chunked.db_url)
    try:
        with db.read_session() as s:
            uid = s.scalar(select(UserAccount.id).where(UserAccount.name == "advisor"))
        apply = store._apply
        calls = []

        def dying(*args, **kw):
            calls.append(1)
            if len(calls) == 3:
                raise SystemExit("the server process dies here")
            return apply(*args, **kw)

        monkeypatch.setattr(store, "_apply", dying)
        import hashlib

        with pytest.raises(SystemExit):
            store.submit(
                db,
                Principal(uid, "advisor", "advisor"),
                "laptop-1",
                key,
                hashlib.sha256(body).hexdigest(),
                json.loads(body)["changes"],
                limits=store.PushLimits(chunk=5),
            )
        with db.read_session() as s:
            batch = s.get(PushBatch, (uid, key))
            assert (batch.state, batch.chunks_done) == ("running", 2)
    finally:
        db.close()
    # Ten records are stored, yet no pull shows any of them (nor what others push now).
    other = [visit(399)]
    assert push_changes(chunked, chunked.token("admin"), other).status_code == 200
    pulled = pull_everything(chunked, adv)
    assert not any(visit_id(n) in pulled for n in (*range(300, 323), 399))

    resumed = chunked.call(
        "POST",
        "/sync/push",
        data=body,
        headers={**adv, IDEMPOTENCY_HEADER: key, "Content-Type": "application/json"},
    )
    assert resumed.status_code == 200, resumed.text
    assert len(resumed.json()["results"]) == 23
    pulled = pull_everything(chunked, adv)
    assert all(pulled[visit_id(n)]["v"] == 1 for n in range(300, 323))
    assert visit_id(399) in pulled


def test_new_records_past_the_quota_are_refused_with_a_clear_error(chunked, capsys, monkeypatch):
    from sync.server.cli import main as server_main

    adv2 = [("quota-user", "advisor")]
    seed(chunked.db_url, users=adv2)
    client = SyncClient(chunked.url, backoff=0.01)
    client.login("quota-user", "correct horse battery")
    fits = [visit(n) for n in range(500, 550)]
    payload = dumps({"client_id": "laptop-2", "changes": fits})
    client.push(payload, uuid.uuid4().hex)
    over = [visit(n) for n in range(550, 561)]
    with pytest.raises(SyncError) as caught:
        client.push(dumps({"client_id": "laptop-2", "changes": over}), uuid.uuid4().hex)
    error = caught.value
    assert (error.kind, error.status) == ("quota_exceeded", 413)
    assert "上限" in error.user_message and "作成済み 50 件" in error.user_message
    # nothing of the refused push is stored; editing what is there is still allowed
    assert visit_id(550) not in pull_everything(chunked, chunked.token("advisor"))
    edit = [visit(500, bv=1, agenda="修正")]
    client.push(dumps({"client_id": "laptop-2", "changes": edit}), uuid.uuid4().hex)

    # an admin gives this user room of their own (the command reads the server's settings)
    for name, value in CHUNKED_ENV.items():
        monkeypatch.setenv(name, value)
    quota_cmd = ["--db", chunked.db_url, "user", "quota", "quota-user"]
    assert server_main(quota_cmd) == 0
    assert "quota-user: 記録 50/60 件" in capsys.readouterr().out
    assert server_main([*quota_cmd, "--records", "100"]) == 0
    assert "記録 50/100 件" in capsys.readouterr().out
    client.push(dumps({"client_id": "laptop-2", "changes": over}), uuid.uuid4().hex)
    client.close()

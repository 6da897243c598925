"""A chunked push nobody finishes is rolled back whole; one user's pushes take turns, so the
quota holds under concurrent pushes. Real server processes, SQLite and PostgreSQL, chunks of
5 changes.

The findings (issue #11, left over): a push whose server died after some chunks, never
resumed, became visible in part after 10 minutes; two pushes of one user at once both
passed the quota check and together went past it.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from dxfield.models.base import utcnow
from sync.client import SyncClient, dumps
from sync.errors import SyncError
from sync.protocol import IDEMPOTENCY_HEADER
from sync.server import batches, history, store
from sync.server.accounts import Principal
from sync.server.db import open_server_db
from sync.server.errors import ApiError
from sync.server.models import (
    PushBatch,
    PushHold,
    RecordHistory,
    SyncRecord,
    UserAccount,
    UserQuota,
)
from sync.server.quota import QuotaLimits
from tests import factories
from tests.sync.helpers import PASSWORD, make_replica

from .live import CHUNKED_ENV, pull_everything, push_changes, seed, visit, visit_id

QUOTA = int(CHUNKED_ENV["DXFIELD_SERVER_QUOTA_RECORDS"])
LIMITS = store.PushLimits(
    guard=store.DeleteGuard(1000, 100), quota=QuotaLimits(max_records=QUOTA), chunk=5
)


@contextmanager
def server_db(live):
    db = open_server_db(live.db_url)
    try:
        yield db
    finally:
        db.close()


def _uid(db, name: str) -> int:
    with db.read_session() as s:
        return s.scalar(select(UserAccount.id).where(UserAccount.name == name))


def _die_midway(monkeypatch, db, principal, client_id, key, payload: bytes, after: int = 2):
    """Apply ``payload`` as the server would, dying after ``after`` chunks committed."""
    apply, calls = store._apply, []

    def dying(*args, **kw):
        calls.append(1)
        if len(calls) > after:
            raise SystemExit("the server process dies here")
        return apply(*args, **kw)

    with monkeypatch.context() as patch:
        patch.setattr(store, "_apply", dying)
        with pytest.raises(SystemExit):
            store.submit(
                db,
                principal,
                client_id,
                key,
                hashlib.sha256(payload).hexdigest(),
                json.loads(payload)["changes"],
                limits=LIMITS,
            )
    with db.read_session() as s:
        batch = s.get(PushBatch, (principal.user_id, key))
        assert (batch.state, batch.chunks_done) == ("running", after)


def _idle(db, user_id: int, key: str, minutes: float) -> None:
    """The push last made progress ``minutes`` ago (its laptop never came back)."""
    with db.session() as s:
        s.get(PushBatch, (user_id, key)).touched_at = utcnow() - timedelta(minutes=minutes)


def _state(db, row_ids: list[str]) -> dict[str, tuple]:
    with db.read_session() as s:
        rows = s.scalars(select(SyncRecord).where(SyncRecord.row_id.in_(row_ids)))
        return {
            r.row_id: (r.version, r.seq, r.data, r.deleted, r.updated_by, r.created_by)
            for r in rows
        }


def _usage(db, user_id: int) -> tuple[int, int]:
    with db.read_session() as s:
        row = s.get(UserQuota, user_id)
        return (row.records, row.bytes) if row else (0, 0)


def test_a_push_never_resumed_is_rolled_back_whole_and_others_keep_theirs(chunked, monkeypatch):
    admin, adv = chunked.token("admin"), chunked.token("advisor")
    # Two records before the push, one the push will edit (and one it will delete).
    assert push_changes(chunked, admin, [visit(600), visit(601)]).status_code == 200
    changes = [
        visit(600, bv=1, agenda="助言者の修正"),
        visit(601, bv=1, deleted=True),
        *(visit(n) for n in range(602, 623)),
    ]
    payload = dumps({"client_id": "laptop-1", "changes": changes})
    key = uuid.uuid4().hex
    everything = [visit_id(n) for n in (*range(600, 623), 650, 651)]
    with server_db(chunked) as db:
        uid = _uid(db, "advisor")
        before, usage = _state(db, everything), _usage(db, uid)
        _die_midway(monkeypatch, db, Principal(uid, "advisor", "advisor"), "laptop-1", key, payload)
        # Ten changes are stored: the two edits and eight new records.
        assert _state(db, everything)[visit_id(600)][0] == 2
        assert _usage(db, uid)[0] == usage[0] + 8

        # Meanwhile: another user's new record waits behind the hold, like before; a change
        # to a record the push holds is turned away for now (503, try again), not merged
        # with a version that may yet vanish; the advisor's own other pushes wait their turn.
        assert push_changes(chunked, admin, [visit(650)]).status_code == 200
        held = push_changes(chunked, admin, [visit(600, bv=2, location="別室")])
        assert (held.status_code, held.json()["kind"]) == (503, "busy")
        assert held.headers["Retry-After"] == "1"
        turn = push_changes(chunked, adv, [visit(651)])
        assert (turn.status_code, turn.json()["kind"]) == (503, "busy")
        not_yet = pull_everything(chunked, admin)
        assert not_yet.get(visit_id(600), {"v": 1})["v"] == 1 and visit_id(650) not in not_yet
        assert not any(visit_id(n) in not_yet for n in range(602, 623))

        # Nine minutes idle: still running, still resumable, still held back.
        _idle(db, uid, key, 9)
        assert batches.abandon_stale(db) == 0
        assert visit_id(650) not in pull_everything(chunked, admin)
        # Eleven: the next pull rolls it back before it reads.
        _idle(db, uid, key, 11)
        pulled = pull_everything(chunked, admin)
        after = _state(db, everything)
        # Every record the push touched is exactly as before (version, number, content,
        # author); the ones it created are gone, with their history; quota given back.
        assert {k: v for k, v in after.items() if k != visit_id(650)} == before
        assert visit_id(650) in pulled and visit_id(650) in after
        assert not any(visit_id(n) in pulled for n in range(602, 623))
        assert pulled[visit_id(600)]["v"] == 1 and pulled[visit_id(601)]["d"]["deleted"] is False
        with db.read_session() as s:
            kept = s.scalars(
                select(RecordHistory.row_id).where(RecordHistory.row_id.in_(everything))
            )
            assert sorted(kept) == sorted([visit_id(600), visit_id(601), visit_id(650)])
            assert s.scalar(select(func.count()).select_from(PushHold)) == 0
            assert s.get(PushBatch, (uid, key)).state == "abandoned"
        assert _usage(db, uid) == usage

    # The same key again: a clear answer, nothing applied.
    late = chunked.call(
        "POST",
        "/sync/push",
        data=payload,
        headers={**adv, IDEMPOTENCY_HEADER: key, "Content-Type": "application/json"},
    )
    assert (late.status_code, late.json()["kind"]) == (409, "push_abandoned")
    assert visit_id(602) not in pull_everything(chunked, admin)
    # The admin's held change goes through now, on the version everyone has.
    again = push_changes(chunked, admin, [visit(600, bv=1, location="別室")])
    assert again.status_code == 200, again.text
    assert again.json()["results"][0]["d"]["agenda"] == "議題 600"


def test_a_push_abandoned_while_its_loop_still_runs_stops_at_the_next_chunk(chunked):
    """A server so slow that its push sat idle past the limit: the rollback wins, the loop
    answers push_abandoned instead of applying the rest on top of nothing."""
    changes = [visit(n) for n in range(700, 712)]
    payload = dumps({"client_id": "laptop-1", "changes": changes})
    key = uuid.uuid4().hex
    with server_db(chunked) as db:
        principal = Principal(_uid(db, "advisor"), "advisor", "advisor")
        real, sessions = db.session, []

        @contextmanager
        def session():
            sessions.append(1)
            if len(sessions) == 3:  # after the first chunk: another request rolls it back
                with real() as other:
                    history.lock_seq(other)
                    batches.abandon(other, other.get(PushBatch, (principal.user_id, key)))
            with real() as s:
                yield s

        db.session = session
        with pytest.raises(ApiError) as caught:
            store.submit(
                db,
                principal,
                "laptop-1",
                key,
                hashlib.sha256(payload).hexdigest(),
                changes,
                limits=LIMITS,
            )
        assert caught.value.kind == "push_abandoned"
        assert not _state(db, [c["id"] for c in changes])


def _sync_dies_midway(monkeypatch, laptop, db, principal) -> str:
    """The laptop syncs; the server applies two chunks of its push and dies (the laptop
    sees the connection drop). Returns the key the laptop used."""
    sent = []

    def dies(payload, key, **kw):
        sent.append(key)
        client_id = json.loads(payload)["client_id"]
        _die_midway(monkeypatch, db, principal, client_id, key, payload)
        raise SyncError("server_down")

    pending = laptop.pending()
    with monkeypatch.context() as patch:
        patch.setattr(laptop.client, "push", dies)
        with pytest.raises(SyncError):
            laptop.sync()
    assert laptop.pending() == pending
    return sent[0]


def _on_server(db, made: list[str]) -> list[tuple[str, int]]:
    with db.read_session() as s:
        rows = s.execute(
            select(SyncRecord.row_id, SyncRecord.version).where(SyncRecord.row_id.in_(made))
        )
        return sorted(tuple(row) for row in rows)


def _states(db, user_id: int) -> list[str]:
    with db.read_session() as s:
        return sorted(s.scalars(select(PushBatch.state).where(PushBatch.user_id == user_id)))


def test_a_laptop_whose_push_was_abandoned_sends_it_again(chunked, monkeypatch, tmp_path):
    """End to end: the laptop's push dies on the server after two chunks, the laptop never
    comes back with that key in time; its next sync is told push_abandoned and sends the
    same changes again under a new key. Nothing lost, nothing twice."""
    seed(chunked.db_url, users=[("laptop-user", "advisor")])
    laptop = make_replica(tmp_path, "laptop", chunked.url, "laptop-user")
    other = make_replica(tmp_path, "other", chunked.url, "admin")
    try:
        with laptop.db.session() as s:
            made = [factories.visit(s, agenda=f"訪問 {n}").id for n in range(12)]
        pending = laptop.pending()
        assert pending >= 12
        with server_db(chunked) as db:
            uid = _uid(db, "laptop-user")
            key = _sync_dies_midway(
                monkeypatch, laptop, db, Principal(uid, "laptop-user", "advisor")
            )
            _idle(db, uid, key, 11)
            report = laptop.sync()
            assert report.sent == pending and laptop.pending() == 0
            assert _on_server(db, made) == sorted((row_id, 1) for row_id in made)
            assert _states(db, uid) == ["abandoned", "done"]
        other.sync()
        theirs = {k: v for k, v in other.snapshot().items() if k[1] in made}
        assert theirs == {k: v for k, v in laptop.snapshot().items() if k[1] in made}
        assert len(theirs) == 12
    finally:
        for replica in (laptop, other):
            replica.client.close()
            replica.db.close()


def test_a_laptop_that_changed_more_since_replaces_its_unfinished_push(
    chunked, monkeypatch, tmp_path
):
    """After the crash the user types more, so the laptop's next push is a different one:
    the old one (idle two minutes) is undone at once, not after ten, and the new one goes
    through whole. Sooner than that the old one might still be running: the laptop waits."""
    seed(chunked.db_url, users=[("typist", "advisor")])
    laptop = make_replica(tmp_path, "typist", chunked.url, "typist")
    try:
        with laptop.db.session() as s:
            made = [factories.visit(s, agenda=f"訪問 {n}").id for n in range(12)]
        with server_db(chunked) as db:
            uid = _uid(db, "typist")
            key = _sync_dies_midway(monkeypatch, laptop, db, Principal(uid, "typist", "advisor"))
            with laptop.db.session() as s:
                made.append(factories.visit(s, agenda="あとから").id)
            _idle(db, uid, key, 1)
            with pytest.raises(SyncError) as caught:
                laptop.sync()
            assert caught.value.kind == "busy"
            _idle(db, uid, key, 3)
            report = laptop.sync()
            assert laptop.pending() == 0 and report.sent >= 13
            assert _on_server(db, made) == sorted((row_id, 1) for row_id in made)
            assert _states(db, uid) == ["abandoned", "done"]
    finally:
        laptop.client.close()
        laptop.db.close()


def test_two_pushes_of_one_user_at_once_never_pass_the_quota(chunked):
    """Two laptops of one user push 35 new records each at the same moment (quota 60):
    exactly one gets in, the other is told quota_exceeded, and the user holds 35."""
    name = f"racer-{uuid.uuid4().hex[:6]}"
    seed(chunked.db_url, users=[(name, "advisor")])
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def laptop(first: int) -> None:
        client = SyncClient(chunked.url, backoff=0.05, retries=8)
        try:
            client.login(name, PASSWORD)
            payload = dumps(
                {
                    "client_id": f"laptop-{first}",
                    "changes": [visit(n) for n in range(first, first + 35)],
                }
            )
            start.wait()
            client.push(payload, uuid.uuid4().hex)
            outcomes.append("ok")
        except SyncError as exc:
            outcomes.append(exc.kind)
        finally:
            client.close()

    threads = [threading.Thread(target=laptop, args=(first,)) for first in (800, 900)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["ok", "quota_exceeded"]
    with server_db(chunked) as db:
        uid = _uid(db, name)
        with db.read_session() as s:
            created = s.scalar(
                select(func.count()).select_from(SyncRecord).where(SyncRecord.created_by == uid)
            )
        assert created == 35 and _usage(db, uid)[0] == 35


def test_a_rollback_that_fails_keeps_pulls_held_back_and_serving(
    api, tokens, server_db, caplog, monkeypatch
):
    """Should the rollback fail (a bug, the database), pulls go on answering and still
    serve nothing of the push; the next request tries again."""
    adv = tokens["advisor"]
    headers = {**adv, IDEMPOTENCY_HEADER: uuid.uuid4().hex}
    body = {"client_id": "laptop-1", "changes": [visit(1)]}
    assert api.post("/sync/push", json=body, headers=headers).status_code == 200
    with server_db.session() as s:
        seq = s.scalar(select(SyncRecord.seq))
        uid = s.scalar(select(UserAccount.id).where(UserAccount.name == "advisor"))
        s.add(
            PushBatch(
                user_id=uid,
                key="k" * 16,
                request_hash="h",
                result="",
                state="running",
                first_seq=seq,
                touched_at=utcnow() - timedelta(minutes=11),
            )
        )

    def broken(session, batch):
        raise RuntimeError("the rollback fails")

    with monkeypatch.context() as patch:
        patch.setattr(batches, "abandon", broken)
        page = api.get("/sync/pull", params={"cursor": 0}, headers=adv)
    assert page.status_code == 200 and page.json()["records"] == []
    assert "rolling back an unfinished push failed" in caplog.text
    page = api.get("/sync/pull", params={"cursor": 0}, headers=adv)
    assert [r["id"] for r in page.json()["records"]] == [visit_id(1)]
    with server_db.read_session() as s:
        assert s.get(PushBatch, (uid, "k" * 16)).state == "abandoned"


def test_an_admin_restore_waits_for_a_push_holding_the_record(api, tokens, server_db):
    """Restore (and undo) write new versions: not on a record a running push holds, which
    that push may yet roll back from under them."""
    for n, change in enumerate((visit(3), visit(3, bv=1, agenda="二版"))):
        key = {IDEMPOTENCY_HEADER: f"key-{n}-{uuid.uuid4().hex}"}
        body = {"client_id": "laptop-1", "changes": [change]}
        assert api.post("/sync/push", json=body, headers={**tokens["advisor"], **key}).is_success
    with server_db.session() as s:
        s.add(PushHold(table_name="visit", row_id=visit_id(3), user_id=2, key="k" * 16))
    restore = f"/admin/records/{visit_id(3)}/restore"
    held = api.post(restore, json={"version": 1}, headers=tokens["admin"])
    assert (held.status_code, held.json()["kind"]) == (503, "busy")
    with server_db.session() as s:
        s.execute(delete(PushHold))
    done = api.post(restore, json={"version": 1}, headers=tokens["admin"])
    assert done.status_code == 200, done.text
    assert done.json()["version"] == 3

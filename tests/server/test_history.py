"""Record history, restore and undo against real server processes (SQLite and PostgreSQL).

The finding: one push tombstoned every record and the server kept only the last writer.
Now every accepted change is kept; an admin restores a version or undoes a user's pushes,
and the result reaches a laptop on its next pull like any other change.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from sync.protocol import IDEMPOTENCY_HEADER
from sync.server.cli import main as server_main

from .live import visit, visit_id


def _push(live, who: dict, changes: list[dict], **extra) -> dict:
    r = live.call(
        "POST",
        "/sync/push",
        json={"client_id": "laptop-1", "changes": changes, **extra},
        headers={**who, IDEMPOTENCY_HEADER: uuid.uuid4().hex},
    )
    assert r.status_code == 200, r.text
    return r.json()


def _pulled(live, who: dict, n: int) -> dict:
    cursor, found = 0, None
    while True:
        page = live.call("GET", "/sync/pull", params={"cursor": cursor}, headers=who).json()
        for rec in page["records"]:
            if rec["id"] == visit_id(n):
                found = rec
        if not page["has_more"]:
            return found
        cursor = page["cursor"]


@pytest.fixture
def cli(live, capsys):
    def run(*args: str) -> tuple[int, str]:
        code = server_main(["--db", live.db_url, *args])
        out, err = capsys.readouterr()
        return code, out + err

    return run


def test_every_change_is_kept_and_an_admin_lists_and_restores_it(live, cli):
    adv, admin = live.token("advisor"), live.token("admin")
    _push(live, adv, [visit(100)])
    _push(live, adv, [visit(100, bv=1, agenda="書き換え", location="庁舎")])
    r = live.call("GET", f"/admin/records/{visit_id(100)}/history", headers=admin)
    assert r.status_code == 200, r.text
    versions = r.json()
    assert [(v["version"], v["user"], v["action"]) for v in versions] == [
        (1, "advisor", "push"),
        (2, "advisor", "push"),
    ]
    assert versions[0]["changed"] == [] and versions[1]["changed"] == ["agenda", "location"]

    code, out = cli("history", visit_id(100))
    assert code == 0 and "v2" in out and "agenda, location" in out and "advisor" in out

    code, out = cli("restore", visit_id(100), "--version", "1")
    assert code == 0 and "版 3 としました" in out, out
    pulled = _pulled(live, adv, 100)
    assert pulled["v"] == 3 and pulled["d"]["agenda"] == "議題 100"
    assert pulled["d"]["location"] == "役場"

    r = live.call(
        "POST", f"/admin/records/{visit_id(100)}/restore", json={"version": 2}, headers=admin
    )
    assert r.status_code == 200, r.text
    assert (r.json()["version"], r.json()["user"], r.json()["action"]) == (4, "admin", "restore")
    assert _pulled(live, adv, 100)["d"]["agenda"] == "書き換え"


def test_undo_brings_back_what_a_user_deleted_and_keeps_later_edits(live, cli):
    adv, admin = live.token("advisor"), live.token("admin")
    rows = range(200, 206)
    _push(live, adv, [visit(n) for n in rows])
    since = datetime.now(UTC)
    # advisor edits one visit, then "deletes everything" (and confirms the server's question);
    # admin edits one afterwards
    _push(live, adv, [visit(200, bv=1, agenda="誤った上書き")])
    wipe = [visit(n, bv=2 if n == 200 else 1, deleted=True) for n in rows]
    _push(live, adv, wipe, confirm_deletes=True)
    _push(live, admin, [visit(205, 2, {"deleted": True}, deleted=False, agenda="管理者が復旧済み")])
    created_later = visit(206)
    _push(live, adv, [created_later])

    code, out = cli("undo", "--user", "advisor", "--since", since.isoformat(), "--dry-run")
    assert code == 0 and "記録 6 件で取り消します（試行のみ" in out, out
    assert _pulled(live, adv, 201)["d"]["deleted"] is True  # a dry run writes nothing

    code, out = cli("undo", "--user", "advisor", "--since", since.isoformat())
    assert code == 0 and "advisor の変更を記録 6 件で取り消しました" in out, out
    for n in range(200, 205):
        assert _pulled(live, adv, n)["d"]["deleted"] is False
    assert _pulled(live, adv, 200)["d"]["agenda"] == "議題 200"
    # the admin's later edit stays; the visit created in the range is deleted
    assert _pulled(live, adv, 205)["d"]["agenda"] == "管理者が復旧済み"
    assert _pulled(live, adv, 206)["d"]["deleted"] is True
    history = live.call("GET", f"/admin/records/{visit_id(201)}/history", headers=admin).json()
    assert [v["action"] for v in history] == ["push", "push", "undo"]
    assert history[-1]["user"] is None  # a server command


def test_undo_over_http_is_for_admins_and_needs_a_zoned_time(live):
    admin, adv = live.token("admin"), live.token("advisor")
    body = {"user": "advisor", "since": "2026-01-01T00:00:00+09:00", "dry_run": True}
    assert live.call("POST", "/admin/undo", json=body).status_code == 401
    assert live.call("POST", "/admin/undo", json=body, headers=adv).status_code == 403
    r = live.call("POST", "/admin/undo", json=body, headers=admin)
    assert r.status_code == 200 and r.json()["applied"] is False, r.text
    naive = {**body, "since": "2026-01-01T00:00:00"}
    assert live.call("POST", "/admin/undo", json=naive, headers=admin).status_code == 422
    nobody = {**body, "user": "nobody"}
    assert live.call("POST", "/admin/undo", json=nobody, headers=admin).status_code == 404
    backwards = {**body, "until": "2025-01-01T00:00:00+09:00"}
    assert live.call("POST", "/admin/undo", json=backwards, headers=admin).status_code == 422


def test_history_of_an_unknown_record_or_version_is_404(live, cli):
    admin, viewer = live.token("admin"), live.token("viewer")
    path = f"/admin/records/{visit_id(999)}/history"
    assert live.call("GET", path, headers=viewer).status_code == 403
    assert live.call("GET", path, headers=admin).json()["kind"] == "not_found"
    _push(live, live.token("advisor"), [visit(300)])
    r = live.call(
        "POST", f"/admin/records/{visit_id(300)}/restore", json={"version": 9}, headers=admin
    )
    assert r.status_code == 404
    assert cli("restore", visit_id(300), "--version", "9")[0] == 2
    assert cli("undo", "--user", "advisor", "--since", "yesterday")[0] == 2


def _kept_before_checks(live, n: int, version: int, name: str, *, part: str) -> None:
    """Version ``version`` of visit ``n`` as a server kept it before pushes were checked:
    field ``name`` a NaN in ``part``, the whole record ("data") or the value the change
    replaced ("old")."""
    from sqlalchemy import update

    from sync.server.db import open_server_db
    from sync.server.models import RecordHistory

    def with_nan(text: str) -> str:
        return json.dumps({**json.loads(text), name: float("nan")})  # Python's NaN literal

    db = open_server_db(live.db_url)
    try:
        with db.session() as session:
            entry = session.scalars(
                select(RecordHistory).where(
                    RecordHistory.row_id == visit_id(n), RecordHistory.version == version
                )
            ).one()
            values = {part: with_nan(getattr(entry, part))}
            session.execute(
                update(RecordHistory).where(RecordHistory.id == entry.id).values(**values)
            )
    finally:
        db.close()


def test_a_version_a_laptop_could_not_take_is_never_brought_back(live, cli):
    """Old history may hold a NaN (kept before pushes were checked): restoring that version,
    or undoing back to it, is refused with the field named, and nothing is written."""
    adv, admin = live.token("advisor"), live.token("admin")
    _push(live, adv, [visit(400)])
    _kept_before_checks(live, 400, 1, "agenda", part="data")
    _push(live, adv, [visit(400, bv=1, agenda="二版目")])
    path = f"/admin/records/{visit_id(400)}/restore"
    r = live.call("POST", path, json={"version": 1}, headers=admin)
    assert r.status_code == 422, r.text
    assert r.json()["kind"] == "invalid_record" and r.json()["details"]["field"] == "agenda"
    code, out = cli("restore", visit_id(400), "--version", "1")
    assert code == 2 and "agenda" in out and "NaN" not in out, out

    # Undo sets agenda back to what v2 replaced: the NaN kept as v2's old value.
    _push(live, adv, [visit(401)])
    since = datetime.now(UTC)
    _push(live, adv, [visit(401, bv=1, agenda="上書き")])
    _kept_before_checks(live, 401, 2, "agenda", part="old")
    body = {"user": "advisor", "since": since.isoformat(), "dry_run": True}
    r = live.call("POST", "/admin/undo", json=body, headers=admin)
    assert r.status_code == 422 and r.json()["details"]["field"] == "agenda", r.text
    code, out = cli("undo", "--user", "advisor", "--since", since.isoformat())
    assert code == 2 and "agenda" in out, out

    history = live.call("GET", f"/admin/records/{visit_id(400)}/history", headers=admin).json()
    assert [v["version"] for v in history] == [1, 2]
    history = live.call("GET", f"/admin/records/{visit_id(401)}/history", headers=admin).json()
    assert [v["version"] for v in history] == [1, 2]
    assert _pulled(live, adv, 400)["d"]["agenda"] == "二版目"
    assert _pulled(live, adv, 401)["d"]["agenda"] == "上書き"

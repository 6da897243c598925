"""The mass-delete guard against real server processes (SQLite and PostgreSQL).

The finding: one request tombstoned all 544 records of a server and every laptop lost its
visits on the next sync. A push deleting more than 50 records of a table, or more than 10 %
of its live records, is now held (409 mass_delete, nothing applied) until the user confirms.
"""

from __future__ import annotations

import uuid

from sync.protocol import IDEMPOTENCY_HEADER

from .live import visit, visit_id


def _push(live, who, changes, **extra):
    return live.call(
        "POST",
        "/sync/push",
        json={"client_id": "laptop-1", "changes": changes, **extra},
        headers={**who, IDEMPOTENCY_HEADER: uuid.uuid4().hex},
    )


def _live_visits(live, who) -> int:
    cursor, records = 0, {}
    while True:
        page = live.call("GET", "/sync/pull", params={"cursor": cursor}, headers=who).json()
        records.update({r["id"]: r["d"]["deleted"] for r in page["records"] if r["t"] == "visit"})
        if not page["has_more"]:
            return sum(1 for deleted in records.values() if not deleted)
        cursor = page["cursor"]


def test_deleting_many_records_is_held_until_confirmed(live):
    adv = live.token("advisor")
    assert _push(live, adv, [visit(n) for n in range(1000, 1120)]).status_code == 200
    deletes = [visit(n, bv=1, deleted=True) for n in range(1000, 1060)]

    r = _push(live, adv, deletes)
    assert r.status_code == 409, r.text
    assert r.json()["kind"] == "mass_delete"
    assert r.json()["details"] == {"table": "visit", "deletes": 60, "live": 120}
    assert _live_visits(live, adv) == 120  # nothing of the push was applied

    r = _push(live, adv, deletes, confirm_deletes=True)
    assert r.status_code == 200, r.text
    assert _live_visits(live, adv) == 60


def test_a_tenth_of_a_small_table_is_held_and_a_few_deletes_never(live):
    adv = live.token("advisor")
    live_now = _live_visits(live, adv)
    assert _push(live, adv, [visit(n) for n in range(2000, 2040)]).status_code == 200
    total = live_now + 40
    few = [visit(n, bv=1, deleted=True) for n in range(2000, 2009)]
    assert _push(live, adv, few).status_code == 200  # 9: under the floor of 10
    share = [visit(n, bv=1, deleted=True) for n in range(2009, 2009 + total // 10)]
    r = _push(live, adv, share)
    assert r.status_code == 409 and r.json()["kind"] == "mass_delete", r.text
    # the same with an edit of another record: still refused as a whole
    r = _push(live, adv, [visit(2039, bv=1, agenda="別の変更"), *share])
    assert r.status_code == 409
    history = live.call(
        "GET", f"/admin/records/{visit_id(2039)}/history", headers=live.token("admin")
    ).json()
    assert len(history) == 1


def _member(n: int, **fields) -> dict:
    """A push change creating team member ``n``, or deleting it (``deleted=True``)."""
    row_id = f"0000beef-0000-4000-8000-{n:012d}"
    if fields.get("deleted"):
        return {"t": "team_member", "id": row_id, "bv": 1, "f": fields, "b": {"deleted": False}}
    data = {"name": f"メンバー{n}", "kana": "", "role": "support", "field": "", "email": ""}
    data |= {"active": True, "deleted": False}
    return {"t": "team_member", "id": row_id, "bv": 0, "f": data, "b": {}}


def test_a_small_table_going_whole_is_held_and_a_few_deletes_of_it_never(live):
    """Under the floor of 10: all 8 team members at once are held, as is more than half of
    what is left; a few deletes (3 of 8, then 2 of 5) pass."""
    adv = live.token("advisor")
    team = range(1, 9)
    assert _push(live, adv, [_member(n) for n in team]).status_code == 200

    r = _push(live, adv, [_member(n, deleted=True) for n in team])
    assert r.status_code == 409 and r.json()["kind"] == "mass_delete", r.text
    assert r.json()["details"] == {"table": "team_member", "deletes": 8, "live": 8}

    assert _push(live, adv, [_member(n, deleted=True) for n in (1, 2, 3)]).status_code == 200
    assert _push(live, adv, [_member(n, deleted=True) for n in (4, 5)]).status_code == 200
    rest = [_member(n, deleted=True) for n in (6, 7, 8)]
    r = _push(live, adv, rest)
    assert r.status_code == 409, r.text
    assert r.json()["details"] == {"table": "team_member", "deletes": 3, "live": 3}
    assert _push(live, adv, rest, confirm_deletes=True).status_code == 200

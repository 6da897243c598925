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

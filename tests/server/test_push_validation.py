"""Every pushed change is checked against the shared record schema (issue #11), on real
server processes over SQLite and PostgreSQL: a bad change refuses the whole push with 422
naming the record and the field, never the value; the stamps are the server's."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from unittest.mock import ANY

import pytest

from tests import factories

VISIT = factories.visit_wire()
# The values of the issue, each of which once stopped every laptop's sync.
BAD = [
    ("phase", "bogus", "not one of the allowed values"),
    ("starts_at", "x", "not an ISO date and time"),
    ("starts_at", "2025-05-12T10:00:00+09:00", "not an ISO date and time"),
    ("agenda", {"secret": "x"}, "wrong type"),
    ("agenda", ["secret"], "wrong type"),
    ("agenda", 10**30, "wrong type"),
    ("fiscal_year", 99999, "out of range"),
    ("fiscal_year", "abc", "wrong type"),
    ("fiscal_year", True, "wrong type"),
    ("deleted", "false", "wrong type"),
    ("location", "役場\x00secret", "contains control characters"),
    ("location", "長" * 201, "too long"),
    ("municipality_id", "secret id with blanks", "not a record id"),
]


def _push(live, changes, *, user="advisor", raw: str | None = None):
    headers = {**live.token(user), "Idempotency-Key": uuid.uuid4().hex}
    body = {"client_id": "laptop-1", "changes": changes}
    if raw is not None:
        headers["Content-Type"] = "application/json"
        return live.call("POST", "/sync/push", headers=headers, data=raw.encode())
    return live.call("POST", "/sync/push", headers=headers, json=body)


def _change(table, row_id, fields, **kw):
    return {"t": table, "id": row_id, "bv": 0, "f": fields, "b": {}, **kw}


def _pulled(live) -> dict[tuple[str, str], dict]:
    r = live.call("GET", "/sync/pull", headers=live.token("advisor"))
    assert r.status_code == 200
    return {(rec["t"], rec["id"]): rec["d"] for rec in r.json()["records"]}


@pytest.mark.parametrize(("field", "value", "rule"), BAD)
def test_a_bad_value_refuses_the_whole_push_naming_record_and_field(live, field, value, rule):
    good_id, bad_id = f"good-{uuid.uuid4().hex[:8]}", f"bad-{uuid.uuid4().hex[:8]}"
    changes = [
        _change("visit", good_id, VISIT),
        _change("visit", bad_id, {**VISIT, field: value}),
    ]
    r = _push(live, changes)
    assert r.status_code == 422, r.text
    assert r.json()["kind"] == "invalid_record"
    assert r.json()["message"] == f"visit {bad_id}: {field}: {rule}"
    assert r.json()["details"] == {"t": "visit", "id": bad_id, "field": field, "rule": ANY}
    assert "secret" not in r.text and "bogus" not in r.text
    assert ("visit", good_id) not in _pulled(live)  # nothing of that push was applied


def test_nan_and_infinity_are_refused(live):
    for literal in ("NaN", "Infinity", "-Infinity"):
        row_id = f"nan-{uuid.uuid4().hex[:8]}"
        change = _change("visit", row_id, {**VISIT, "location": "@"})
        raw = json.dumps({"client_id": "laptop-1", "changes": [change]})
        raw = raw.replace('"@"', literal)
        r = _push(live, None, raw=raw)
        assert r.status_code == 422, r.text
        assert r.json()["message"] in (
            f"visit {row_id}: location: wrong type",
            f"visit {row_id}: location: not a finite number",
        )


def test_the_stamps_are_the_servers(live):
    row_id = f"stamps-{uuid.uuid4().hex[:8]}"
    before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    r = _push(live, [_change("visit", row_id, VISIT, c="garbage", u="1999-01-01T00:00:00")])
    assert r.status_code == 200, r.text
    stored = _pulled(live)[("visit", row_id)]
    for stamp in ("created_at", "updated_at"):
        assert datetime.fromisoformat(stored[stamp]) >= before
    edit = {**_change("visit", row_id, {"agenda": "変更"}, u="garbage"), "bv": 1}
    edit["b"] = {"agenda": VISIT["agenda"]}
    assert _push(live, [edit]).status_code == 200
    again = _pulled(live)[("visit", row_id)]
    assert again["created_at"] == stored["created_at"]
    assert again["agenda"] == "変更"


def test_references_need_a_record_the_server_has_or_gets_in_the_same_push(live):
    visit_id = f"v-{uuid.uuid4().hex[:8]}"
    member = {"visit_id": visit_id, "kind": "memo", "body": "", "internal": False}
    orphan = _change("note_section", f"n-{uuid.uuid4().hex[:8]}", member)
    r = _push(live, [orphan])
    assert r.status_code == 422
    assert r.json()["message"] == (
        f"note_section {orphan['id']}: visit_id: refers to a record the server does not have"
    )
    assert _push(live, [_change("visit", visit_id, VISIT), orphan]).status_code == 200
    # a tombstoned parent still counts: the child waits in the record, not in the push
    gone = {**_change("visit", visit_id, {"deleted": True}), "bv": 1, "b": {"deleted": False}}
    assert _push(live, [gone]).status_code == 200
    late = _change("note_section", f"n-{uuid.uuid4().hex[:8]}", {**member, "kind": "issues"})
    assert _push(live, [late]).status_code == 200


def test_unknown_tables_and_fields_are_named_only_when_harmless(live):
    r = _push(live, [_change("visit", "u-1", {**VISIT, "x" * 300: 1})])
    assert (r.status_code, r.json()["message"]) == (422, "visit u-1: unknown field")
    r = _push(live, [_change("visit", "u-2", {**VISIT, "nickname": 1})])
    assert r.json()["message"] == "visit u-2: nickname: unknown field"
    r = _push(live, [_change("secret_table", "u-3", {"a": 1})])
    assert r.json()["message"] == "change u-3: unknown table"
    assert r.json()["details"] == {"t": "", "id": "u-3", "field": "", "rule": "unknown_table"}
    r = _push(live, [{**_change("visit", "u-4", VISIT), "b": {"nickname": 1}}])
    assert r.json()["message"] == "visit u-4: base nickname: unknown field"


def test_a_bad_base_value_is_ignored_not_fatal(live):
    row_id = f"base-{uuid.uuid4().hex[:8]}"
    assert _push(live, [_change("visit", row_id, VISIT)]).status_code == 200
    edit = {**_change("visit", row_id, {"agenda": "新"}), "bv": 1, "b": {"agenda": {"x": 1}}}
    r = _push(live, [edit])
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["conflicts"][0]["field"] == "agenda"

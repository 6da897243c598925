"""Role filtering on pull (issue #11): viewers never receive internal memo sections.

The matrix: one record of every synced table, pushed through the API, pulled by each role
from real server processes (SQLite and PostgreSQL); every field of every record must reach
admins and advisors as stored, and viewers too, except the internal section's text.
"""

from __future__ import annotations

import uuid

from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, Integer

from dxfield.masterdata import municipality_id
from dxfield.models import SYNCED_MODELS
from dxfield.records import content_columns
from sync.protocol import parent_columns, table_order
from sync.schema import MASTER_TABLES
from tests import factories

SECRET = "内部メモ: 首長の意向（外部秘）"
ROLES = ("admin", "advisor", "viewer")


def _sample(table: str, column: str, ids: dict[str, str]):
    """A valid value for any content column; references point at this push's records."""
    col = SYNCED_MODELS[table].__table__.c[column]
    for name, parent in parent_columns()[table]:
        if name == column:
            return municipality_id(factories.KITAYAMA) if parent in MASTER_TABLES else ids[parent]
    kind = col.type
    if column == "fiscal_year":
        return 2025
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Enum):
        return kind.enums[0]
    if isinstance(kind, DateTime):
        return "2025-05-12T10:00:00"
    if isinstance(kind, Date):
        return "2025-05-12"
    if isinstance(kind, Integer):
        return 3
    if isinstance(kind, JSON):
        annotation = str(SYNCED_MODELS[table].__annotations__.get(column, ""))
        return {"k": 1} if "dict[" in annotation else [] if "list[" in annotation else None
    return "a1b2" if column.endswith("_id") else f"{table}.{column}"


def _every_table() -> tuple[list[dict], dict[str, str]]:
    tables = sorted((t for t in SYNCED_MODELS if t not in MASTER_TABLES), key=table_order().get)
    ids = {t: str(uuid.uuid4()) for t in tables}
    changes = []
    for table in tables:
        fields = {c: _sample(table, c, ids) for c in content_columns(table)}
        changes.append({"t": table, "id": ids[table], "bv": 0, "f": fields, "b": {}})
    return changes, ids


def _push(live, changes):
    headers = {**live.token("advisor"), "Idempotency-Key": uuid.uuid4().hex}
    r = live.call(
        "POST", "/sync/push", headers=headers, json={"client_id": "l", "changes": changes}
    )
    assert r.status_code == 200, r.text
    return r.json()["results"]


def _pull(live, role) -> dict[tuple[str, str], dict]:
    out, cursor = {}, 0
    while True:
        r = live.call("GET", f"/sync/pull?cursor={cursor}", headers=live.token(role))
        assert r.status_code == 200, r.text
        page = r.json()
        out.update({(rec["t"], rec["id"]): rec["d"] for rec in page["records"]})
        cursor = page["cursor"]
        if not page["has_more"]:
            return out


def test_the_role_table_field_matrix(live):
    changes, ids = _every_table()
    visit = ids["visit"]
    internal = {"visit_id": visit, "kind": "memo", "body": SECRET, "internal": True}
    shared = {"visit_id": visit, "kind": "issues", "body": "共有できる課題", "internal": False}
    internal["deleted"] = shared["deleted"] = False
    hidden_id, shared_id = f"n-{uuid.uuid4().hex[:12]}", f"n-{uuid.uuid4().hex[:12]}"
    for row_id, fields in ((hidden_id, internal), (shared_id, shared)):
        changes.append({"t": "note_section", "id": row_id, "bv": 0, "f": fields, "b": {}})
    stored = {(r["t"], r["id"]): r["d"] for r in _push(live, changes)}
    pulled = {role: _pull(live, role) for role in ROLES}
    checked = set()
    for key, record in stored.items():
        table, _row_id = key
        for role in ROLES:
            got = pulled[role][key]
            for field in [*content_columns(table), "created_at", "updated_at"]:
                expected = record.get(field)
                if role == "viewer" and key == ("note_section", hidden_id):
                    expected = {"body": "", "deleted": True}.get(field, expected)
                assert got.get(field) == expected, (role, table, field)
                checked.add((role, table, field))
    assert {t for _r, t, _f in checked} >= set(SYNCED_MODELS) - MASTER_TABLES
    assert SECRET not in str(pulled["viewer"])
    assert pulled["viewer"][("note_section", shared_id)]["body"] == "共有できる課題"


def test_a_section_turning_internal_is_withdrawn_from_viewers_and_back(live):
    changes, ids = _every_table()
    section = f"n-{uuid.uuid4().hex[:12]}"
    fields = {"visit_id": ids["visit"], "kind": "memo", "body": "はじめは共有", "internal": False}
    changes.append({"t": "note_section", "id": section, "bv": 0, "f": fields, "b": {}})
    _push(live, changes)
    key = ("note_section", section)
    assert _pull(live, "viewer")[key]["body"] == "はじめは共有"

    def edit(version, new, old):
        _push(live, [{"t": "note_section", "id": section, "bv": version, "f": new, "b": old}])

    edit(1, {"internal": True, "body": SECRET}, {"internal": False, "body": "はじめは共有"})
    seen = _pull(live, "viewer")[key]
    assert (seen["body"], seen["deleted"]) == ("", True)
    assert _pull(live, "advisor")[key]["body"] == SECRET
    edit(2, {"internal": False, "body": "公開版"}, {"internal": True, "body": SECRET})
    seen = _pull(live, "viewer")[key]
    assert (seen["body"], seen["deleted"]) == ("公開版", False)

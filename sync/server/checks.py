"""Every pushed change checked before anything of its push is applied.

The laptop that pushed may be old, buggy or hostile; every other laptop pulls what is
stored. So each change's fields must pass the shared record schema (``sync.schema``) and its
references must point at records the server has (or that arrive in the same push); the
first change that fails refuses the whole push with 422, naming the table, the id and the
field, never the value. Base values (``b``) that fail the schema are dropped: they only
guide the merge, and a base from old bad data must not block the laptop. The stamps
(``created_at``, ``updated_at``) are the server's: what a laptop sends as ``c``/``u`` is
ignored.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dxfield.models import SYNCED_MODELS
from dxfield.models.base import utcnow

from .. import schema
from .errors import ApiError
from .models import SyncRecord

_CHUNK = 500


def _refuse(change: dict[str, Any], problem: schema.Problem, prefix: str = "") -> ApiError:
    # ``t`` is known to be a table name (or left out) and ``id`` matched ID_PATTERN.
    table = change["t"] if change["t"] in SYNCED_MODELS else ""
    field = problem.field if schema.safe_name(problem.field) else ""
    return ApiError(
        422,
        "invalid_record",
        f"{table or 'change'} {change['id']}: {prefix}{problem.english}",
        details={"t": table, "id": change["id"], "field": field, "rule": problem.reason},
    )


def check_change(change: dict[str, Any]) -> None:
    """One change's own content (no database): table, fields, base values."""
    problem = schema.check_fields(change["t"], change["f"])
    if problem is not None:
        raise _refuse(change, problem)
    checks = schema.field_checks(change["t"])
    unknown = [name for name in change["b"] if name not in checks]
    if unknown:
        raise _refuse(change, schema.Problem(unknown[0], "unknown_field"), "base ")
    # None is the base of a field the record did not have yet.
    change["b"] = {
        name: value
        for name, value in change["b"].items()
        if value is None or checks[name](value) is None
    }


def check_references(
    session: Session, changes: list[dict[str, Any]], stored: Iterable[tuple[str, str]]
) -> None:
    """Each reference names a record the server has (any state) or one of this push."""
    known = {(c["t"], c["id"]) for c in changes} | set(stored)
    wanted: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    for change in changes:
        for column, parent in schema.references(change["t"]):
            value = change["f"].get(column)
            if value is not None and (parent, value) not in known:
                wanted.setdefault((parent, value), (change, column))
    if not wanted:
        return
    by_table: dict[str, list[str]] = defaultdict(list)
    for parent, row_id in wanted:
        by_table[parent].append(row_id)
    found: set[tuple[str, str]] = set()
    for parent, ids in by_table.items():
        for start in range(0, len(ids), _CHUNK):
            found.update(
                (parent, row_id)
                for row_id in session.scalars(
                    select(SyncRecord.row_id).where(
                        SyncRecord.table_name == parent,
                        SyncRecord.row_id.in_(ids[start : start + _CHUNK]),
                    )
                )
            )
    for key, (change, column) in wanted.items():
        if key not in found:
            raise _refuse(change, schema.Problem(column, "reference"))


def stamp(merged: dict[str, Any], *, created: bool) -> None:
    """The server's own stamps on a record it stores (a bad old ``created_at`` too)."""
    now = utcnow().isoformat(timespec="seconds")
    if created or _bad_stamp(merged.get("created_at")):
        merged["created_at"] = now
    merged["updated_at"] = now


def _bad_stamp(value: Any) -> bool:
    return value is None or schema.stamp_problem(value) is not None


def dumps(data: Any) -> str:
    """JSON text of what is stored or sent: standard JSON even if old data holds NaN."""
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        return json.dumps(schema.json_safe(data), ensure_ascii=False, separators=(",", ":"))

"""Every accepted version of every record, and the two ways back: restore and undo.

A push writes one ``RecordHistory`` row per record it changes, in the push's transaction
(``record``). Restoring a version and undoing a user's changes never edit history or the
record in place: each writes a new version with a new sequence number (``write_version``),
so it reaches every laptop on its next pull like any other change, and is itself undoable.
What either writes must pass the record schema as a pull checks it (``storable``): a version
kept from before pushes were checked may hold a value no laptop accepts (a NaN, a marker of
one, a text in a number), and bringing it back would hand it to every laptop again.

Undo works field by field: a field the user changed in the time range goes back to what it
was before their first change there, unless someone changed it after them (then it is
left alone and reported). A record the user created in the range is deleted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from dxfield.messages import msg
from dxfield.models.base import utcnow

from .. import schema
from ..protocol import STAMPS
from . import accounts, checks, holds
from .checks import dumps
from .errors import ApiError
from .models import Counter, RecordHistory, SyncRecord, UserAccount

_MISSING = object()


def lock_seq(session: Session) -> Counter:
    """The ``seq`` counter row, locked until the session commits (see ``store``)."""
    return session.execute(
        select(Counter).where(Counter.name == "seq").with_for_update()
    ).scalar_one()


def previous_values(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any] | None:
    """The fields ``after`` changed, with their values in ``before`` (None: a new record)."""
    if before is None:
        return None
    return {
        name: before.get(name)
        for name in sorted(set(before) | set(after))
        if before.get(name, _MISSING) != after.get(name, _MISSING)
    }


def entry(
    row: SyncRecord,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    *,
    user_id: int | None,
    client_id: str,
    action: str,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The history row of the version ``row`` now holds (after its version and seq were set),
    as values for one bulk insert (``keep``): a push writes thousands."""
    old = previous_values(before, after)
    return {
        "table_name": row.table_name,
        "row_id": row.row_id,
        "version": row.version,
        "seq": row.seq,
        "at": at or utcnow(),
        "user_id": user_id,
        "client_id": client_id,
        "action": action,
        "data": row.data,
        "old": None if old is None else dumps(old),
    }


def keep(session: Session, entries: list[dict[str, Any]]) -> None:
    if entries:
        session.execute(insert(RecordHistory), entries)


def storable(row: SyncRecord, data: dict[str, Any], what: str) -> None:
    """Refuse (422, naming the record and the field, never the value) ``data`` that a laptop
    would set aside on its pull: the same checks a pulled record meets."""
    record = {"t": row.table_name, "id": row.row_id, "v": row.version + 1, "d": data}
    problem = schema.check_pulled(record)
    if problem is not None:
        raise ApiError(
            422,
            "invalid_record",
            msg(
                "server.invalid_record",
                table=row.table_name,
                row_id=row.row_id,
                what=what,
                problem=problem.english,
                problem_ja=problem.japanese,
            ),
            details={
                "t": row.table_name,
                "id": row.row_id,
                "field": problem.field if schema.safe_name(problem.field) else "",
                "rule": problem.reason,
            },
        )


def write_version(
    session: Session,
    counter: Counter,
    row: SyncRecord,
    data: dict[str, Any],
    *,
    user_id: int | None,
    action: str,
) -> None:
    """Store ``data`` as the record's next version, with the next sequence number; refused
    (``storable``) when a laptop could not take it."""
    holds.check_free(session, [(row.table_name, row.row_id)])
    before = json.loads(row.data)
    data = dict(data)
    checks.stamp(data, created=False)
    storable(row, data, action)
    counter.value += 1
    row.version += 1
    row.seq = counter.value
    row.data = dumps(data)
    row.deleted = data.get("deleted") is True
    row.updated_by = user_id
    row.last_client = ""
    keep(session, [entry(row, before, data, user_id=user_id, client_id="", action=action)])


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    table: str
    row_id: str
    version: int
    seq: int
    at: datetime
    user: str | None  # None: a server command
    action: str
    changed: tuple[str, ...]  # empty for the version that created the record
    data: dict[str, Any]


def find_record(session: Session, row_id: str, table: str | None = None) -> SyncRecord:
    """The record with this id (in ``table`` if given); 404 unknown, 409 ambiguous."""
    query = select(SyncRecord).where(SyncRecord.row_id == row_id)
    if table is not None:
        query = query.where(SyncRecord.table_name == table)
    rows = list(session.scalars(query))
    if not rows:
        raise ApiError(404, "not_found", msg("server.no_such_record"))
    if len(rows) > 1:
        tables = ", ".join(sorted(r.table_name for r in rows))
        raise ApiError(409, "ambiguous", msg("server.record_ambiguous", tables=tables))
    return rows[0]


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    ids.discard(None)  # type: ignore[arg-type]
    if not ids:
        return {}
    query = select(UserAccount.id, UserAccount.name).where(UserAccount.id.in_(ids))
    return {user_id: name for user_id, name in session.execute(query)}


def versions(session: Session, row_id: str, table: str | None = None) -> list[Version]:
    """Every kept version of a record, oldest first."""
    row = find_record(session, row_id, table)
    entries = list(
        session.scalars(
            select(RecordHistory)
            .where(RecordHistory.row_id == row.row_id, RecordHistory.table_name == row.table_name)
            .order_by(RecordHistory.version)
        )
    )
    names = _names(session, {e.user_id for e in entries})
    out = []
    for e in entries:
        old = json.loads(e.old) if e.old is not None else None
        out.append(
            Version(
                table=e.table_name,
                row_id=e.row_id,
                version=e.version,
                seq=e.seq,
                at=e.at,
                user=names.get(e.user_id) if e.user_id is not None else None,
                action=e.action,
                changed=tuple(n for n in (old or {}) if n not in STAMPS),
                data=json.loads(e.data),
            )
        )
    return out


# --- restore ---------------------------------------------------------------------------


def restore(
    session: Session, row_id: str, version: int, *, table: str | None = None, by: int | None = None
) -> Version:
    """Make version ``version`` of the record current again, as a new version."""
    counter = lock_seq(session)
    row = find_record(session, row_id, table)
    kept = session.scalar(
        select(RecordHistory).where(
            RecordHistory.row_id == row.row_id,
            RecordHistory.table_name == row.table_name,
            RecordHistory.version == version,
        )
    )
    if kept is None:
        raise ApiError(404, "not_found", msg("server.no_such_version", version=version))
    data = json.loads(kept.data)
    current = json.loads(row.data)
    for stamp in STAMPS:
        if stamp in current:
            data[stamp] = current[stamp]
    write_version(session, counter, row, data, user_id=by, action="restore")
    session.flush()
    return versions(session, row.row_id, row.table_name)[-1]


# --- undo ------------------------------------------------------------------------------


@dataclass
class UndoStep:
    table: str
    row_id: str
    # "revert": fields set back; "delete": a record the user created; "none": nothing left
    action: str
    fields: dict[str, Any] = field(default_factory=dict)  # field -> value set back
    kept: list[str] = field(default_factory=list)  # changed by someone else later


@dataclass
class UndoPlan:
    user: str
    steps: list[UndoStep]
    applied: bool

    @property
    def changes(self) -> int:
        return sum(1 for s in self.steps if s.action != "none")


def undo(
    session: Session,
    user_name: str,
    since: datetime,
    until: datetime | None = None,
    *,
    dry_run: bool = False,
    by: int | None = None,
) -> UndoPlan:
    """Undo what ``user_name`` pushed from ``since`` (inclusive) to ``until`` (exclusive).

    Times are naive UTC, as history keeps them. With ``dry_run`` nothing is written.
    """
    if until is not None and until <= since:
        raise ApiError(422, "bad_request", msg("server.undo_range"))
    counter = None if dry_run else lock_seq(session)
    user = accounts.get_user(session, user_name)
    query = select(RecordHistory).where(
        RecordHistory.user_id == user.id,
        RecordHistory.at >= since,
        RecordHistory.action == "push",
    )
    if until is not None:
        query = query.where(RecordHistory.at < until)
    by_record: dict[tuple[str, str], list[RecordHistory]] = defaultdict(list)
    for entry in session.scalars(query.order_by(RecordHistory.id)):
        by_record[(entry.table_name, entry.row_id)].append(entry)
    steps = []
    for (table, row_id), entries in by_record.items():
        row = session.get(SyncRecord, (table, row_id))
        if row is None:
            continue
        step = _undo_step(row, entries)
        steps.append(step)
        if step.action == "none":
            continue
        data = json.loads(row.data)
        if step.action == "delete":
            data["deleted"] = True
        else:
            data.update(step.fields)
        if counter is None:
            # A dry run says what the real one would refuse.
            checks.stamp(data, created=False)
            storable(row, data, "undo")
        else:
            write_version(session, counter, row, data, user_id=by, action="undo")
    return UndoPlan(user.name, steps, applied=not dry_run)


def _undo_step(row: SyncRecord, entries: list[RecordHistory]) -> UndoStep:
    current = json.loads(row.data)
    step = UndoStep(row.table_name, row.row_id, "none")
    if entries[0].old is None:
        # Created by the user in the range: delete it, unless someone else worked on it since.
        if row.version > entries[-1].version:
            step.kept.append("deleted")
        elif not current.get("deleted"):
            step.action = "delete"
            step.fields = {"deleted": True}
        return step
    first_old: dict[str, Any] = {}
    last_new: dict[str, Any] = {}
    for entry in entries:
        old = json.loads(entry.old or "{}")
        data = json.loads(entry.data)
        for name, value in old.items():
            if name in STAMPS:
                continue
            if name == "deleted":
                value = value is True
            first_old.setdefault(name, value)
            last_new[name] = data.get(name)
    for name, value in first_old.items():
        if current.get(name) != last_new[name]:
            step.kept.append(name)
        elif current.get(name) != value:
            step.fields[name] = value
    if step.fields:
        step.action = "revert"
    return step

"""Push and pull against the server's record table (no HTTP here).

Ordering: every push first locks the ``seq`` counter row (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite writers are serialised by ``BEGIN IMMEDIATE``) and holds it until it
commits. Sequence numbers are therefore handed out in commit order, and a pull reading
``seq > cursor`` can never skip a row that commits later with a smaller number.
"""

from __future__ import annotations

import json
from collections import Counter as Tally
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..merge import merge_change
from ..protocol import parent_columns
from ..schema import json_safe
from . import checks, history
from .accounts import Principal
from .errors import ApiError
from .models import Counter, PushBatch, SyncRecord
from .schemas import Change
from .settings import MASS_DELETE_FLOOR
from .visibility import as_seen_by

PARENT_DEPTH = 4


@dataclass(frozen=True)
class DeleteGuard:
    """Hold a push that deletes more than ``max_records`` records of a table, or more than
    ``percent`` % of its live records, until the user confirms (Joplin's mass-delete guard)."""

    max_records: int = 50
    percent: int = 10
    floor: int = MASS_DELETE_FLOOR

    def check(self, tombstoned: Tally[str], live: dict[str, int]) -> None:
        for table, count in sorted(tombstoned.items()):
            before = live.get(table, 0)
            if count < self.floor:
                continue
            if count > self.max_records or count * 100 > self.percent * before:
                raise ApiError(
                    409,
                    "mass_delete",
                    f"this push deletes {count} of {before} live {table} records; "
                    "send it again with confirm_deletes once the user has confirmed",
                    details={"table": table, "deletes": count, "live": before},
                )


def _live_counts(session: Session, tables: set[str]) -> dict[str, int]:
    query = (
        select(SyncRecord.table_name, func.count())
        .where(SyncRecord.table_name.in_(sorted(tables)), SyncRecord.deleted.is_(False))
        .group_by(SyncRecord.table_name)
    )
    return {table: count for table, count in session.execute(query)}


def validate_change(change: dict[str, Any]) -> None:
    """Refuse (422) a change that breaks the shared record schema; see ``checks``."""
    checks.check_change(change)


def _load(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], SyncRecord]:
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, row_id in keys:
        by_table[table].append(row_id)
    found: dict[tuple[str, str], SyncRecord] = {}
    for table, ids in by_table.items():
        for start in range(0, len(ids), 500):
            rows = session.scalars(
                select(SyncRecord).where(
                    SyncRecord.table_name == table, SyncRecord.row_id.in_(ids[start : start + 500])
                )
            )
            for row in rows:
                found[(row.table_name, row.row_id)] = row
    return found


def push(
    session: Session,
    principal: Principal,
    client_id: str,
    key: str,
    request_hash: str,
    changes: list[dict[str, Any]],
    *,
    guard: DeleteGuard | None = None,
    confirm_deletes: bool = False,
) -> str:
    """Apply a batch of changes; returns the result as JSON text (stored with ``key``).

    Every version written is kept in ``record_history``. A push the ``guard`` holds (many
    deletes, not confirmed) raises before anything is committed.
    """
    counter = history.lock_seq(session)
    done = session.get(PushBatch, (principal.user_id, key))
    if done is not None:
        if done.request_hash != request_hash:
            raise ApiError(422, "bad_request", "this idempotency key was used for a different push")
        return done.result
    for change in changes:
        validate_change(change)
    results = _apply(
        session,
        counter,
        principal.user_id,
        client_id,
        changes,
        guard=None if confirm_deletes else guard,
    )
    result = checks.dumps({"results": results})
    session.add(
        PushBatch(user_id=principal.user_id, key=key, request_hash=request_hash, result=result)
    )
    return result


def _apply(
    session: Session,
    counter: Counter,
    user_id: int | None,
    client_id: str,
    changes: list[dict[str, Any]],
    action: str = "push",
    guard: DeleteGuard | None = None,
) -> list[dict[str, Any]]:
    """Merge checked changes into the records, numbering each changed one past ``counter``;
    every new version is kept in the history as ``action``. A ``guard`` that holds the
    changes raises before anything is committed."""
    current = _load(session, [(c["t"], c["id"]) for c in changes])
    checks.check_references(session, changes, current)
    deleting = {c["t"] for c in changes if c["f"].get("deleted") is True}
    live = _live_counts(session, deleting) if guard is not None and deleting else {}
    tombstoned: Tally[str] = Tally()
    # Every new number is above every stored one: the unique seq index holds whatever
    # order the flush writes rows in.
    seq = counter.value
    results = []
    for change in changes:
        table, row_id = change["t"], change["id"]
        record = current.get((table, row_id))
        data = json.loads(record.data) if record is not None else None
        outcome = merge_change(
            table,
            data,
            record.version if record is not None else 0,
            change["bv"],
            change["f"],
            change["b"],
        )
        merged = outcome.data
        if merged.get("deleted") is True and data is not None and data.get("deleted") is not True:
            tombstoned[table] += 1
        if record is None or outcome.changed:
            checks.stamp(merged, created=record is None)
            seq += 1
            text = checks.dumps(merged)
            if record is None:
                record = SyncRecord(table_name=table, row_id=row_id, version=1, seq=seq, data=text)
                session.add(record)
                current[(table, row_id)] = record
            else:
                record.version += 1
                record.seq = seq
                record.data = text
            record.last_client = client_id
            record.updated_by = user_id
            record.deleted = merged.get("deleted") is True
            if record.created_by is None:
                record.created_by = user_id
            history.record(
                session, record, data, merged, user_id=user_id, client_id=client_id, action=action
            )
        results.append(
            {
                "t": table,
                "id": row_id,
                "v": record.version,
                "d": merged,
                "conflicts": [c.as_dict() for c in outcome.conflicts],
            }
        )
    if guard is not None:
        guard.check(tombstoned, live)
    counter.value = seq
    return results


def write_changes(
    session: Session, user_id: int | None, client_id: str, changes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Changes made on the server itself (a sent web form), applied exactly like a push:
    the same checks, the same merge, the next sequence numbers under the same lock; laptops
    receive them on their next pull. Returns the per-record results of a push."""
    counter = history.lock_seq(session)
    for change in changes:
        validate_change(Change.model_validate(change).model_dump())
    return _apply(session, counter, user_id, client_id, changes, action="form")


def current_records(session: Session, table: str) -> dict[str, tuple[int, dict[str, Any]]]:
    """Every record of ``table``: id -> (version, data). For small tables only."""
    rows = session.execute(
        select(SyncRecord.row_id, SyncRecord.version, SyncRecord.data).where(
            SyncRecord.table_name == table
        )
    )
    return {row_id: (version, json.loads(data)) for row_id, version, data in rows}


def get_record(session: Session, table: str, row_id: str) -> tuple[int, dict[str, Any]] | None:
    row = session.get(SyncRecord, (table, row_id))
    return None if row is None else (row.version, json.loads(row.data))


def _parents(
    session: Session,
    records: list[tuple[str, str, int, str]],
    known: set[tuple[str, str]],
    after: int,
) -> list[tuple[str, str, int, str]]:
    """Records referred to by ``records`` that this page would otherwise deliver later."""
    found: list[tuple[str, str, int, str]] = []
    layer = records
    for _ in range(PARENT_DEPTH):
        wanted: set[tuple[str, str]] = set()
        for table, _row_id, _version, text in layer:
            refs = parent_columns().get(table)
            if not refs:
                continue
            data = json.loads(text)
            for column, parent in refs:
                value = data.get(column)
                if value and (parent, value) not in known:
                    wanted.add((parent, value))
        if not wanted:
            break
        layer = []
        for (table, row_id), row in _load(session, sorted(wanted)).items():
            known.add((table, row_id))
            if row.seq > after:
                layer.append((table, row_id, row.version, row.data))
        found = layer + found
    return found


def standard_json(text: str) -> str:
    """Stored JSON as standard JSON.

    A non-finite number (stored before pushes were checked) goes out as text, which every
    laptop sets aside; Python's ``NaN`` literal would break strict JSON readers.
    """
    if "NaN" not in text and "Infinity" not in text:
        return text
    return json.dumps(json_safe(json.loads(text)), ensure_ascii=False, separators=(",", ":"))


def with_page(result: str, page: bytes) -> bytes:
    """A push answer (``{"results": [...]}``) with a pull page added as ``pull``; spliced as
    text, like the page itself, so neither is parsed and serialised again."""
    head = result.encode().rstrip()
    if not head.endswith(b"}"):
        raise ValueError("a push answer is a JSON object")
    return head[:-1] + b',"pull":' + page + b"}"


def pull(session: Session, cursor: int, limit: int, *, role: str) -> bytes:
    """A page of records after ``cursor``, as ``role`` may see them (``visibility``)."""
    rows = session.execute(
        select(
            SyncRecord.table_name,
            SyncRecord.row_id,
            SyncRecord.version,
            SyncRecord.seq,
            SyncRecord.data,
        )
        .where(SyncRecord.seq > cursor)
        .order_by(SyncRecord.seq)
        .limit(limit)
    ).all()
    has_more = len(rows) == limit
    new_cursor = rows[-1].seq if rows else cursor
    # A client's own writes come back too: it has them from its push answers, but a laptop
    # restored from a backup does not, and its id and cursor came back with the backup.
    page = [(r.table_name, r.row_id, r.version, r.data) for r in rows]
    known = {(r.table_name, r.row_id) for r in rows}
    page = _parents(session, page, known, new_cursor) + page
    # Built by hand: the stored JSON goes out as it is, without a parse/serialise round.
    body = ",".join(
        f'{{"t":"{t}","id":"{i}","v":{v},"d":{standard_json(as_seen_by(role, t, d))}}}'
        for t, i, v, d in page
    )
    head = f'{{"cursor":{new_cursor},"has_more":{"true" if has_more else "false"},"records":['
    return (head + body + "]}").encode()

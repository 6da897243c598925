"""Push and pull against the server's record table (no HTTP here).

Ordering: every push first locks the ``seq`` counter row (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite writers are serialised by ``BEGIN IMMEDIATE``) and holds it until it
commits. Sequence numbers are therefore handed out in commit order, and a pull reading
``seq > cursor`` can never skip a row that commits later with a smaller number.

Fairness: a big push is applied in chunks (``PushLimits.chunk`` changes each), each in its
own transaction under the lock, so another user's push waits for one chunk at most, not for
the whole push. All or nothing still holds for everyone else:

* every change is checked (schema, references, the mass-delete guard, the quota) before
  the first chunk, so a push that would be refused is refused whole;
* while it runs, its ``push_batch`` row holds ``first_seq`` (the first number it may use)
  and pulls serve nothing from there on, so no laptop sees part of it (what others push
  meanwhile waits with it, for a few seconds);
* the answer is assembled from the chunks' answers (``push_chunk``) when the last one
  commits. A server that dies in between leaves the push "running": the laptop sends the
  same key again (it retries, and derives the key from the content) and the push carries
  on from the next chunk, applying nothing twice;
* when it starts (under the lock) it holds every record it will change (``holds``): nobody
  else writes them until it ends, and the same user's other pushes wait for it, so the
  quota checked then still holds at its end;
* a push nobody resumes is rolled back after ``batches.HOLD_EXPIRES`` without progress, as
  if it had never been applied, and its key answers 409 ``push_abandoned`` (``batches``).
"""

from __future__ import annotations

import json
from collections import Counter as Tally
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dxfield.models.base import utcnow

from ..merge import merge_change
from ..protocol import parent_columns
from ..schema import json_safe
from . import batches, checks, history, holds, quota
from .accounts import Principal
from .db import ServerDB
from .errors import ApiError
from .models import Counter, PushBatch, PushChunk, SyncRecord
from .schemas import Change
from .settings import MASS_DELETE_FLOOR, MASS_DELETE_SMALL
from .visibility import as_seen_by

PARENT_DEPTH = 4
# Changes applied per transaction of a big push: the lock is free between two of them.
CHUNK_CHANGES = 50


@dataclass(frozen=True)
class DeleteGuard:
    """Hold a push that deletes more than ``max_records`` records of a table, or more than
    ``percent`` % of its live records, until the user confirms (Joplin's mass-delete guard).

    Under ``floor`` deletes the share alone would hold someone tidying up a small table, so
    a few deletes pass; but not a small table going whole or mostly (all 8 team members,
    every contact while there are only a handful): more than half of its live records, from
    ``small`` deletes up, is held too. One or two deletes are never held."""

    max_records: int = 50
    percent: int = 10
    floor: int = MASS_DELETE_FLOOR
    small: int = MASS_DELETE_SMALL

    def holds(self, deletes: int, live: int) -> bool:
        """Whether deleting ``deletes`` of a table's ``live`` records needs confirming."""
        if deletes < self.floor:
            return deletes >= self.small and deletes * 2 > live
        return deletes > self.max_records or deletes * 100 > self.percent * live

    def check_changes(
        self,
        session: Session,
        changes: list[dict[str, Any]],
        current: dict[tuple[str, str], SyncRecord],
    ) -> None:
        """Refuse (409) before anything is applied. Counts every change that deletes a live
        record (a delete that meets an unseen edit is later dropped by the merge: counting
        it anyway errs on the side of asking)."""
        tombstoned: Tally[str] = Tally()
        for c in changes:
            row = current.get((c["t"], c["id"]))
            if c["f"].get("deleted") is True and row is not None and not row.deleted:
                tombstoned[c["t"]] += 1
        if tombstoned:
            self.check(tombstoned, _live_counts(session, set(tombstoned)))

    def check(self, tombstoned: Tally[str], live: dict[str, int]) -> None:
        for table, count in sorted(tombstoned.items()):
            before = live.get(table, 0)
            if self.holds(count, before):
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


@dataclass(frozen=True)
class PushLimits:
    guard: DeleteGuard | None = field(default_factory=DeleteGuard)
    quota: quota.QuotaLimits = field(default_factory=quota.QuotaLimits)
    chunk: int = CHUNK_CHANGES


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
    limits: PushLimits | None = None,
    confirm_deletes: bool = False,
) -> str:
    """Apply a batch of changes in one transaction (``session``'s); returns the result as
    JSON text (stored with ``key``). See ``submit`` for big pushes."""
    limits = limits or PushLimits()
    counter = history.lock_seq(session)
    user_id = principal.user_id
    due, turn_taken, held = batches.probe(session, user_id, client_id, key)
    if due:
        # Before the checks: the push must not rely on a record about to go.
        batches.abandon_due(session, (user_id, client_id, key))
        due, turn_taken, held = batches.probe(session, user_id, client_id, key)
    done = _done(session, user_id, key, request_hash)
    if done is not None:
        return done
    _check(session, principal, changes, limits, confirm_deletes)
    if turn_taken:
        raise holds.busy(holds.TURN_MESSAGE)
    if held:
        holds.check_free(session, [(c["t"], c["id"]) for c in changes])
    results = _apply(session, counter, principal.user_id, client_id, changes)
    result = checks.dumps({"results": results})
    session.add(
        PushBatch(user_id=principal.user_id, key=key, request_hash=request_hash, result=result)
    )
    return result


def submit(
    db: ServerDB,
    principal: Principal,
    client_id: str,
    key: str,
    request_hash: str,
    changes: list[dict[str, Any]],
    *,
    limits: PushLimits | None = None,
    confirm_deletes: bool = False,
) -> str:
    """Apply a push: a small one in one transaction, a big one chunk by chunk (see above)."""
    limits = limits or PushLimits()
    if len(changes) <= limits.chunk:
        with db.session() as session:
            return push(
                session,
                principal,
                client_id,
                key,
                request_hash,
                changes,
                limits=limits,
                confirm_deletes=confirm_deletes,
            )
    user_id = principal.user_id
    batches.abandon_stale(db, by=(user_id, client_id, key))
    # Checked outside the lock: the checks of 5,000 changes would hold up everyone else.
    with db.read_session() as session:
        done = _done(session, user_id, key, request_hash, running_too=True)
        if done is None:
            _check(session, principal, changes, limits, confirm_deletes)
        seen = quota.used(session, user_id)
    if done is not None and done != _RUNNING:
        return done
    with db.session() as session:
        counter = history.lock_seq(session)
        batch = session.get(PushBatch, (user_id, key))
        if batch is None:
            _start(session, counter, user_id, client_id, key, request_hash, changes, limits, seen)
    parts = [changes[i : i + limits.chunk] for i in range(0, len(changes), limits.chunk)]
    for n, part in enumerate(parts):
        with db.session() as session:
            counter = history.lock_seq(session)
            batch = _batch(session, user_id, key)
            if batch.state == "done" or batch.chunks_done > n:
                continue  # applied before a crash, or by a retry running alongside
            before: list[list[Any]] = []
            results = _apply(
                session, counter, user_id, client_id, part, check_refs=False, before=before
            )
            session.add(
                PushChunk(
                    user_id=user_id,
                    key=key,
                    n=n,
                    result=checks.dumps(results),
                    before=checks.dumps(before),
                )
            )
            batch.chunks_done = n + 1
            batch.touched_at = utcnow()
    with db.session() as session:
        history.lock_seq(session)
        batch = _batch(session, user_id, key)
        if batch.state != "done":
            holds.release(session, user_id, key)
            where = (PushChunk.user_id == user_id, PushChunk.key == key)
            chunks = session.scalars(select(PushChunk.result).where(*where).order_by(PushChunk.n))
            results = [r for text in chunks for r in json.loads(text)]
            batch.result = checks.dumps({"results": results})
            batch.state = "done"
            batch.first_seq = None
            session.execute(delete(PushChunk).where(*where))
        return batch.result


def _start(
    session: Session,
    counter: Counter,
    user_id: int,
    client_id: str,
    key: str,
    request_hash: str,
    changes: list[dict[str, Any]],
    limits: PushLimits,
    seen: tuple[int, int],
) -> None:
    """Begin a chunked push, under the lock: one at a time per user, the quota checked
    again (if the user's usage is no longer the ``seen`` it was checked against) now that
    no other push of this user can run, its records held (``holds``)."""
    holds.check_turn(session, user_id, key)
    if quota.used(session, user_id) != seen:
        # Another push of theirs ended since the check (they take turns from here on).
        stored = holds.stored_keys(session, [(c["t"], c["id"]) for c in changes])
        quota.check(session, user_id, changes, stored, limits.quota)
    holds.take(session, user_id, key, changes)
    session.add(
        PushBatch(
            user_id=user_id,
            key=key,
            request_hash=request_hash,
            result="",
            state="running",
            chunks_done=0,
            first_seq=counter.value + 1,
            touched_at=utcnow(),
            client_id=client_id,
        )
    )


def _batch(session: Session, user_id: int, key: str) -> PushBatch:
    """The push ``key`` (under the lock); 409 if it was abandoned meanwhile."""
    batch = session.get(PushBatch, (user_id, key))
    if batch is None or batch.state == "abandoned":
        raise batches.abandoned()
    return batch


_RUNNING = "running"


def _done(
    session: Session, user_id: int, key: str, request_hash: str, *, running_too: bool = False
) -> str | None:
    """The stored answer of a push already applied with ``key`` (``_RUNNING`` if it is being
    applied and ``running_too``); 422 if the key came with another push."""
    batch = session.get(PushBatch, (user_id, key))
    if batch is None:
        return None
    if batch.request_hash != request_hash:
        raise ApiError(422, "bad_request", "this idempotency key was used for a different push")
    if batch.state == "done":
        return batch.result
    if batch.state == "abandoned":
        raise batches.abandoned()
    if running_too:
        return _RUNNING
    raise ApiError(409, "push_running", "this push is being applied; send it again shortly")


def _check(
    session: Session,
    principal: Principal,
    changes: list[dict[str, Any]],
    limits: PushLimits,
    confirm_deletes: bool,
) -> None:
    """Everything that can refuse a push, before any of it is applied."""
    for change in changes:
        validate_change(change)
    current = _load(session, [(c["t"], c["id"]) for c in changes])
    checks.check_references(session, changes, current)
    if limits.guard is not None and not confirm_deletes:
        limits.guard.check_changes(session, changes, current)
    quota.check(session, principal.user_id, changes, current, limits.quota)


def _apply(
    session: Session,
    counter: Counter,
    user_id: int | None,
    client_id: str,
    changes: list[dict[str, Any]],
    action: str = "push",
    *,
    check_refs: bool = True,
    before: list[list[Any]] | None = None,
) -> list[dict[str, Any]]:
    """Merge checked changes into the records, numbering each changed one past ``counter``;
    every new version is kept in the history as ``action``, and its size in its creator's
    quota. ``check_refs=False``: the references were checked for the whole push before
    (a chunk may refer to a record an earlier chunk created). ``before`` (a chunk of a big
    push) gets [table, id, version, creator] of each record as it was (0: not stored)."""
    current = _load(session, [(c["t"], c["id"]) for c in changes])
    if check_refs:
        checks.check_references(session, changes, current)
    if before is not None:
        for change in changes:
            record = current.get((change["t"], change["id"]))
            if record is None:
                before.append([change["t"], change["id"], 0, None])
            else:
                before.append([change["t"], change["id"], record.version, record.created_by])
    usage = quota.Usage()
    kept: list[dict[str, Any]] = []
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
        if record is None or outcome.changed:
            checks.stamp(merged, created=record is None)
            seq += 1
            text = checks.dumps(merged)
            if record is None:
                record = SyncRecord(table_name=table, row_id=row_id, version=1, seq=seq, data=text)
                session.add(record)
                current[(table, row_id)] = record
                usage.created(user_id, text)
            else:
                usage.changed(record.created_by, record.data, text)
                record.version += 1
                record.seq = seq
                record.data = text
            record.last_client = client_id
            record.updated_by = user_id
            record.deleted = merged.get("deleted") is True
            if record.created_by is None:
                record.created_by = user_id
            kept.append(
                history.entry(
                    record, data, merged, user_id=user_id, client_id=client_id, action=action
                )
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
    history.keep(session, kept)
    usage.save(session)
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
    holds.check_free(session, [(c["t"], c["id"]) for c in changes])
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
    horizon: int | None = None,
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
            if row.seq > after and (horizon is None or row.seq < horizon):
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


def _horizon(session: Session) -> int | None:
    """The first sequence number of the oldest push still being applied (None: none runs).
    One never finished holds pulls back until it is rolled back (``batches``), never less."""
    return session.scalar(
        select(func.min(PushBatch.first_seq)).where(PushBatch.first_seq.is_not(None))
    )


def pull(session: Session, cursor: int, limit: int, *, role: str) -> bytes:
    """A page of records after ``cursor``, as ``role`` may see them (``visibility``).

    Nothing from a push still being applied (``submit``) is served: the page stops below
    the first number a running push may use."""
    if session.get_bind().dialect.name == "postgresql":
        # One snapshot for every query below (the horizon and the rows must agree).
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    horizon = _horizon(session)
    below = (SyncRecord.seq < horizon,) if horizon is not None else ()
    rows = session.execute(
        select(
            SyncRecord.table_name,
            SyncRecord.row_id,
            SyncRecord.version,
            SyncRecord.seq,
            SyncRecord.data,
        )
        .where(SyncRecord.seq > cursor, *below)
        .order_by(SyncRecord.seq)
        .limit(limit)
    ).all()
    has_more = len(rows) == limit
    new_cursor = rows[-1].seq if rows else cursor
    # A client's own writes come back too: it has them from its push answers, but a laptop
    # restored from a backup does not, and its id and cursor came back with the backup.
    page = [(r.table_name, r.row_id, r.version, r.data) for r in rows]
    known = {(r.table_name, r.row_id) for r in rows}
    page = _parents(session, page, known, new_cursor, horizon) + page
    # Built by hand: the stored JSON goes out as it is, without a parse/serialise round.
    body = ",".join(
        f'{{"t":"{t}","id":"{i}","v":{v},"d":{standard_json(as_seen_by(role, t, d))}}}'
        for t, i, v, d in page
    )
    head = f'{{"cursor":{new_cursor},"has_more":{"true" if has_more else "false"},"records":['
    return (head + body + "]}").encode()

"""Chunked pushes nobody finishes are rolled back: all or nothing, for real.

A big push commits chunk by chunk (``store.submit``); until its last chunk, pulls serve
nothing from its first sequence number on, and the records it changes are held
(``holds``). If its server dies and its laptop never sends the same key again, the push
would hang there, holding back every pull. Once it has made no progress for
``HOLD_EXPIRES`` it is *abandoned* (at server start, and by the next pull or push):

* every record it changed goes back to the version it had before the push, exactly as it
  was (same version, same sequence number, same data, its history rows of the push
  removed); records it created are removed with their history. Nobody can have seen any
  of it: pulls stopped below it, and its records were held, so no other push, web form,
  restore or undo merged with or answered with its versions. Quotas are given back;
* the same happens after ``SUPERSEDED_AFTER`` already when the laptop that sent it sends
  a different push (its outbox changed since, so it will never resume the old one); before
  the new one is checked, so it never refers to a record about to go;
* the push is marked "abandoned". Its key then answers 409 ``push_abandoned``: the laptop
  still has every change in its outbox and sends them again under a new key
  (``sync.runner``); a loop still applying it stops at its next chunk with that answer.

What others pushed meanwhile is never touched: it cannot have touched the held records,
and the records it did write keep their versions (they were only held back from pulls with
everything after the abandoned push's first number, and are served as soon as it goes).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import and_, bindparam, delete, func, or_, select, tuple_
from sqlalchemy.orm import Session

from dxfield.models.base import utcnow

from . import history, holds
from .db import ServerDB
from .errors import ApiError
from .models import PushBatch, PushChunk, PushHold, RecordHistory, SyncRecord, UserQuota

log = logging.getLogger(__name__)

# A running push that made no progress for this long is rolled back (see above).
HOLD_EXPIRES = timedelta(minutes=10)
# ... and sooner when its own laptop sends another push instead (its outbox changed since,
# so the old key will not come back): a live loop makes progress every chunk, in seconds.
SUPERSEDED_AFTER = timedelta(minutes=2)
ABANDONED_MESSAGE = (
    "this push stopped halfway and was not resumed in time; the server undid it: send the "
    "same changes again with a new idempotency key"
)


def abandoned() -> ApiError:
    return ApiError(409, "push_abandoned", ABANDONED_MESSAGE)


def _idle_since(moment):
    return and_(
        PushBatch.first_seq.is_not(None),
        func.coalesce(PushBatch.touched_at, PushBatch.created_at) < moment,
    )


def _due(by: tuple[int, str, str] | None):
    """Running pushes to roll back: idle for ``HOLD_EXPIRES``; with ``by`` (user, laptop,
    key of a push arriving) also that laptop's other pushes idle for ``SUPERSEDED_AFTER``."""
    now = utcnow()
    due = _idle_since(now - HOLD_EXPIRES)
    if by is None:
        return due
    user_id, client_id, key = by
    replaced = and_(
        _idle_since(now - SUPERSEDED_AFTER),
        PushBatch.user_id == user_id,
        PushBatch.client_id == client_id,
        PushBatch.key != key,
    )
    return or_(due, replaced)


def probe(session: Session, user_id: int, client_id: str, key: str) -> tuple[bool, bool, bool]:
    """For a push arriving, in one round trip: is any running push due to be rolled back
    (``_due``), is another push of this user running, is any record held?"""
    due = select(PushBatch.key).where(_due((user_id, client_id, key))).limit(1)
    turn = select(PushBatch.key).where(
        PushBatch.user_id == user_id, PushBatch.first_seq.is_not(None), PushBatch.key != key
    )
    held = select(PushHold.key).limit(1)
    row = session.execute(
        select(due.scalar_subquery(), turn.limit(1).scalar_subquery(), held.scalar_subquery())
    ).one()
    return tuple(value is not None for value in row)


def abandon_due(session: Session, by: tuple[int, str, str] | None = None) -> int:
    """Roll back, in this transaction (the caller holds the ``seq`` lock), the running
    pushes due (``_due``); returns how many.

    A rollback that fails is logged and left for the next request (in a savepoint, so the
    caller's transaction goes on): the push stays running, so pulls stay held back below
    it (the safe side)."""
    try:
        with session.begin_nested():
            stale = list(session.scalars(select(PushBatch).where(_due(by))))
            for batch in stale:
                abandon(session, batch)
            return len(stale)
    except Exception:
        log.exception("rolling back an unfinished push failed; pulls stay held back below it")
        return 0


def is_due(session: Session) -> bool:
    """Is a running push due to be rolled back (one indexed query, for pulls)?"""
    return session.scalar(select(PushBatch.key).where(_due(None)).limit(1)) is not None


def abandon_stale(db: ServerDB, *, by: tuple[int, str, str] | None = None) -> int:
    """Roll back every running push idle for ``HOLD_EXPIRES`` (and, with ``by``, those the
    same laptop replaced, see ``_due``) in a transaction of its own; returns how many. The
    pull, push or server start that calls it goes on whatever happens (``abandon_due``)."""
    with db.read_session() as session:
        if session.scalar(select(PushBatch.key).where(_due(by)).limit(1)) is None:
            return 0
    try:
        with db.session() as session:
            history.lock_seq(session)
            return abandon_due(session, by)
    except Exception:  # the lock or the database itself
        log.exception("rolling back an unfinished push failed; pulls stay held back below it")
        return 0


def _was(session: Session, user_id: int, key: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(version, creator) of each record before the push changed it, as its chunks noted
    (``push_chunk.before``; the first chunk to reach a record saw it as it was)."""
    was: dict[tuple[str, str], tuple[int, int]] = {}
    noted = session.scalars(
        select(PushChunk.before)
        .where(PushChunk.user_id == user_id, PushChunk.key == key)
        .order_by(PushChunk.n)
    )
    for text in noted:
        for table, row_id, version, creator in json.loads(text or "[]"):
            was.setdefault((table, row_id), (version, creator))
    return was


def _in_slices(session: Session, query, columns, keys: list[tuple]) -> list:
    found = []
    for start in range(0, len(keys), 500):
        found.extend(session.scalars(query.where(tuple_(*columns).in_(keys[start : start + 500]))))
    return found


def abandon(session: Session, batch: PushBatch) -> int:
    """Undo what ``batch`` applied and mark it abandoned; the caller holds the ``seq`` lock.
    Returns how many records were put back."""
    user_id, key = batch.user_id, batch.key
    was = _was(session, user_id, key)
    if batch.chunks_done and not was:
        # Started before chunks noted anything (an upgrade in between): nothing to go by.
        log.warning("push %s of user %s abandoned without its notes: its chunks stay", key, user_id)
    keys = sorted(was)
    rows = _in_slices(session, select(SyncRecord), (SyncRecord.table_name, SyncRecord.row_id), keys)
    changed = [r for r in rows if r.version != was[(r.table_name, r.row_id)][0]]
    kept_rows = _in_slices(
        session,
        select(RecordHistory),
        (RecordHistory.table_name, RecordHistory.row_id, RecordHistory.version),
        [(r.table_name, r.row_id, was[(r.table_name, r.row_id)][0]) for r in changed],
    )
    kept = {(e.table_name, e.row_id): e for e in kept_rows}
    records: dict[int, int] = defaultdict(int)
    sizes: dict[int, int] = defaultdict(int)
    earlier = []  # (table, id, version) put back: their later history goes
    for row in changed:
        before_version, before_creator = was[(row.table_name, row.row_id)]
        size = len(row.data.encode())
        if before_version == 0:
            if row.created_by is not None:
                records[row.created_by] -= 1
                sizes[row.created_by] -= size
            session.delete(row)
            earlier.append((row.table_name, row.row_id, 0))
            continue
        entry = kept.get((row.table_name, row.row_id))
        if entry is None:  # no history of its earlier version (never so since 0002)
            log.error(
                "%s %s: no version %s to roll back to", row.table_name, row.row_id, before_version
            )
            continue
        earlier.append((row.table_name, row.row_id, before_version))
        if before_creator is not None:
            sizes[before_creator] += len(entry.data.encode()) - size
        row.version = entry.version
        row.seq = entry.seq
        row.data = entry.data
        row.deleted = json.loads(entry.data).get("deleted") is True
        row.updated_by = entry.user_id
        row.last_client = entry.client_id
        row.created_by = before_creator
    if earlier:
        session.flush()
        session.connection().execute(
            delete(RecordHistory).where(
                RecordHistory.table_name == bindparam("t"),
                RecordHistory.row_id == bindparam("i"),
                RecordHistory.version > bindparam("v"),
            ),
            [{"t": t, "i": i, "v": v} for t, i, v in earlier],
        )
    for uid in sorted(set(records) | set(sizes)):
        usage = session.get(UserQuota, uid)
        if usage is not None:
            usage.records = max(0, (usage.records or 0) + records[uid])
            usage.bytes = max(0, (usage.bytes or 0) + sizes[uid])
    holds.release(session, user_id, key)
    session.execute(delete(PushChunk).where(PushChunk.user_id == user_id, PushChunk.key == key))
    batch.state = "abandoned"
    batch.first_seq = None
    batch.result = ""
    session.flush()
    return len(earlier)

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

from sqlalchemy import and_, delete, exists, func, or_, select
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


def abandon_stale(db: ServerDB, *, by: tuple[int, str, str] | None = None) -> int:
    """Roll back every running push idle for ``HOLD_EXPIRES`` (and, with ``by``, those the
    same laptop replaced, see ``_due``); returns how many.

    A rollback that fails is logged and left for the next request: the push stays running,
    so pulls stay held back below it (the safe side), and the pull, push or server start
    that tried it goes on as if nothing were stale."""
    with db.read_session() as session:
        if session.scalar(select(PushBatch.key).where(_due(by)).limit(1)) is None:
            return 0
    try:
        with db.session() as session:
            history.lock_seq(session)
            stale = list(session.scalars(select(PushBatch).where(_due(by))))
            for batch in stale:
                abandon(session, batch)
            return len(stale)
    except Exception:
        log.exception("rolling back an unfinished push failed; pulls stay held back below it")
        return 0


def abandon(session: Session, batch: PushBatch) -> int:
    """Undo what ``batch`` applied and mark it abandoned; the caller holds the ``seq`` lock.
    Returns how many records were put back."""
    user_id, key = batch.user_id, batch.key
    mine = and_(PushHold.user_id == user_id, PushHold.key == key)
    found = session.execute(
        select(SyncRecord, PushHold.before_version, PushHold.before_creator)
        .join(
            PushHold,
            and_(
                SyncRecord.table_name == PushHold.table_name,
                SyncRecord.row_id == PushHold.row_id,
            ),
        )
        .where(mine, SyncRecord.version != PushHold.before_version)
    ).all()
    kept_rows = session.scalars(
        select(RecordHistory)
        .join(
            PushHold,
            and_(
                RecordHistory.table_name == PushHold.table_name,
                RecordHistory.row_id == PushHold.row_id,
                RecordHistory.version == PushHold.before_version,
            ),
        )
        .where(mine)
    )
    before = {(e.table_name, e.row_id): e for e in kept_rows}
    records: dict[int, int] = defaultdict(int)
    sizes: dict[int, int] = defaultdict(int)
    for row, before_version, before_creator in found:
        size = len(row.data.encode())
        if before_version == 0:
            if row.created_by is not None:
                records[row.created_by] -= 1
                sizes[row.created_by] -= size
            session.delete(row)
            continue
        kept = before.get((row.table_name, row.row_id))
        if kept is None:  # no history of its earlier version (never so since 0002)
            log.error(
                "%s %s: no version %s to roll back to", row.table_name, row.row_id, before_version
            )
            continue
        if before_creator is not None:
            sizes[before_creator] += len(kept.data.encode()) - size
        row.version = kept.version
        row.seq = kept.seq
        row.data = kept.data
        row.deleted = json.loads(kept.data).get("deleted") is True
        row.updated_by = kept.user_id
        row.last_client = kept.client_id
        row.created_by = before_creator
    later = select(PushHold.key).where(
        mine,
        PushHold.table_name == RecordHistory.table_name,
        PushHold.row_id == RecordHistory.row_id,
        RecordHistory.version > PushHold.before_version,
    )
    session.execute(delete(RecordHistory).where(exists(later)))
    for uid in sorted(set(records) | set(sizes)):
        usage = session.get(UserQuota, uid)
        if usage is not None:
            usage.records = max(0, (usage.records or 0) + records[uid])
            usage.bytes = max(0, (usage.bytes or 0) + sizes[uid])
    if batch.chunks_done and session.scalar(select(PushHold.key).where(mine).limit(1)) is None:
        # Started before holds existed (an upgrade in between): nothing to put back by.
        log.warning("push %s of user %s abandoned without holds: its chunks stay", key, user_id)
    holds.release(session, user_id, key)
    session.execute(delete(PushChunk).where(PushChunk.user_id == user_id, PushChunk.key == key))
    batch.state = "abandoned"
    batch.first_seq = None
    batch.result = ""
    session.flush()
    return len(found)

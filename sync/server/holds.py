"""Records held by a running chunked push, and one running push per user.

A big push (``store.submit``) is applied chunk by chunk. When it starts, under the ``seq``
lock, it takes a hold (``push_hold``) on every record it will change, all at once (two big
pushes can then never wait for each other's records); from then until its last chunk
commits nobody else writes those records (other pushes, web forms, restore and undo are
told 503 ``busy`` and try again). Each chunk notes the version and creator its records had
before it (``push_chunk.before``, from the rows it loads anyway), so that a push that is
never finished can be rolled back exactly (``batches.abandon``): nobody has seen, merged
with or built on any of its versions.

The same user's other pushes wait too while one of theirs runs: the quota is checked under
the lock when a push starts (again, if their usage moved since the check outside it), and
nothing else of that user's can add records until it ends.

Cost under the lock, 5,000 changes: about 30 ms to take the holds (ids only; COPY on
PostgreSQL), 5-20 ms to release them, nothing per chunk (a statement per chunk to note
cost 7-16 ms each on PostgreSQL here, mostly the round trip).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from .errors import ApiError
from .models import PushBatch, PushHold, SyncRecord

HELD_MESSAGE = (
    "a record of this change is being written by another push that is still being applied; "
    "try again in a moment"
)
TURN_MESSAGE = "another push of yours is still being applied; try again in a moment"


def busy(message: str) -> ApiError:
    # 503 + Retry-After: the client retries it by itself, with backoff (sync.client).
    return ApiError(503, "busy", message, headers={"Retry-After": "1"})


def _slices(keys: Iterable[tuple[str, str]]) -> Iterator[tuple[str, list[str]]]:
    """``keys`` as (table, up to 500 ids) for ``IN`` queries."""
    by_table: dict[str, set[str]] = defaultdict(set)
    for table, row_id in keys:
        by_table[table].add(row_id)
    for table, ids in sorted(by_table.items()):
        wanted = sorted(ids)
        for start in range(0, len(wanted), 500):
            yield table, wanted[start : start + 500]


def check_free(
    session: Session, keys: Iterable[tuple[str, str]], owner: tuple[int, str] | None = None
) -> None:
    """Refuse (503 ``busy``) to write a record another running push holds (``owner``: the
    push asking, whose own holds are no obstacle)."""
    if session.scalar(select(PushHold.key).limit(1)) is None:
        return  # the usual case: no big push running
    for table, ids in _slices(keys):
        holders = session.execute(
            select(PushHold.user_id, PushHold.key).where(
                PushHold.table_name == table, PushHold.row_id.in_(ids)
            )
        )
        if any(tuple(holder) != owner for holder in holders):
            raise busy(HELD_MESSAGE)


def check_turn(session: Session, user_id: int, key: str) -> None:
    """Refuse (503 ``busy``) a push while another push of the same user is running."""
    other = session.scalar(
        select(PushBatch.key)
        .where(
            PushBatch.user_id == user_id,
            PushBatch.first_seq.is_not(None),
            PushBatch.key != key,
        )
        .limit(1)
    )
    if other is not None:
        raise busy(TURN_MESSAGE)


def stored_keys(session: Session, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of ``keys`` are stored records (ids only: light enough to read under the lock
    for the 5,000 records of a big push)."""
    found = set()
    for table, ids in _slices(keys):
        rows = session.scalars(
            select(SyncRecord.row_id).where(
                SyncRecord.table_name == table, SyncRecord.row_id.in_(ids)
            )
        )
        found.update((table, row_id) for row_id in rows)
    return found


def take(session: Session, user_id: int, key: str, changes: list[dict[str, Any]]) -> None:
    """Hold every record of ``changes`` for the push ``(user_id, key)``. What each was
    before is noted by the chunk that changes it (``push_chunk.before``): held from now
    on, it cannot change in between."""
    check_free(session, [(c["t"], c["id"]) for c in changes], owner=(user_id, key))
    rows = {
        (c["t"], c["id"]): {"table_name": c["t"], "row_id": c["id"], "user_id": user_id, "key": key}
        for c in changes
    }
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # COPY: 30 ms for 5,000 holds here, under the lock; an executemany took 85-165 ms
        # and multi-row VALUES (built, or through RETURNING) longer still.
        raw = connection.connection.dbapi_connection
        with raw.cursor() as cursor, cursor.copy(_COPY) as copy:
            for row in rows.values():
                copy.write_row((row["table_name"], row["row_id"], user_id, key))
    else:
        connection.execute(insert(PushHold.__table__), list(rows.values()))


_COPY = "COPY push_hold (table_name, row_id, user_id, key) FROM STDIN"


def release(session: Session, user_id: int, key: str) -> None:
    session.execute(delete(PushHold).where(PushHold.user_id == user_id, PushHold.key == key))

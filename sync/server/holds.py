"""Records held by a running chunked push, and one running push per user.

A big push (``store.submit``) is applied chunk by chunk. When it starts, under the ``seq``
lock, it takes a hold (``push_hold``) on every record it will change, all at once (two big
pushes can then never wait for each other's records); from then until its last chunk
commits nobody else writes those records (other pushes, web forms, restore and undo are
told 503 ``busy`` and try again). The chunk that changes a record first notes its version
and creator (``note_before``), so that a push that is never finished can be rolled back
exactly (``batches.abandon``): nobody has seen, merged with or built on any of its versions.

The same user's other pushes wait too while one of theirs runs: the quota is checked under
the lock when a push starts (again, if their usage moved since the check outside it), and
nothing else of that user's can add records until it ends.

Cost under the lock, 5,000 changes on SQLite: about 30 ms to take the holds (ids only),
10-20 ms to release them, a few ms per chunk to note; the fairness benchmark showed no
change beyond its noise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
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


def check_free(
    session: Session, keys: Iterable[tuple[str, str]], owner: tuple[int, str] | None = None
) -> None:
    """Refuse (503 ``busy``) to write a record another running push holds (``owner``: the
    push asking, whose own holds are no obstacle)."""
    if session.scalar(select(PushHold.key).limit(1)) is None:
        return  # the usual case: no big push running
    by_table: dict[str, set[str]] = defaultdict(set)
    for table, row_id in keys:
        by_table[table].add(row_id)
    for table, ids in by_table.items():
        wanted = sorted(ids)
        for start in range(0, len(wanted), 500):
            holders = session.execute(
                select(PushHold.user_id, PushHold.key).where(
                    PushHold.table_name == table, PushHold.row_id.in_(wanted[start : start + 500])
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
    by_table: dict[str, set[str]] = defaultdict(set)
    for table, row_id in keys:
        by_table[table].add(row_id)
    found = set()
    for table, ids in by_table.items():
        wanted = sorted(ids)
        for start in range(0, len(wanted), 500):
            rows = session.scalars(
                select(SyncRecord.row_id).where(
                    SyncRecord.table_name == table,
                    SyncRecord.row_id.in_(wanted[start : start + 500]),
                )
            )
            found.update((table, row_id) for row_id in rows)
    return found


def take(session: Session, user_id: int, key: str, changes: list[dict[str, Any]]) -> None:
    """Hold every record of ``changes`` for the push ``(user_id, key)``. What each was
    before is noted by the chunk that changes it (``note_before``): held from now on, it
    cannot change in between."""
    check_free(session, [(c["t"], c["id"]) for c in changes], owner=(user_id, key))
    rows = {
        (c["t"], c["id"]): {"table_name": c["t"], "row_id": c["id"], "user_id": user_id, "key": key}
        for c in changes
    }
    if rows:
        session.connection().execute(insert(PushHold.__table__), list(rows.values()))


def note_before(
    session: Session,
    owner: tuple[int, str],
    current: dict[tuple[str, str], SyncRecord],
    keys: Iterable[tuple[str, str]],
) -> None:
    """Note, for the held records among ``keys`` not noted yet, their version and creator
    in ``current`` (as loaded before a chunk changes them; 0: not stored yet)."""
    table = PushHold.__table__
    statement = (
        update(table)
        .where(
            table.c.table_name == bindparam("t"),
            table.c.row_id == bindparam("i"),
            table.c.user_id == owner[0],
            table.c.key == owner[1],
            table.c.before_version.is_(None),
        )
        .values(before_version=bindparam("v"), before_creator=bindparam("c"))
    )
    params = []
    for where in dict.fromkeys(keys):
        record = current.get(where)
        params.append(
            {
                "t": where[0],
                "i": where[1],
                "v": record.version if record is not None else 0,
                "c": record.created_by if record is not None else None,
            }
        )
    if params:
        session.connection().execute(statement, params)


def release(session: Session, user_id: int, key: str) -> None:
    session.execute(delete(PushHold).where(PushHold.user_id == user_id, PushHold.key == key))

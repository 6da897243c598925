"""Records held by a running chunked push, and one running push per user.

A big push (``store.submit``) is applied chunk by chunk. When it starts, under the ``seq``
lock, it takes a hold (``push_hold``) on every record it will change, noting the version
before it; from then until its last chunk commits nobody else writes those records (other
pushes, web forms, restore and undo are told 503 ``busy`` and try again), so that a push
that is never finished can be rolled back exactly (``batches.abandon``): nobody has seen,
merged with or built on any of its versions.

The same user's other pushes wait too while one of theirs runs: the quota is checked under
the lock when a push starts, and nothing else of that user's can add records until it ends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
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


def take(
    session: Session,
    user_id: int,
    key: str,
    changes: list[dict[str, Any]],
    current: dict[tuple[str, str], SyncRecord],
) -> None:
    """Hold every record of ``changes`` for the push ``(user_id, key)``, as they are now."""
    check_free(session, [(c["t"], c["id"]) for c in changes], owner=(user_id, key))
    rows = {}
    for change in changes:
        where = (change["t"], change["id"])
        record = current.get(where)
        rows.setdefault(
            where,
            {
                "table_name": change["t"],
                "row_id": change["id"],
                "user_id": user_id,
                "key": key,
                "before_version": record.version if record is not None else 0,
                "before_creator": record.created_by if record is not None else None,
            },
        )
    if rows:
        session.execute(insert(PushHold), list(rows.values()))


def release(session: Session, user_id: int, key: str) -> None:
    session.execute(delete(PushHold).where(PushHold.user_id == user_id, PushHold.key == key))

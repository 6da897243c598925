"""Change tracking: every local edit of a synced record lands in the outbox.

A ``before_flush`` hook on every session bumps ``version`` and ``updated_at`` of changed
records and upserts one ``PendingChange`` per record, in the same transaction as the edit.
The first pending edit of a record remembers the values it started from: that is the common
base the sync merges against (three-way merge of note text, per-field merge elsewhere).

Records are never deleted: set ``deleted = True`` (a tombstone). A hard delete of a synced
record raises, because the other replicas could never learn of it.

Sync applies remote changes inside ``untracked(session)``, and so does master-data seeding
(identical on every replica).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from .errors import DxfieldError
from .models import PendingChange, SyncMixin, new_id, utcnow
from .records import content_columns, encode

_UNTRACKED = "dxfield.untracked"


@contextmanager
def untracked(session: Session) -> Iterator[Session]:
    """Changes made inside are not recorded for pushing (remote changes, master data)."""
    session.flush()
    depth = session.info.get(_UNTRACKED, 0)
    session.info[_UNTRACKED] = depth + 1
    try:
        yield session
        session.flush()
    finally:
        session.info[_UNTRACKED] = depth


def is_tracking(session: Session) -> bool:
    return not session.info.get(_UNTRACKED)


def _old_value(session: Session, obj: SyncMixin, name: str, history) -> Any:
    if history.deleted:
        return history.deleted[0]
    # The attribute was set without being loaded first: read what the database holds.
    cls = type(obj)
    with session.no_autoflush:
        return session.execute(
            select(getattr(cls, name)).where(cls.id == obj.id)
        ).scalar_one_or_none()


_MISSING = object()  # looked up: no outbox row yet
_CACHE = "dxfield.pending"
_CHUNK = 500


def _prefetch(session: Session, objs: list[SyncMixin]) -> None:
    """Load the outbox rows of ``objs`` in one query per table (not one per record)."""
    cache = session.info.setdefault(_CACHE, {})
    wanted: dict[str, list[str]] = {}
    for obj in objs:
        key = (obj.__tablename__, obj.id)
        if key not in cache:
            wanted.setdefault(key[0], []).append(key[1])
            cache[key] = _MISSING
    with session.no_autoflush:
        for table, ids in wanted.items():
            for start in range(0, len(ids), _CHUNK):
                rows = session.scalars(
                    select(PendingChange).where(
                        PendingChange.table_name == table,
                        PendingChange.row_id.in_(ids[start : start + _CHUNK]),
                    )
                )
                for row in rows:
                    cache[(row.table_name, row.row_id)] = row


def _record(
    session: Session, obj: SyncMixin, fields: list[str], base: dict[str, Any], base_version: int
) -> None:
    key = (obj.__tablename__, obj.id)
    cache = session.info.setdefault(_CACHE, {})
    change = cache.get(key)
    if change is not None and change is not _MISSING:
        state = inspect(change)
        if state.was_deleted or state.detached or change in session.deleted:
            change = None  # the outbox row was cleared (pushed) since it was cached
    if change is None:
        with session.no_autoflush:
            change = session.get(PendingChange, key)
    if change is None or change is _MISSING:
        change = PendingChange(
            table_name=key[0], row_id=key[1], base_version=base_version, fields=[], base={}
        )
        session.add(change)
    cache[key] = change
    known = set(change.fields)
    new_fields = [f for f in fields if f not in known]
    if new_fields:
        change.fields = [*change.fields, *new_fields]
        # Only the first edit of a field since the last sync sets its base.
        change.base = {**change.base, **{f: base.get(f) for f in new_fields}}
    change.changed_at = utcnow()


def _before_flush(session: Session, _flush_context, _instances) -> None:
    tracking = is_tracking(session)
    for obj in session.deleted:
        if isinstance(obj, SyncMixin):
            raise DxfieldError(
                f"{obj.__tablename__} {obj.id}: synced records are tombstoned "
                "(deleted = True), never deleted"
            )
    now = utcnow()
    for obj in session.new:
        if isinstance(obj, SyncMixin) and obj.id is None:
            obj.id = new_id()
    if tracking:
        _prefetch(session, [o for o in (*session.new, *session.dirty) if isinstance(o, SyncMixin)])
    for obj in session.new:
        if not isinstance(obj, SyncMixin):
            continue
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        if obj.version is None:
            obj.version = 1
        if tracking:
            _record(session, obj, list(content_columns(obj.__tablename__)), {}, 0)
    for obj in session.dirty:
        if not isinstance(obj, SyncMixin) or not session.is_modified(obj):
            continue
        state = inspect(obj)
        changed: list[str] = []
        base: dict[str, Any] = {}
        for name in content_columns(obj.__tablename__):
            history = state.attrs[name].history
            if not history.has_changes():
                continue
            old = _old_value(session, obj, name, history)
            if history.added and history.added[0] == old:
                continue  # set to the value it already had
            changed.append(name)
            base[name] = encode(old)
        if not changed:
            continue
        if tracking:
            base_version = obj.version or 0
            obj.version = base_version + 1
            obj.updated_at = now
            _record(session, obj, changed, base, base_version)


def _after_end(session: Session, *_args) -> None:
    session.info.pop(_CACHE, None)


_INSTALLED = "_dxfield_tracking"


def install(session_factory) -> None:
    """Attach the tracker to a sessionmaker (or the Session class); twice is harmless.

    The mark sits on the factory itself. SQLAlchemy's ``event.contains`` looks targets up
    by ``id()``: a new factory at the address of a collected one (a store reopened after a
    restore, or any second store) could pass for tracked, and every edit made through it
    would never reach the outbox.
    """
    if getattr(session_factory, _INSTALLED, False):
        return
    event.listen(session_factory, "before_flush", _before_flush)
    event.listen(session_factory, "after_commit", _after_end)
    event.listen(session_factory, "after_rollback", _after_end)
    setattr(session_factory, _INSTALLED, True)

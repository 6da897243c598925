"""The two units of work over a ``sessionmaker``, shared by the local store and the server.

A write transaction commits when its block ends and rolls back on any error; a read ends its
transaction in every case, so a snapshot never holds a lock past its block. Either may turn
a database failure into the caller's own error (the local store names a locked, full or
damaged file); ``failure`` returns None for a failure to raise as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

Failure = Callable[[sa_exc.DatabaseError], BaseException | None]


def _as_is(_exc: sa_exc.DatabaseError) -> None:
    return None


@contextmanager
def write_transaction(
    factory: Callable[[], Session], failure: Failure = _as_is
) -> Iterator[Session]:
    """A write transaction: commits on success, rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException as exc:
        session.rollback()
        problem = failure(exc) if isinstance(exc, sa_exc.DatabaseError) else None
        if problem is None:
            raise
        raise problem from exc
    finally:
        session.close()


@contextmanager
def read_transaction(
    factory: Callable[[], Session], failure: Failure = _as_is
) -> Iterator[Session]:
    """A read-only snapshot; never holds a write lock, always ends its transaction."""
    session = factory()
    try:
        yield session
    except sa_exc.DatabaseError as exc:
        problem = failure(exc)
        if problem is None:
            raise
        raise problem from exc
    finally:
        session.rollback()
        session.close()

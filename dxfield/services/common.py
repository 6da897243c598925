"""What the services share: the rows of a synced table that are not tombstoned, and the
writing of one stored answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session


def live(model: Any) -> Select:
    """``SELECT model`` without the tombstones (``deleted``) that sync keeps for replicas."""
    return select(model).where(model.deleted.is_(False))


def put_answer(session: Session, answer: Any, value: Any, model: type, **key: Any) -> bool:
    """Store ``value`` in ``answer`` (an assessment or survey answer row), or add a ``model``
    row with ``key`` (its id and what it answers) when there is none yet; a tombstoned
    answer comes back. True if anything changed."""
    if answer is None:
        session.add(model(**key, value=value))
        return True
    if answer.deleted or answer.value != value:
        answer.deleted = False
        answer.value = value
        return True
    return False

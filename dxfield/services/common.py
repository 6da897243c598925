"""What the services share: the rows of a synced table that are not tombstoned."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select


def live(model: Any) -> Select:
    """``SELECT model`` without the tombstones (``deleted``) that sync keeps for replicas."""
    return select(model).where(model.deleted.is_(False))

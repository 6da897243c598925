"""Records as plain dicts of JSON values: one encoding for the outbox, sync and exports.

Dates travel as ISO text, enums as their value, JSON columns as they are.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum, inspect

from .models import SYNCED_MODELS, SyncMixin


@cache
def content_columns(table_name: str) -> tuple[str, ...]:
    """Columns of a synced table that hold content (everything but bookkeeping)."""
    cls = SYNCED_MODELS[table_name]
    return tuple(c.key for c in inspect(cls).column_attrs if c.key not in SyncMixin.BOOKKEEPING)


def encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def decode(table_name: str, column: str, value: Any) -> Any:
    """Turn a JSON value back into what the column's attribute expects."""
    if value is None:
        return None
    col = SYNCED_MODELS[table_name].__table__.c[column]
    coltype = col.type
    if isinstance(coltype, Enum) and coltype.enum_class is not None:
        return coltype.enum_class(value)
    if isinstance(coltype, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(coltype, Date):
        return date.fromisoformat(value)
    if isinstance(coltype, Boolean):
        return bool(value)
    return value


def to_dict(obj: SyncMixin) -> dict[str, Any]:
    """All content fields of a record, encoded."""
    table = obj.__tablename__
    return {name: encode(getattr(obj, name)) for name in content_columns(table)}

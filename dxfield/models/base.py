"""Declarative base and the columns every synced record carries.

Every record that travels between laptops and the server has:

* ``id`` — a UUID (text). Records that several replicas may create independently for the
  same thing (master data, the note section of a visit) get a *deterministic* UUIDv5 from
  their natural key, so two laptops create the same record instead of two rivals.
* ``created_at`` / ``updated_at`` — UTC stamps for people; sync never orders by them
  (laptop clocks drift).
* ``version`` — bumped on every change; the sync protocol sends it as the base version.
* ``deleted`` — a tombstone. Records are never removed while they can still be synced.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, DateTime, Enum, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..ids import DXFIELD_NAMESPACE, new_id, stable_id

__all__ = ["DXFIELD_NAMESPACE", "Base", "SyncMixin", "new_id", "stable_id", "str_enum", "utcnow"]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar = {dict[str, Any]: JSON, list[Any]: JSON}


class SyncMixin:
    """Columns of every record that is synced (see module docstring)."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    # Columns the change tracker and the sync protocol treat as bookkeeping, not content.
    BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "version"})


def str_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: stored as its value, checked by a named CHECK constraint."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
        length=32,
    )

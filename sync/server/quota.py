"""Per-user storage quota: the records a user created and their size in bytes.

``user_quota`` counts, for each user, the records they created and the current size of
those records (UTF-8 JSON as stored), whoever edits them later. A push whose new records
would take the user past their limit is refused as a whole before anything is applied
(413 ``quota_exceeded``); edits of existing records are never refused, so nobody is kept
from correcting or deleting what is there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from dxfield.messages import Message, msg

from . import checks
from .errors import ApiError
from .models import UserQuota


@dataclass(frozen=True)
class QuotaLimits:
    """Server-wide defaults; ``user_quota.max_records``/``max_bytes`` override per user."""

    max_records: int = 50_000
    max_bytes: int = 64 * 1024 * 1024


def check(
    session: Session,
    user_id: int,
    changes: list[dict[str, Any]],
    current: Container[tuple[str, str]],
    limits: QuotaLimits,
) -> None:
    """Refuse (413) a push whose new records would exceed the user's quota (``current``:
    the keys of the records already stored)."""
    new = {(c["t"], c["id"]): c for c in changes if (c["t"], c["id"]) not in current}
    if not new:
        return
    usage = session.get(UserQuota, user_id)
    records = usage.records if usage else 0
    used = usage.bytes if usage else 0
    max_records = usage.max_records if usage and usage.max_records is not None else None
    max_bytes = usage.max_bytes if usage and usage.max_bytes is not None else None
    max_records = limits.max_records if max_records is None else max_records
    max_bytes = limits.max_bytes if max_bytes is None else max_bytes
    adding = sum(len(checks.dumps(c["f"]).encode()) for c in new.values())
    if records + len(new) > max_records or used + adding > max_bytes:
        raise ApiError(
            413,
            "quota_exceeded",
            f"this push adds {len(new)} records ({adding} bytes) to the {records} records "
            f"({used} bytes) you created; your quota is {max_records} records, "
            f"{max_bytes} bytes",
            details={
                "records": records,
                "bytes": used,
                "adding_records": len(new),
                "adding_bytes": adding,
                "max_records": max_records,
                "max_bytes": max_bytes,
            },
        )


def used(session: Session, user_id: int) -> tuple[int, int]:
    """The records a user created and their size now (what ``check`` counts from)."""
    row = session.get(UserQuota, user_id, populate_existing=True)
    return (row.records or 0, row.bytes or 0) if row is not None else (0, 0)


class Usage:
    """What one application of changes adds to each creator's usage (written at the end)."""

    def __init__(self) -> None:
        self.records: dict[int, int] = defaultdict(int)
        self.bytes: dict[int, int] = defaultdict(int)

    def created(self, user_id: int | None, text: str) -> None:
        if user_id is not None:
            self.records[user_id] += 1
            self.bytes[user_id] += len(text.encode())

    def changed(self, creator: int | None, old: str, new: str) -> None:
        if creator is not None:
            self.bytes[creator] += len(new.encode()) - len(old.encode())

    def save(self, session: Session) -> None:
        for user_id in sorted(set(self.records) | set(self.bytes)):
            row = session.get(UserQuota, user_id)
            if row is None:
                row = UserQuota(user_id=user_id, records=0, bytes=0)
                session.add(row)
            row.records = (row.records or 0) + self.records.get(user_id, 0)
            row.bytes = (row.bytes or 0) + self.bytes.get(user_id, 0)


def set_limits(
    session: Session,
    user_id: int,
    *,
    max_records: int | None = None,
    max_bytes: int | None = None,
) -> UserQuota:
    """Give one user their own limits (a value left None keeps what they had)."""
    row = session.get(UserQuota, user_id)
    if row is None:
        row = UserQuota(user_id=user_id, records=0, bytes=0)
        session.add(row)
    if max_records is not None:
        row.max_records = max_records
    if max_bytes is not None:
        row.max_bytes = max_bytes
    return row


def describe(name: str, row: UserQuota | None, limits: QuotaLimits) -> Message:
    """A user's storage against their quota, as ``dxfield-server user quota`` says it."""
    records = row.records if row else 0
    used = row.bytes if row else 0
    max_records = row.max_records if row and row.max_records is not None else limits.max_records
    max_bytes = row.max_bytes if row and row.max_bytes is not None else limits.max_bytes
    return msg(
        "server.quota",
        name=name,
        records=records,
        max_records=max_records,
        used=used,
        max_bytes=max_bytes,
    )

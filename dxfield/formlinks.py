"""Where the municipalities' web forms stand, as the server said at the last sync.

The server keeps the form links (their drafts never leave it); each sync fetches the list of
links with their state and keeps it under ``KEY`` in ``sync_state`` (``sync.forms``). The
pages read it from here: 未回答 (a link, nothing typed), 回答中 (a draft being typed) and
回答済 (sent), with when. A sent sheet is also an assessment response in the store, which
arrives with the same sync.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

KEY = "form_links"
LABELS = {"unanswered": "未回答", "draft": "回答中", "answered": "回答済"}
_RANK = {"unanswered": 0, "draft": 1, "answered": 2}


@dataclass(frozen=True)
class FormStatus:
    """Where a municipality's web form stands: its state, when it last moved, and when its
    link expires."""

    state: str  # unanswered / draft / answered
    at: datetime | None  # the last draft save, or the last send
    expires_at: datetime | None = None

    @property
    def label(self) -> str:
        return LABELS[self.state]

    def describe(self) -> str:
        """「回答中（12/05 14:30 保存）」 and the like, for tooltips and lines."""
        if self.at is None:
            return self.label
        verb = "送信" if self.state == "answered" else "保存"
        return f"{self.label}（{self.at:%m/%d %H:%M} {verb}）"


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def parse(text: str | None) -> list[dict[str, Any]]:
    """The stored list; anything unreadable is no list (the next sync writes it again)."""
    try:
        links = json.loads(text or "[]")
    except ValueError:
        return []
    return [link for link in links if isinstance(link, dict)] if isinstance(links, list) else []


def _status(link: dict[str, Any]) -> FormStatus | None:
    state = link.get("state")
    if state not in LABELS:
        return None
    at = _time(link.get("submitted_at")) if state == "answered" else None
    at = at or _time(link.get("draft_updated_at"))
    return FormStatus(state, at, _time(link.get("expires_at")))


def assessment_states(
    links: list[dict[str, Any]], year: int, kind: str = "baseline"
) -> dict[str, FormStatus]:
    """municipality id -> where its sheet of ``year`` and ``kind`` stands (the furthest of
    its links; revoked links count only if they were sent)."""
    out: dict[str, FormStatus] = {}
    for link in links:
        if link.get("fiscal_year") != year or link.get("kind") != kind:
            continue
        status = _status(link)
        if status is None or (link.get("revoked") and status.state != "answered"):
            continue
        town = str(link.get("municipality_id"))
        known = out.get(town)
        if known is None or _RANK[status.state] > _RANK[known.state]:
            out[town] = status
    return out


def read(conn: Any) -> list[dict[str, Any]]:
    """The stored list, through a DB-API connection to the local store."""
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (KEY,)).fetchone()
    return parse(row[0] if row else None)

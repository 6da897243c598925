"""The web-form links' state, fetched at each sync and kept for the pages (``dxfield.formlinks``).

Best effort: a server without forms, or a moment's trouble, leaves the last known state in
place; the sync itself has already succeeded.
"""

from __future__ import annotations

import json
import logging

from dxfield import written
from dxfield.db import Database
from dxfield.formlinks import KEY

from . import state
from .client import SyncClient
from .errors import SyncError

log = logging.getLogger(__name__)
# Only what the pages read: no link is ever stored on a laptop.
FIELDS = (
    "ref",
    "kind",
    "municipality_id",
    "fiscal_year",
    "training_id",
    "state",
    "revoked",
    "expires_at",
    "draft_updated_at",
    "submitted_at",
    "submissions",
)


def refresh(db: Database, client: SyncClient) -> frozenset[str]:
    """Fetch and keep the links' state; what it wrote (``dxfield.written``): the states'
    own name when they changed, nothing when they did not or the server could not say."""
    try:
        links = client.invites(closed=True)
    except SyncError as exc:
        log.info("form link state not refreshed: %s", exc.kind)
        return frozenset()
    kept = [{k: link.get(k) for k in FIELDS} for link in links if isinstance(link, dict)]
    value = json.dumps(kept, ensure_ascii=False)
    with db.session() as session:
        if state.get(session, KEY) != value:
            state.put(session, KEY, value)
            written.note(session, [KEY])
    return written.tables(session)

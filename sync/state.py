"""This replica's sync facts in ``sync_state`` (client id, server, pull cursor)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from dxfield.models import SyncState

CLIENT_ID = "client_id"
SERVER_URL = "server_url"
SERVER_USER = "server_user"
ALLOW_HTTP = "allow_http"
CURSOR = "pull_cursor"
LAST_SYNC = "last_sync_at"


def get(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(SyncState, key)
    return row.value if row is not None else default


def put(session: Session, key: str, value: str) -> None:
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


def client_id(session: Session) -> str:
    value = get(session, CLIENT_ID)
    if value is None:
        value = str(uuid.uuid4())
        put(session, CLIENT_ID, value)
    return value


def cursor(session: Session) -> int:
    return int(get(session, CURSOR, "0") or 0)

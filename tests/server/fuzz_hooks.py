"""Schemathesis hooks for ``test_openapi_fuzz``: every request gets a fresh admin token.

The token is written straight into the server's database (a seeded token, not a login:
fuzzed logins from the same address soon hit the login limit, as they should). A fresh
token per request means a fuzzed ``/auth/logout`` revokes only that one, and the account is
set back to an enabled admin each time, so one fuzzed ``disable`` cannot blind the rest of
the run.
"""

from __future__ import annotations

import os

import schemathesis
from sqlalchemy import select

from sync.server import accounts
from sync.server.db import open_server_db
from sync.server.models import UserAccount

DB_ENV = "DXFIELD_FUZZ_DB"


@schemathesis.auth(refresh_interval=None)
class SeededAdminToken:
    def __init__(self) -> None:
        self.db = open_server_db(os.environ[DB_ENV], migrate=False)

    def get(self, case, context) -> str:
        with self.db.session() as session:
            admin = session.scalar(select(UserAccount).where(UserAccount.name_key == "admin"))
            admin.disabled = False
            admin.role = "admin"
            token, _expires = accounts.issue_token(session, admin.id, None, days=1)
        return token

    def set(self, case, data: str, context) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

"""Real server processes on SQLite or PostgreSQL for the hardening tests.

Two processes share one database (limits and tokens must hold across processes). They
trust 127.0.0.1 as a reverse proxy, so a test plays several client addresses by sending
``X-Forwarded-For`` (documentation addresses: nothing is ever sent to them).
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
from argon2 import PasswordHasher

from sync.protocol import IDEMPOTENCY_HEADER, SCHEMA, SCHEMA_HEADER
from sync.server import accounts
from sync.server.db import open_server_db
from tests.sync.conftest import FAST_ARGON2
from tests.sync.helpers import PASSWORD, ProcessServer

USERS = (("admin", "admin"), ("advisor", "advisor"), ("viewer", "viewer"))
_fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def seed(url: str, users=USERS, password: str = PASSWORD) -> None:
    """Accounts written straight into the database, hashed cheaply (tests only)."""
    db = open_server_db(url)
    try:
        with db.session() as session:
            for name, role in users:
                new = accounts.check_new_user(session, name, password, role)
                accounts.store_user(session, new, _fast.hash(password))
    finally:
        db.close()


@dataclass
class Live:
    """Server processes on one database, and a way to call them from an address."""

    backend: str
    db_url: str
    servers: list[ProcessServer]
    http: requests.Session = field(default_factory=requests.Session)

    @property
    def url(self) -> str:
        return self.servers[0].url

    def call(self, method: str, path: str, *, address: str = "192.0.2.1", server: int = 0, **kw):
        headers = {"X-Forwarded-For": address, SCHEMA_HEADER: SCHEMA, **kw.pop("headers", {})}
        return self.http.request(
            method, self.servers[server].url + path, headers=headers, timeout=30, **kw
        )

    def login(self, name: str, password: str = PASSWORD, *, address: str = "192.0.2.1", **kw):
        body = {"username": name, "password": password, **kw}
        return self.call("POST", "/auth/login", json=body, address=address)

    def token(self, name: str, **kw) -> dict[str, str]:
        r = self.login(name, **kw)
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}

    def log(self) -> str:
        return "".join(s.log() for s in self.servers)

    def close(self) -> None:
        self.http.close()
        for server in self.servers:
            server.kill()


@contextmanager
def live_servers(
    url: str, folder: Path, *, count: int = 2, env=None, args=(), behind_proxy: bool = True
):
    """``count`` server processes on the database at ``url`` (seeded with USERS)."""
    seed(url)
    env = {**FAST_ARGON2, "DXFIELD_SERVER_HASH_QUEUE": "64", **(env or {})}
    if behind_proxy:
        args = ("--trusted-proxy", "127.0.0.1", *args)
    servers = [
        ProcessServer(url, env=env, args=args, log_path=folder / f"server{n}.log")
        for n in range(count)
    ]
    live = Live("postgres" if url.startswith("postgres") else "sqlite", url, servers)
    try:
        for server in servers:
            server.start()
        yield live
    finally:
        live.close()


# Servers for the chunked-push tests: chunks of 5 changes (a push of 23 takes five
# transactions), a quota of 60 records, no mass-delete guard in the way.
CHUNKED_ENV = {
    "DXFIELD_SERVER_PUSH_CHUNK": "5",
    "DXFIELD_SERVER_QUOTA_RECORDS": "60",
    "DXFIELD_SERVER_MASS_DELETE_MAX": "1000",
    "DXFIELD_SERVER_MASS_DELETE_PERCENT": "100",
}


def push_changes(live: Live, who: dict, changes: list[dict], key: str | None = None):
    """POST /sync/push from laptop-1 (a new idempotency key unless given)."""
    return live.call(
        "POST",
        "/sync/push",
        json={"client_id": "laptop-1", "changes": changes},
        headers={**who, IDEMPOTENCY_HEADER: key or uuid.uuid4().hex},
    )


def pull_everything(live: Live, who: dict) -> dict[str, dict]:
    """Every record a pull from cursor 0 serves, by id."""
    cursor, found = 0, {}
    while True:
        page = live.call("GET", "/sync/pull", params={"cursor": cursor}, headers=who).json()
        found.update({r["id"]: r for r in page["records"]})
        if not page["has_more"]:
            return found
        cursor = page["cursor"]


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'server.sqlite3'}"


def visit(n: int, bv: int = 0, base: dict | None = None, **fields) -> dict:
    """A push change creating (``bv=0``) or editing visit number ``n``; valid by the schema.

    An edit's base values default to those the visit was created with.
    """
    from dxfield.masterdata import municipality_id, municipality_rows

    if bv:
        created = visit(n)["f"]
        before = {name: created[name] for name in fields} | (base or {})
        return {"t": "visit", "id": visit_id(n), "bv": bv, "f": fields, "b": before}
    code = str(municipality_rows()[n % 5]["code"])
    data = {
        "municipality_id": municipality_id(code),
        "fiscal_year": 2026,
        "phase": "overall",
        "starts_at": f"2026-05-{1 + n % 28:02d}T10:00:00",
        "ends_at": f"2026-05-{1 + n % 28:02d}T12:00:00",
        "method": "visit",
        "location": "役場",
        "agenda": f"議題 {n}",
        "participants": "",
        "status": "planned",
        "deleted": False,
        **fields,
    }
    return {"t": "visit", "id": visit_id(n), "bv": 0, "f": data, "b": {}}


def visit_id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"

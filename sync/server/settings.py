"""Server settings: the environment, overridden by ``dxfield-server run`` options.

Every limit the server enforces lives here, so the README's table of limits and the code
cannot drift apart (a test compares them).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from datetime import timedelta

from ..protocol import MAX_REQUEST_BYTES

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Every body but a push is a small JSON object (a login, a new user): a few KB at most.
SMALL_BODY_BYTES = 4096
# Deleting a handful of records is everyday work, even in a small table.
MASS_DELETE_FLOOR = 10
# Under the floor, a push deleting at least this many records and more than half of a
# table's live records (a small table gone whole: the 8 team members) is held all the same.
MASS_DELETE_SMALL = 3
# A batch of web-form links (``POST /invites/batch``, at most ``schemas.MAX_BATCH_INVITES``
# = 50): each at most about 450 bytes (a 60-character municipality name, JSON-escaped).
INVITE_BATCH_BODY_BYTES = 32 * 1024
# A web form's fields, URL-encoded: every question's answer and the longest free texts.
FORM_BODY_BYTES = 256 * 1024


def parse_networks(text: str) -> tuple[IPNetwork, ...]:
    """``"127.0.0.1, 10.0.0.0/8"`` -> networks; ValueError naming the bad entry."""
    out = []
    for part in text.replace(",", " ").split():
        try:
            out.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise ValueError(f"not an address or network: {part}") from exc
    return tuple(out)


def _int(env: dict[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}")
    return value


@dataclass(frozen=True)
class ServerSettings:
    # Largest push on the wire and after gzip is unpacked.
    push_max_bytes: int = MAX_REQUEST_BYTES
    # Proxies whose X-Forwarded-For is believed; empty: the socket peer is the client.
    trusted_proxies: tuple[IPNetwork, ...] = ()
    login_window: timedelta = timedelta(minutes=15)
    # Attempts per (account, address) and per address within the window.
    login_max_per_account: int = 5
    login_max_per_address: int = 30
    # Password hashing (argon2, ~64 MiB each): threads, and logins allowed to wait for one.
    hash_workers: int = 1
    hash_queue: int = 8
    token_days: int = 30
    docs: bool = False
    # A push that deletes more than this many records of one table, or more than this share
    # of its live records, is held until the user confirms (409 mass_delete); a push that
    # deletes fewer than MASS_DELETE_FLOOR records is held only when it takes more than half
    # of a table (MASS_DELETE_SMALL records at least).
    mass_delete_max: int = 50
    mass_delete_percent: int = 10
    # Changes applied per transaction of a big push (others' pushes wait for one at most).
    push_chunk: int = 50
    # What each user may create: records, and their size as stored (UTF-8 JSON).
    quota_records: int = 50_000
    quota_bytes: int = 64 * 1024 * 1024
    # Web-form requests that write (draft saves, sends) per address and per link, within
    # the login window: an office behind one address has many people answering.
    form_max_per_address: int = 600
    form_max_per_link: int = 300

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ServerSettings:
        env = dict(os.environ if env is None else env)
        return cls(
            push_max_bytes=_int(env, "DXFIELD_SERVER_PUSH_MAX_BYTES", MAX_REQUEST_BYTES, 1024),
            trusted_proxies=parse_networks(env.get("DXFIELD_SERVER_TRUSTED_PROXIES", "")),
            login_window=timedelta(
                seconds=_int(env, "DXFIELD_SERVER_LOGIN_WINDOW_SECONDS", 900, 1)
            ),
            login_max_per_account=_int(env, "DXFIELD_SERVER_LOGIN_MAX_FAILURES", 5, 1),
            login_max_per_address=_int(env, "DXFIELD_SERVER_LOGIN_MAX_PER_ADDRESS", 30, 1),
            hash_workers=_int(env, "DXFIELD_SERVER_HASH_WORKERS", 1, 1),
            hash_queue=_int(env, "DXFIELD_SERVER_HASH_QUEUE", 8, 0),
            token_days=_int(env, "DXFIELD_SERVER_TOKEN_DAYS", 30, 1),
            docs=env.get("DXFIELD_SERVER_DOCS", "") == "1",
            mass_delete_max=_int(env, "DXFIELD_SERVER_MASS_DELETE_MAX", 50, 0),
            mass_delete_percent=_int(env, "DXFIELD_SERVER_MASS_DELETE_PERCENT", 10, 0),
            push_chunk=_int(env, "DXFIELD_SERVER_PUSH_CHUNK", 50, 1),
            quota_records=_int(env, "DXFIELD_SERVER_QUOTA_RECORDS", 50_000, 0),
            quota_bytes=_int(env, "DXFIELD_SERVER_QUOTA_BYTES", 64 * 1024 * 1024, 0),
            form_max_per_address=_int(env, "DXFIELD_SERVER_FORM_MAX_PER_ADDRESS", 600, 1),
            form_max_per_link=_int(env, "DXFIELD_SERVER_FORM_MAX_PER_LINK", 300, 1),
        )

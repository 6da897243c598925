"""The login limit: per client address, and per (account, address).

Every attempt is counted *before* its password is checked, with one atomic upsert per
counter that returns the new count; an attempt that takes a counter over its limit is
refused without hashing anything. So 40 simultaneous wrong passwords get exactly the limit
checked, on SQLite (writers serialised) and on PostgreSQL (the upsert locks the row), in one
server process or several. A successful login gives its attempt back.

Counting per (account, address) rather than per account means that someone hammering an
account from their address cannot lock its owner out: the owner signs in from another
address. Counting per address limits spraying one password over many names. Counters live
for one window, then start again; expired rows are deleted now and then.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from datetime import datetime, timedelta

from sqlalchemy import case, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from dxfield.models.base import utcnow

from .errors import ApiError
from .models import AuthToken, LoginThrottle
from .settings import ServerSettings

# Tokens expired or revoked this long ago are deleted, at most this often per process.
TOKEN_KEEP_DAYS = 7
TOKEN_SWEEP_SECONDS = 60.0
_last_token_sweep = float("-inf")


def address_bucket(address: str) -> str:
    """What one client is, for counting: an IPv4 address, or an IPv6 /64 (one site's LAN)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def keys(account_key: str | None, address: str) -> tuple[str, str]:
    """(address counter, account-at-address counter); unknown names count like accounts."""
    return _key("address", address), _key("account", account_key or "", address)


def _bump(session: Session, key: str, now: datetime, settings: ServerSettings) -> int:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    expired = LoginThrottle.window_start <= now - settings.login_window
    stmt = (
        insert(LoginThrottle)
        .values(key=key, window_start=now, hits=1)
        .on_conflict_do_update(
            index_elements=[LoginThrottle.key],
            set_={
                "hits": case((expired, 1), else_=LoginThrottle.hits + 1),
                "window_start": case((expired, now), else_=LoginThrottle.window_start),
            },
        )
        .returning(LoginThrottle.hits)
    )
    return session.execute(stmt).scalar_one()


def reserve(
    session: Session, account_key: str | None, address: str, settings: ServerSettings
) -> None:
    """Count one attempt; 429 when the address or the account at this address is over.

    Commit the session before checking the password, so other attempts see the count.
    """
    now = utcnow()
    address_key, account_at_address = keys(account_key, address)
    over_address = _bump(session, address_key, now, settings) > settings.login_max_per_address
    over_account = (
        _bump(session, account_at_address, now, settings) > settings.login_max_per_account
    )
    _sweep(session, now, settings)
    if over_address or over_account:
        minutes = max(1, round(settings.login_window.total_seconds() / 60))
        raise ApiError(
            429,
            "rate_limited",
            f"too many login attempts from this address; try again within {minutes} minutes",
            headers={"Retry-After": str(int(settings.login_window.total_seconds()))},
        )


def count_form_write(
    session: Session, address: str, link_hash: str, settings: ServerSettings
) -> bool:
    """Count one web-form write (a draft save, a send) of this address and this link, with
    the login counters' atomic upsert; False when either is over its limit."""
    now = utcnow()
    over_address = (
        _bump(session, _key("form-address", address_bucket(address)), now, settings)
        > settings.form_max_per_address
    )
    over_link = _bump(session, _key("form-link", link_hash), now, settings) > (
        settings.form_max_per_link
    )
    return not (over_address or over_link)


def give_back(session: Session, account_key: str, address: str) -> None:
    """A successful login: its account counter starts afresh, the address gets one back."""
    address_key, account_at_address = keys(account_key, address)
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == account_at_address))
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == address_key, LoginThrottle.hits > 0)
        .values(hits=LoginThrottle.hits - 1)
    )


def _sweep(session: Session, now: datetime, settings: ServerSettings) -> None:
    """Expired counters go on every attempt (an indexed range: nothing, mostly); dead
    tokens at most once a minute per process."""
    global _last_token_sweep
    session.execute(
        delete(LoginThrottle).where(LoginThrottle.window_start <= now - settings.login_window)
    )
    clock = time.monotonic()
    if clock - _last_token_sweep < TOKEN_SWEEP_SECONDS:
        return
    _last_token_sweep = clock
    long_ago = now - timedelta(days=TOKEN_KEEP_DAYS)
    session.execute(
        delete(AuthToken).where(
            (AuthToken.expires_at < long_ago) | (AuthToken.revoked_at < long_ago)
        )
    )

"""The login limit against real server processes (two per database, SQLite and PostgreSQL).

Before: 40 concurrent wrong logins got 19 passwords checked (limit 5), spraying across
names was unlimited, and once limited the owner could not log in from anywhere.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dxfield.models.base import utcnow
from sync.server import throttle
from sync.server.db import open_server_db
from sync.server.edge import client_address
from sync.server.errors import ApiError
from sync.server.models import LoginThrottle
from sync.server.settings import ServerSettings, parse_networks

from .live import live_servers, sqlite_url


def _race(live, count: int, name: str, password: str, address: str) -> Counter:
    barrier = threading.Barrier(count)

    def attempt(n: int) -> int:
        barrier.wait()
        return live.login(name, password, address=address, server=n % 2).status_code

    with ThreadPoolExecutor(count) as pool:
        return Counter(pool.map(attempt, range(count)))


def test_a_race_of_40_wrong_logins_gets_exactly_the_limit_checked(live):
    statuses = _race(live, 40, "advisor", "wrong password guess", "198.51.100.7")
    assert statuses == {401: 5, 429: 35}
    # Locked out from that address only: the owner signs in from another one.
    assert live.login("advisor", address="198.51.100.8").status_code == 200
    locked = live.login("advisor", address="198.51.100.7")
    assert (locked.status_code, locked.json()["kind"]) == (429, "rate_limited")
    assert int(locked.headers["Retry-After"]) > 0
    # Another account at the attacked address is not locked either.
    assert live.login("viewer", address="198.51.100.7").status_code == 200


def test_spraying_one_address_across_names_is_limited(live):
    address = "198.51.100.9"
    statuses = [
        live.login(f"spray{n}", "Password1234!", address=address).status_code for n in range(30)
    ]
    assert set(statuses) == {401}
    r = live.login("advisor", address=address)
    assert (r.status_code, r.json()["kind"]) == (429, "rate_limited")
    assert live.login("advisor", address="198.51.100.10").status_code == 200


def test_look_alike_spellings_of_a_name_share_its_counter(live):
    address = "198.51.100.11"
    for spelling in ("advisor", "ADVISOR", "ａｄｖｉｓｏｒ", " advisor ", "Advisor"):
        assert live.login(spelling, "not it at all", address=address).status_code == 401
    assert live.login("advisor", address=address).status_code == 429


def test_mistyping_then_succeeding_never_locks_the_owner_out(live):
    address = "198.51.100.12"
    for _ in range(3):
        for _ in range(4):
            assert live.login("viewer", "typo typo typo", address=address).status_code == 401
        assert live.login("viewer", address=address).status_code == 200


def test_expired_counters_are_deleted(live):
    db = open_server_db(live.db_url)
    try:
        long_ago = utcnow() - timedelta(days=2)
        with db.session() as session:
            for n in range(5):
                session.add(LoginThrottle(key=f"{n:064x}", window_start=long_ago, hits=3))
        assert live.login("advisor", "wrong again here", address="198.51.100.13").status_code == 401
        with db.read_session() as session:
            old = session.scalar(
                select(func.count()).where(
                    LoginThrottle.window_start < utcnow() - timedelta(days=1)
                )
            )
        assert old == 0
    finally:
        db.close()


def test_without_a_trusted_proxy_the_socket_peer_is_the_client(tmp_path):
    """X-Forwarded-For from a direct caller is ignored: it cannot buy fresh counters."""
    with live_servers(sqlite_url(tmp_path), tmp_path, count=1, behind_proxy=False) as direct:
        for n in range(5):
            r = direct.login("advisor", "wrong password", address=f"203.0.113.{n}")
            assert r.status_code == 401
        assert direct.login("advisor", address="203.0.113.99").status_code == 429


def test_behind_trusted_proxies_the_first_untrusted_hop_from_the_right_counts():
    trusted = parse_networks("127.0.0.1 10.0.0.0/8")

    def address(peer: str, forwarded: str) -> str:
        scope = {"client": (peer, 1), "headers": [(b"x-forwarded-for", forwarded.encode())]}
        return client_address(scope, trusted)

    assert address("127.0.0.1", "198.51.100.1, 10.1.2.3") == "198.51.100.1"
    # What the client wrote itself (left of what the proxy saw) is not believed.
    assert address("127.0.0.1", "6.6.6.6, 198.51.100.1") == "198.51.100.1"
    assert address("198.51.100.2", "6.6.6.6") == "198.51.100.2"
    assert address("127.0.0.1", "not-an-address") == "127.0.0.1"


def test_counters_follow_the_window(tmp_path):
    settings = ServerSettings(login_window=timedelta(minutes=15), login_max_per_account=2)
    db = open_server_db(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        with db.session() as session:
            throttle.reserve(session, "sato", "192.0.2.1", settings)
            throttle.reserve(session, "sato", "192.0.2.1", settings)
        with db.session() as session:
            session.execute(
                LoginThrottle.__table__.update().values(
                    window_start=utcnow() - timedelta(minutes=16)
                )
            )
        with db.session() as session:
            throttle.reserve(session, "sato", "192.0.2.1", settings)  # a fresh window
            throttle.reserve(session, "sato", "192.0.2.1", settings)
        with db.session() as session, pytest.raises(ApiError) as info:
            throttle.reserve(session, "sato", "192.0.2.1", settings)
        assert info.value.status == 429
    finally:
        db.close()


def test_ipv6_clients_are_counted_per_64_network():
    assert throttle.address_bucket("2001:db8:1:2:aaaa::1") == throttle.address_bucket(
        "2001:db8:1:2:bbbb::9"
    )
    assert throttle.address_bucket("2001:db8:1:3::1") != throttle.address_bucket("2001:db8:1:2::1")
    assert throttle.address_bucket("::ffff:192.0.2.5") == "192.0.2.5"

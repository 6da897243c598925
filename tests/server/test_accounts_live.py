"""Accounts against real server processes: names, passwords, admins, tokens per laptop."""

from __future__ import annotations

import io
import logging
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from sync.server import edge
from sync.server.cli import main as server_main
from sync.server.db import open_server_db
from tests.sync.helpers import PASSWORD

from .live import live_servers, sqlite_url

GOOD = "a perfectly long passphrase"


def _add(live, name: str, password: str = GOOD, role: str = "viewer"):
    body = {"name": name, "password": password, "role": role}
    return live.call("POST", "/users", json=body, headers=live.token("admin"))


@pytest.mark.parametrize(
    ("name", "taken_by"),
    [("admin ", "admin"), ("ａｄｍｉｎ", "admin"), ("ADMIN", "admin"), ("Ad-min", "admin")],
)
def test_look_alikes_of_an_existing_name_are_refused(live, name, taken_by):
    r = _add(live, name)
    assert (r.status_code, r.json()["kind"]) == (409, "duplicate")


def test_names_are_stored_normalised_and_trimmed(live):
    r = _add(live, "  ｓａｔｏ　Ｔａｒｏ ")
    assert r.status_code == 201, r.text
    assert r.json()["name"] == "sato Taro"
    assert live.login("SATO taro", GOOD, address="192.0.2.40").status_code == 200


@pytest.mark.parametrize(
    "password",
    ["short pass", "aaaaaaaaaaaaaaaa", "weakling-weakling", "x" * 300, "my dxfield password"],
)
def test_the_password_policy(live, password):
    r = _add(live, "weakling", password)
    assert r.status_code == 422
    assert password not in r.text


def test_the_last_enabled_admin_can_be_neither_disabled_nor_demoted(live):
    admin = live.token("admin")
    for path, body in (("/users/admin/disable", None), ("/users/admin/role", {"role": "viewer"})):
        r = live.call("POST", path, json=body, headers=admin)
        assert (r.status_code, r.json()["kind"]) == (409, "last_admin")
    assert _add(live, "second-admin", role="admin").status_code == 201
    r = live.call("POST", "/users/second-admin/disable", headers=admin)
    assert (r.status_code, r.json()["disabled"]) == (200, True)
    # Disabled admins do not count: "admin" is still the last enabled one.
    assert live.call("POST", "/users/admin/disable", headers=admin).status_code == 409
    r = live.call("POST", "/users/second-admin/enable", headers=admin)
    assert (r.status_code, r.json()["disabled"]) == (200, False)
    assert live.login("second-admin", GOOD, address="192.0.2.41").status_code == 200
    r = live.call("POST", "/users/second-admin/role", json={"role": "advisor"}, headers=admin)
    assert r.json()["role"] == "advisor"


def test_a_new_login_from_the_same_laptop_revokes_its_old_token(live):
    first = live.token("advisor", client_id="laptop-aaaa")
    other = live.token("advisor", client_id="laptop-bbbb")
    second = live.token("advisor", client_id="laptop-aaaa", address="192.0.2.42")
    assert live.call("GET", "/auth/me", headers=first).json()["kind"] == "token_revoked"
    assert live.call("GET", "/auth/me", headers=second, server=1).status_code == 200
    assert live.call("GET", "/auth/me", headers=other).status_code == 200
    assert live.call("POST", "/auth/logout-all", headers=second).status_code == 204
    for token in (second, other):
        assert live.call("GET", "/auth/me", headers=token).json()["kind"] == "token_revoked"


def test_server_cli_enables_and_changes_roles(live, capsys, monkeypatch):
    def cli(*args: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(GOOD + "\n"))
        code = server_main(["--db", live.db_url, *args])
        out, err = capsys.readouterr()
        return code, out + err

    assert cli("user", "add", "cli-user", "--role", "viewer", "--password-stdin")[0] == 0
    assert cli("user", "add", "CLI_user", "--role", "viewer", "--password-stdin")[0] == 2
    assert cli("user", "disable", "cli-user")[0] == 0
    assert live.login("cli-user", GOOD, address="192.0.2.43").status_code == 401
    assert cli("user", "enable", "cli-user") == (0, "cli-user を有効にしました\n")
    assert live.login("cli-user", GOOD, address="192.0.2.43").status_code == 200
    code, out = cli("user", "role", "admin", "viewer")
    assert (
        code == 2
        and out == "エラー: 有効な管理者はこのアカウントだけです。先に別の管理者を作ってください\n"
    )
    assert cli("user", "role", "cli-user", "advisor")[0] == 0
    assert "cli-user\tadvisor\t有効" in cli("user", "list")[1]


def test_a_login_flood_beyond_the_hashing_queue_is_answered_busy(tmp_path):
    """Two argon2 slots (one thread, one waiting): a burst of 16 gets 503 and Retry-After."""
    env = {
        "DXFIELD_SERVER_HASH_WORKERS": "1",
        "DXFIELD_SERVER_HASH_QUEUE": "1",
        "DXFIELD_SERVER_ARGON2_TIME": "4",
        "DXFIELD_SERVER_ARGON2_MEMORY_KIB": "32768",
    }
    with live_servers(sqlite_url(tmp_path), tmp_path, count=1, env=env) as live:
        barrier = threading.Barrier(16)

        def attempt(n: int):
            barrier.wait()
            return live.login(f"flood{n}", "some password!", address=f"192.0.2.{100 + n}")

        with ThreadPoolExecutor(16) as pool:
            replies = list(pool.map(attempt, range(16)))
        statuses = Counter(r.status_code for r in replies)
        assert statuses[401] >= 1 and statuses[503] >= 1, statuses
        assert set(statuses) <= {401, 503}
        busy = next(r for r in replies if r.status_code == 503)
        assert busy.json()["kind"] == "busy" and busy.headers["Retry-After"] == "1"
        # Once the burst is over, logins are checked again.
        assert live.login("advisor", PASSWORD, address="192.0.2.99").status_code == 200


def test_database_errors_are_logged_without_the_values(live, caplog):
    db = open_server_db(live.db_url)
    secret = "Secret-Record-Content-42"
    try:
        with pytest.raises(IntegrityError) as info, db.session() as session:
            for _ in range(2):
                session.execute(
                    text(
                        "INSERT INTO login_throttle (key, window_start, hits) "
                        "VALUES (:k, CURRENT_TIMESTAMP, 1)"
                    ),
                    {"k": secret},
                )
    finally:
        db.close()
    with caplog.at_level(logging.ERROR, logger="sync.server"):
        edge.log_unexpected({"method": "POST", "path": "/sync/push"}, info.value)
    assert "IntegrityError" in caplog.text and "INSERT INTO login_throttle" in caplog.text
    assert secret not in caplog.text


def test_two_look_alikes_added_at_once_get_one_account_and_a_409(live):
    admin = live.token("admin")
    barrier = threading.Barrier(4)

    def add(n: int):
        barrier.wait()
        body = {
            "name": ["race-user", "RACE_user", "Race.User", "ｒａｃｅuser"][n],
            "password": GOOD,
        }
        body["role"] = "viewer"
        return live.call("POST", "/users", json=body, headers=admin, server=n % 2).status_code

    with ThreadPoolExecutor(4) as pool:
        assert Counter(pool.map(add, range(4))) == {201: 1, 409: 3}

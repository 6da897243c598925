"""The commands a user types, against a real server process on loopback."""

from __future__ import annotations

import functools
import io
import json
import re
import sys

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
import requests

from dxfield.db import open_database
from dxfield.models import SyncState
from sync import client as sync_client
from sync import credentials
from sync.client import SyncClient
from sync.server.cli import main as server_main
from tests import factories
from tests.reports.pdftext import compact, text
from ui.main import main

from .helpers import PASSWORD, ProcessServer


def server_cli(db_url: str, *args: str, stdin: str = "", capsys=None, monkeypatch=None):
    """``dxfield-server`` in-process (a child process per call is slow on a busy machine)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = server_main(["--db", db_url, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def process_server(tmp_path, capsys, monkeypatch):
    db_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    for name, role in (("advisor", "advisor"), ("viewer", "viewer")):
        code, _out, err = server_cli(
            db_url,
            "user",
            "add",
            name,
            "--role",
            role,
            "--password-stdin",
            stdin=PASSWORD + "\n",
            capsys=capsys,
            monkeypatch=monkeypatch,
        )
        assert code == 0, err
    server = ProcessServer(db_url).start()
    yield server
    server.kill()


def run(data_dir, *args, stdin: str = "", capsys=None, monkeypatch=None):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_login_sync_survives_a_killed_server_and_logout(
    tmp_path, process_server, memory_keyring, capsys, monkeypatch
):
    monkeypatch.setattr(sync_client, "SyncClient", functools.partial(SyncClient, backoff=0.01))
    data = tmp_path / "laptop"
    code, out, err = run(
        data,
        "login",
        process_server.url,
        "--user",
        "advisor",
        "--password-stdin",
        stdin=PASSWORD + "\n",
        capsys=capsys,
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    token = memory_keyring.get_password(credentials.SERVICE, process_server.url)
    assert token
    db = open_database(data / "dxfield.sqlite3")
    with db.session() as s:
        factories.visit(s)
    with db.read_session() as s:
        assert token not in json.dumps([r.value for r in s.query(SyncState)])
    db.close()

    code, out, err = run(data, "sync", "--json", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0, err
    assert json.loads(out) | {"batches": 0, "pages": 0} == {
        "ok": True,
        "sent": 1,
        "received": 0,
        "merged": 0,
        "conflicts": 0,
        "set_aside": 0,
        "held": 0,
        "batches": 0,
        "pages": 0,
    }

    process_server.kill()
    db = open_database(data / "dxfield.sqlite3")
    with db.session() as s:
        factories.visit(s, agenda="サーバー停止中に入力")
    db.close()
    code, out, err = run(data, "sync", "--json", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 3
    assert json.loads(out)["error"] == "server_down"

    process_server.start()
    code, out, err = run(data, "sync", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0, err
    assert "送信 1 件" in out

    code, out, err = run(data, "logout", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0
    assert memory_keyring.get_password(credentials.SERVICE, process_server.url) is None
    code, out, err = run(data, "sync", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 2 and "ログイン" in err


@pytest.mark.parametrize("backend", [keyring.backends.null.Keyring, keyring.backends.fail.Keyring])
def test_without_a_keyring_login_says_so_and_stores_nothing(
    tmp_path, server, capsys, monkeypatch, backend
):
    previous = keyring.get_keyring()
    keyring.set_keyring(backend())
    try:
        data = tmp_path / "laptop"
        code, _out, err = run(
            data,
            "login",
            server.url,
            "--user",
            "advisor",
            "--password-stdin",
            stdin=PASSWORD + "\n",
            capsys=capsys,
            monkeypatch=monkeypatch,
        )
    finally:
        keyring.set_keyring(previous)
    assert code == 2
    assert "キーリング" in err
    db = open_database(data / "dxfield.sqlite3")
    with db.read_session() as s:
        assert s.get(SyncState, "server_url") is None
    db.close()


def test_server_cli_disables_users_and_revokes_tokens(tmp_path, capsys, monkeypatch):
    db_url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    kw = {"capsys": capsys, "monkeypatch": monkeypatch}
    add = ("user", "add", "sato", "--role", "advisor", "--password-stdin")
    code, _out, err = server_cli(db_url, *add, stdin="short\n", **kw)
    assert code == 2 and err.startswith("エラー: パスワードは") and "文字以上" in err
    assert server_cli(db_url, *add, stdin=PASSWORD + "\n", **kw)[0] == 0
    assert (
        "sato のトークン 0 件を失効させました"
        in server_cli(db_url, "token", "revoke", "sato", **kw)[1]
    )
    assert server_cli(db_url, "user", "disable", "sato", **kw)[0] == 0
    assert "sato\tadvisor\t無効" in server_cli(db_url, "user", "list", **kw)[1]


def _me(url: str, token: str) -> str:
    r = requests.get(url + "/auth/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    return "ok" if r.ok else r.json()["kind"]


def test_logging_in_again_replaces_the_laptops_token_and_logout_all_ends_every_session(
    tmp_path, process_server, memory_keyring, capsys, monkeypatch
):
    kw = {"capsys": capsys, "monkeypatch": monkeypatch}
    url = process_server.url
    login = ("login", url, "--user", "advisor", "--password-stdin")
    assert run(tmp_path / "a", *login, stdin=PASSWORD + "\n", **kw)[0] == 0
    first = memory_keyring.get_password(credentials.SERVICE, url)
    other_laptop = SyncClient(url)
    other = other_laptop.login("advisor", PASSWORD, "another-laptop")
    assert run(tmp_path / "a", *login, stdin=PASSWORD + "\n", **kw)[0] == 0
    second = memory_keyring.get_password(credentials.SERVICE, url)
    assert (_me(url, first), _me(url, second), _me(url, other)) == ("token_revoked", "ok", "ok")

    code, out, _err = run(tmp_path / "a", "logout", "--all", **kw)
    assert code == 0 and "すべての端末" in out
    assert (_me(url, second), _me(url, other)) == ("token_revoked", "token_revoked")
    assert memory_keyring.get_password(credentials.SERVICE, url) is None
    other_laptop.close()


def test_logout_all_needs_the_server(tmp_path, process_server, memory_keyring, capsys, monkeypatch):
    kw = {"capsys": capsys, "monkeypatch": monkeypatch}
    url = process_server.url
    login = ("login", url, "--user", "advisor", "--password-stdin")
    assert run(tmp_path / "a", *login, stdin=PASSWORD + "\n", **kw)[0] == 0
    process_server.kill()
    code, _out, err = run(tmp_path / "a", "logout", "--all", **kw)
    assert code == 3 and "接続できません" in err
    # Kept, so the command can be repeated once the server is reachable.
    assert memory_keyring.get_password(credentials.SERVICE, url)


def test_sync_holds_a_mass_delete_until_confirmed(
    tmp_path, process_server, memory_keyring, capsys, monkeypatch
):
    from dxfield.services.visits import delete_visit

    monkeypatch.setattr(sync_client, "SyncClient", functools.partial(SyncClient, backoff=0.01))
    data = tmp_path / "laptop"
    login = ("login", process_server.url, "--user", "advisor", "--password-stdin")
    assert run(data, *login, stdin=PASSWORD + "\n", capsys=capsys, monkeypatch=monkeypatch)[0] == 0
    db = open_database(data / "dxfield.sqlite3")
    with db.session() as s:
        ids = [factories.visit(s, agenda=f"議題{n}").id for n in range(60)]
    db.close()
    assert run(data, "sync", capsys=capsys, monkeypatch=monkeypatch)[0] == 0
    db = open_database(data / "dxfield.sqlite3")
    with db.session() as s:
        for visit_id in ids[:55]:
            delete_visit(s, visit_id)
    db.close()

    code, out, err = run(data, "sync", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 2, err
    assert "訪問・面談 55 件（60 件中）を削除" in err
    assert "未送信の変更 55 件は保存されています" in err
    assert "dxfield sync --confirm-deletes" in err
    code, out, err = run(data, "sync", "--json", capsys=capsys, monkeypatch=monkeypatch)
    assert (code, json.loads(out)["error"]) == (2, "mass_delete")

    code, out, err = run(data, "sync", "--confirm-deletes", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0, err
    assert "送信 55 件" in out


def test_invite_commands_make_list_and_revoke_form_links_and_sync_keeps_their_state(
    tmp_path, process_server, memory_keyring, capsys, monkeypatch
):
    from dxfield.formlinks import KEY, assessment_states, parse
    from dxfield.masterdata import municipality_id

    data = tmp_path / "laptop"
    login = ("login", process_server.url, "--user", "advisor", "--password-stdin")
    code, _out, err = run(
        data, *login, stdin=PASSWORD + "\n", capsys=capsys, monkeypatch=monkeypatch
    )
    assert code == 0, err
    qr = tmp_path / "白浜町.pdf"
    code, out, err = run(
        data,
        "invite",
        "add",
        "baseline",
        "白浜町",
        "--year",
        "2026",
        "--qr",
        str(qr),
        capsys=capsys,
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    assert (
        "白浜町 令和8年度（2026年度） 当初（ベースライン）" in out
        and qr.read_bytes().startswith(b"%PDF")
    )
    sheet = compact(text(qr.read_bytes()))
    assert re.search(r"回答期限：令和\d+年[1-9]\d?月[1-9]\d?日（.）\d+時", sheet), sheet
    assert "白浜町令和8年度（2026年度）当初（ベースライン）" in sheet
    url = next(word for word in out.split() if "/f/" in word)
    assert requests.get(url, timeout=30).status_code == 200
    code, out, err = run(data, "invite", "list", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and "未回答" in out
    ref = out.split("\t")[0]

    code, _out, err = run(data, "sync", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0, err
    db = open_database(data / "dxfield.sqlite3")
    with db.read_session() as s:
        links = parse(s.get(SyncState, KEY).value)
    db.close()
    states = assessment_states(links, 2026)
    assert states[municipality_id("304018")].label == "未回答"
    assert "url" not in links[0] and "token" not in json.dumps(links)

    code, out, err = run(data, "invite", "revoke", ref, capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and "無効" in out
    assert requests.get(url, timeout=30).status_code == 410
    code, _out, err = run(
        data, "invite", "add", "baseline", "白浜町", capsys=capsys, monkeypatch=monkeypatch
    )
    assert code == 2


def test_a_server_that_never_answers_is_not_left_running(tmp_path):
    """The test helper's start gives up after its timeout and ends the child it started
    (under heavy load three such servers outlived their tests)."""
    server = ProcessServer(f"sqlite:///{tmp_path / 'server.db'}")
    with pytest.raises(RuntimeError, match="did not come up"):
        server.start(timeout=0)  # no time to answer: the child is still starting
    assert server.proc is None
    with pytest.raises(requests.RequestException):
        requests.get(server.url + "/health", timeout=1)

"""Every way a sync can fail: a clear typed error, local data untouched, the next sync works."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from dxfield.models import NoteKind, Visit
from dxfield.services.visits import set_note_section
from sync import client as client_module
from sync.errors import SyncError
from sync.server import accounts
from sync.server.models import AuthToken
from sync.server.settings import ServerSettings
from tests import factories

from .helpers import PASSWORD, ThreadServer, login_client
from .proxy import Proxy


@pytest.fixture
def proxied(server):
    proxy = Proxy(server.port)
    yield proxy
    proxy.close()


def _edit(replica) -> str:
    with replica.db.session() as s:
        return factories.visit(s, agenda="オフラインで入力").id


def _still_pending(replica, visit_id: str) -> None:
    assert replica.pending() == 1
    with replica.db.read_session() as s:
        assert s.get(Visit, visit_id).agenda == "オフラインで入力"


def _fails(replica, kind: str) -> SyncError:
    with pytest.raises(SyncError) as info:
        replica.sync()
    assert info.value.kind == kind, info.value
    return info.value


def test_wrong_password_is_named_as_such(server):
    with pytest.raises(SyncError) as info:
        login_client(server.url, "advisor", "not the password")
    assert info.value.kind == "wrong_password"
    assert "パスワード" in info.value.user_message


def test_server_down_keeps_edits_pending_and_the_next_sync_sends_them(
    tmp_path, server, proxied, replicas
):
    a = replicas("a")
    a.client.url = proxied.url
    visit_id = _edit(a)
    proxied.mode = "refuse"
    _fails(a, "server_down")
    _still_pending(a, visit_id)
    proxied.mode = "pass"
    assert a.sync().sent == 1
    assert a.pending() == 0


def test_a_response_cut_off_mid_way_is_retried_then_reported(server, proxied, replicas):
    a = replicas("a", retries=1)
    visit_id = _edit(a)
    a.client.url = proxied.url
    proxied.mode, proxied.cut_after = "cut", 60
    _fails(a, "cut_off")
    _still_pending(a, visit_id)
    # The server did apply the push whose answer was lost: sending it again is harmless.
    proxied.mode = "pass"
    report = a.sync()
    assert (report.sent, report.conflicts) == (1, 0)


@pytest.mark.parametrize(
    ("mode", "kind"), [("500", "server_error"), ("garbage", "malformed_response")]
)
def test_server_errors_and_garbage(server, proxied, replicas, mode, kind):
    a = replicas("a", retries=1)
    visit_id = _edit(a)
    a.client.url = proxied.url
    proxied.mode = mode
    _fails(a, kind)
    _still_pending(a, visit_id)
    proxied.mode = "pass"
    assert a.sync().sent == 1


def test_a_viewer_may_pull_but_not_push(replicas):
    viewer = replicas("v", user="viewer")
    visit_id = _edit(viewer)
    _fails(viewer, "forbidden")
    _still_pending(viewer, visit_id)


def test_expired_and_revoked_tokens(server, server_db, replicas):
    a = replicas("a")
    visit_id = _edit(a)
    with server_db.session() as s:
        s.execute(update(AuthToken).values(expires_at=accounts.utcnow()))
    _fails(a, "token_expired")
    a.client.login("advisor", PASSWORD)
    with server_db.session() as s:
        accounts.revoke_tokens(s, accounts.get_user(s, "advisor").id)
    _fails(a, "token_revoked")
    _still_pending(a, visit_id)
    a.client.login("advisor", PASSWORD)
    assert a.sync().sent == 1


def test_an_oversize_request_is_refused(server_db, replicas):
    a = replicas("a")
    visit_id = _edit(a)
    with a.db.session() as s:
        # 20,000 lines of memo: more than the 10,000-byte limit even gzip-packed.
        set_note_section(s, visit_id, NoteKind.MEMO, "".join(f"メモ{n}\n" for n in range(20000)))
    small = ThreadServer(server_db, settings=ServerSettings(push_max_bytes=10_000)).start()
    try:
        a.client.url = small.url
        _fails(a, "too_large")
    finally:
        small.stop()
    assert a.pending() == 2


def test_a_client_on_an_older_schema_is_told_to_update(monkeypatch, replicas):
    a = replicas("a")
    visit_id = _edit(a)
    monkeypatch.setattr(client_module, "SCHEMA", "0000")
    error = _fails(a, "client_outdated")
    assert "更新" in error.user_message
    _still_pending(a, visit_id)


def test_plain_http_is_refused_except_on_this_machine():
    with pytest.raises(SyncError) as info:
        client_module.SyncClient("http://dx.example.jp")
    assert info.value.kind == "insecure_url"
    assert client_module.SyncClient("http://127.0.0.1:9").url == "http://127.0.0.1:9"
    assert client_module.SyncClient("http://dx.example.jp", allow_http=True)
    assert client_module.SyncClient("https://dx.example.jp/").url == "https://dx.example.jp"

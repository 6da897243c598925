"""Sync in the desktop app: the button syncs in the background, login, held deletes."""

from __future__ import annotations

import pytest

from dxfield.models import Visit
from sync import credentials, state
from sync.client import SyncClient
from tests import factories
from tests.sync import conftest as sync_fixtures
from tests.sync.helpers import PASSWORD

pytest.importorskip("pytestqt")

# The sync suite's fixtures: a server on loopback, cheap password hashing, a memory keyring.
_fast_password_hashing = sync_fixtures._fast_password_hashing
memory_keyring = sync_fixtures.memory_keyring
server_db = sync_fixtures.server_db
server = sync_fixtures.server


@pytest.fixture
def controller(qtbot, ops):
    from ui.sync_controller import SyncController

    ctl = SyncController(ops)
    yield ctl
    ctl.cancel()
    ctl.wait()


def _log_in(controller, qtbot, url):
    with qtbot.waitSignal(controller.status_changed, timeout=10000):
        controller.login(url, "advisor", PASSWORD)
    controller.wait()
    qtbot.waitUntil(lambda: not controller.running, timeout=10000)


def test_sync_button_sends_edits_in_the_background(
    qtbot,
    db,
    server,
    memory_keyring,
    controller,
):
    from ui.sync_status import SyncStatusWidget

    widget = SyncStatusWidget(controller)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: "未ログイン" in widget.label.text(), timeout=5000)
    _log_in(controller, qtbot, server.url)
    assert memory_keyring.get_password(credentials.SERVICE, server.url)
    with db.session() as s:
        factories.visit(s, agenda="現場で入力")
    controller.request_status()
    qtbot.waitUntil(lambda: "未送信 1 件" in widget.label.text(), timeout=5000)
    with qtbot.waitSignal(controller.synced, timeout=20000) as blocker:
        widget.button.click()
    assert blocker.args[0].sent == 1
    qtbot.waitUntil(lambda: "未送信 0 件" in widget.label.text(), timeout=5000)
    assert widget.button.text() == "同期"


def test_sync_without_login_asks_for_it(qtbot, controller, memory_keyring):
    failed = []
    controller.failed.connect(failed.append)
    with qtbot.waitSignal(controller.login_needed, timeout=5000):
        assert controller.start() is True  # started: the login is looked up off the UI thread
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)
    assert failed == []  # no error shown: only the login asked for


def _watch_the_keyring(monkeypatch, fail: bool = False) -> list[str]:
    """The threads the keyring is read on (``fail``: it cannot be used)."""
    import threading

    from sync.errors import SyncError

    threads = []

    def load(url):
        threads.append(threading.current_thread().name)
        if fail:
            raise SyncError("no_keyring", "locked")
        return "token"

    monkeypatch.setattr(credentials, "load_token", load)
    return threads


def test_the_settings_and_the_keyring_are_read_off_the_ui_thread(
    qtbot, db, controller, monkeypatch
):
    from sync.errors import SyncError

    with db.session() as s:
        state.put(s, state.SERVER_URL, "http://127.0.0.1:9")
    threads = _watch_the_keyring(monkeypatch)
    reads = []
    real_server = controller._server

    def server():
        import threading

        reads.append(threading.current_thread().name)
        return real_server()

    controller._server = server
    controller._client_factory = lambda url, token, allow_http: SyncClient(url, token, retries=0)
    with qtbot.waitSignal(controller.failed, timeout=10000) as down:
        assert controller.start()
    assert down.args[0].kind == "server_down"
    answers = []
    controller.call_server(lambda client: client.health(), answers.append, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=10000)
    assert isinstance(answers[0], SyncError) and answers[0].kind == "server_down"
    assert reads == ["dxfield-sync", "dxfield-server-call"]
    assert threads == reads


def test_an_unusable_keyring_is_an_error_not_a_login_question(qtbot, db, controller, monkeypatch):
    from ui.sync_status import SyncStatusWidget

    with db.session() as s:
        state.put(s, state.SERVER_URL, "http://127.0.0.1:9")
    _watch_the_keyring(monkeypatch, fail=True)
    widget = SyncStatusWidget(controller)
    qtbot.addWidget(widget)
    asked = []
    controller.login_needed.connect(lambda: asked.append(True))
    with qtbot.waitSignal(controller.failed, timeout=10000) as failed:
        controller.start()
    assert failed.args[0].kind == "no_keyring" and asked == []
    qtbot.waitUntil(lambda: "キーリング" in widget.label.text(), timeout=5000)
    errors = []
    controller.call_server(lambda client: client.health(), errors.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors[0].kind == "no_keyring"


def test_server_down_shows_offline_and_keeps_edits(qtbot, db, memory_keyring, controller):
    from ui.sync_status import SyncStatusWidget

    with db.session() as s:
        state.put(s, state.SERVER_URL, "http://127.0.0.1:9")
        factories.visit(s)
    credentials.store_token("http://127.0.0.1:9", "token")
    controller._client_factory = lambda url, token, allow_http: SyncClient(url, token, retries=0)
    widget = SyncStatusWidget(controller)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(controller.failed, timeout=10000) as blocker:
        controller.start()
    assert blocker.args[0].kind == "server_down"
    qtbot.waitUntil(lambda: "未送信 1 件" in widget.label.text(), timeout=5000)
    parts = widget.label.text().split(" / ")
    assert "接続できません" in parts[0]  # the error stays in view until a good sync
    assert "オフライン" in parts[1:]


def test_login_dialog_is_replaceable_and_returns_what_was_typed(qtbot, monkeypatch):
    from ui.sync_dialogs import LoginDialog, LoginInput

    dialog = LoginDialog(url="https://dx.example.jp")
    qtbot.addWidget(dialog)
    dialog.user.setText(" sato ")
    dialog.password.setText("secret pass")
    assert dialog.value() == LoginInput("https://dx.example.jp", "sato", "secret pass")
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, *a, **k: None))
    assert LoginDialog.ask(None) is None


def test_a_held_mass_delete_asks_and_syncs_once_confirmed(
    qtbot, db, server, memory_keyring, controller, monkeypatch
):
    from dxfield.services.visits import delete_visit
    from ui.sync_dialogs import ConfirmDeletesDialog

    _log_in(controller, qtbot, server.url)
    with db.session() as s:
        ids = [factories.visit(s, agenda=f"議題{n}").id for n in range(60)]
    with qtbot.waitSignal(controller.synced, timeout=30000):
        controller.start()
    with db.session() as s:
        for visit_id in ids:
            delete_visit(s, visit_id)
    asked = []

    def answer(cls, parent, error):
        asked.append(error.deletes_text)
        return len(asked) > 1  # "no" the first time, "yes" the second

    monkeypatch.setattr(ConfirmDeletesDialog, "ask", classmethod(answer))
    controller.deletes_need_confirmation.connect(controller.confirm_deletes_interactively)
    with qtbot.waitSignal(controller.deletes_need_confirmation, timeout=30000):
        controller.start()
    qtbot.waitUntil(lambda: not controller.running, timeout=10000)
    assert asked == ["訪問・面談 60 件（60 件中）を削除"]
    with db.read_session() as s:
        assert s.query(Visit).filter(Visit.deleted.is_(False)).count() == 0
    with qtbot.waitSignal(controller.synced, timeout=30000) as blocker:
        controller.start()
    assert asked == ["訪問・面談 60 件（60 件中）を削除"] * 2
    # the second question was answered "yes": the next sync sends the deletions
    assert blocker.args[0].sent == 60


def test_a_status_read_that_comes_back_late_does_not_turn_the_line_back(qtbot, ops, controller):
    import threading

    from ui.sync_controller import _Stored

    gate = threading.Event()

    def slow() -> _Stored:
        assert gate.wait(10)
        return _Stored("http://old.example", "", 5)

    shown = []
    controller.status_ready.connect(shown.append)
    controller._read_stored = slow
    late = controller.request_status()  # asked first, answers last
    controller._read_stored = lambda: _Stored("http://new.example", "", 1)
    with qtbot.waitSignal(controller.status_ready, timeout=5000):
        controller.request_status()
    gate.set()
    late.wait()
    arrived = []
    ops.post(lambda: arrived.append(True))  # behind the late answer
    qtbot.waitUntil(lambda: bool(arrived), timeout=5000)
    assert [status.pending for status in shown] == [1]


def test_after_a_sync_only_the_views_of_what_it_wrote_refresh(
    qtbot, window, ops, server, memory_keyring, tmp_path
):
    from datetime import date

    from dxfield.changes import Changes
    from dxfield.masterdata import municipality_id
    from dxfield.services import needs
    from tests.sync.helpers import make_replica
    from tests.ui.conftest import wait_idle

    qtbot.waitUntil(lambda: getattr(window, "sync_controller", None) is not None, timeout=10000)
    controller = window.sync_controller
    planner = window.show_page("planner")
    wait_idle(qtbot, ops)
    reloads = []
    planner.refresh = lambda: reloads.append(True)
    wrote = []
    controller.wrote.connect(wrote.append)
    _log_in(controller, qtbot, server.url)
    with qtbot.waitSignal(controller.synced, timeout=30000):
        controller.start()
    assert wrote[-1].visits and reloads  # this laptop's visits came back with their versions
    other = make_replica(tmp_path, "other", server.url, "advisor2")
    try:
        data = needs.NeedInput(
            municipality_id=municipality_id(factories.WAKAYAMA),
            domain="data",
            text="オープンデータを始めたい",
            heard_on=date(2025, 6, 10),
        )
        with other.db.session() as s:
            needs.create_need(s, data)
        other.sync()
    finally:
        other.client.close()
        other.db.close()
    reloads.clear()
    with qtbot.waitSignal(controller.synced, timeout=30000) as blocker:
        controller.start()
    assert blocker.args[0].received == 1
    assert wrote[-1] == Changes(needs=True)
    wait_idle(qtbot, ops)
    assert reloads == []  # the visits page did not reload for a need
    count = len(wrote)
    with qtbot.waitSignal(controller.synced, timeout=30000):
        controller.start()
    wait_idle(qtbot, ops)
    assert len(wrote) == count and reloads == []  # a sync that brought nothing: nothing


def test_logging_in_asks_with_the_known_server_then_syncs(
    qtbot, db, server, memory_keyring, controller, monkeypatch
):
    from ui.sync_dialogs import LoginDialog, LoginInput

    with db.session() as s:
        state.put(s, state.SERVER_URL, server.url)
    asked = []

    def answer(cls, parent, *, url="", user=""):
        asked.append(url)
        return LoginInput(url, "advisor", PASSWORD)

    monkeypatch.setattr(LoginDialog, "ask", classmethod(answer))
    with qtbot.waitSignal(controller.synced, timeout=20000):
        controller.login_interactively()
    assert asked == [server.url]
    assert memory_keyring.get_password(credentials.SERVICE, server.url)


def test_a_sync_that_fails_half_way_still_refreshes_what_it_wrote(
    qtbot, db, server, memory_keyring, controller, tmp_path, monkeypatch
):
    from dxfield.changes import Changes
    from sync import forms
    from sync.errors import SyncError
    from tests.sync.helpers import make_replica

    _log_in(controller, qtbot, server.url)
    other = make_replica(tmp_path, "other", server.url, "advisor2")
    try:
        with other.db.session() as s:
            factories.visit(s, agenda="別の端末で入力")
        other.sync()
    finally:
        other.client.close()
        other.db.close()

    def cut(_db, _client):
        raise SyncError("server_down")  # after the pull's pages were committed

    monkeypatch.setattr(forms, "refresh", cut)
    wrote = []
    controller.wrote.connect(wrote.append)
    with qtbot.waitSignal(controller.failed, timeout=30000):
        controller.start()
    assert wrote == [Changes(visits=True)]
    # A failure that wrote nothing (a login refused) refreshes nothing again.
    with qtbot.waitSignal(controller.failed, timeout=10000):
        controller.login(server.url, "advisor", "wrong password")
    assert wrote == [Changes(visits=True)]


def test_the_pending_count_follows_the_writes_and_the_sync_at_once(
    qtbot, ops, db, server, memory_keyring, controller
):
    """No clock: a write that queues an edit, and a sync that sends it, show at once."""
    from PySide6.QtCore import QTimer

    from dxfield.changes import Changes
    from ui.sync_status import SyncStatusWidget

    widget = SyncStatusWidget(controller)
    qtbot.addWidget(widget)
    _log_in(controller, qtbot, server.url)
    qtbot.waitUntil(lambda: "未送信 0 件" in widget.label.text(), timeout=5000)
    asked = []
    controller.status_ready.connect(asked.append)
    ops.write(lambda s: factories.visit(s, agenda="現場で入力"))
    qtbot.waitUntil(lambda: "未送信 1 件" in widget.label.text(), timeout=5000)
    # A burst of writes announced together: one read of the status for them.
    asked.clear()
    for _ in range(5):
        widget._on_changes(Changes(visits=True, outbox=True))
    widget._on_changes(Changes(visits=True))  # the outbox untouched: nothing to read
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
    assert not widget._soon.isActive()  # and no second read is on its way
    visit_id = ops.run_blocking_for_tests(lambda s: s.query(Visit).one().id)
    with qtbot.waitSignal(controller.synced, timeout=20000):
        widget.button.click()
    qtbot.waitUntil(lambda: "未送信 0 件" in widget.label.text(), timeout=5000)
    # An edit queued again shows again; nothing keeps polling in between.
    ops.write(lambda s: s.get(Visit, visit_id).__setattr__("agenda", "同期後の入力"))
    qtbot.waitUntil(lambda: "未送信 1 件" in widget.label.text(), timeout=5000)
    assert not [t for t in widget.findChildren(QTimer) if t.isActive()]


def test_coming_back_to_the_app_shows_what_another_program_queued(qtbot, db, controller):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from ui.qtcompat import emit
    from ui.sync_status import SyncStatusWidget

    widget = SyncStatusWidget(controller)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: "未送信 0 件" in widget.label.text(), timeout=5000)
    with db.session() as s:  # the command line, say, on the same store
        factories.visit(s)
    emit(QGuiApplication.instance().applicationStateChanged, Qt.ApplicationState.ApplicationActive)
    qtbot.waitUntil(lambda: "未送信 1 件" in widget.label.text(), timeout=5000)

"""Conflicts left by a sync: settled side by side, and the choice syncs; records set aside."""

from __future__ import annotations

import pytest

from dxfield.models import SyncConflict, Visit
from sync.conflicts import open_conflicts
from sync.runner import synchronise
from tests import factories
from tests.sync import conftest as sync_fixtures
from tests.sync.helpers import login_client, make_replica

from .conftest import wait_idle

pytest.importorskip("pytestqt")

# The sync suite's fixtures: a server on loopback, cheap password hashing, a memory keyring.
_fast_password_hashing = sync_fixtures._fast_password_hashing
memory_keyring = sync_fixtures.memory_keyring
server_db = sync_fixtures.server_db
server = sync_fixtures.server


def test_conflicts_view_keeps_mine_and_the_choice_syncs(
    qtbot,
    qtmodeltester,
    tmp_path,
    db,
    ops,
    server,
):
    from ui.conflicts_view import ConflictsView

    other = make_replica(tmp_path, "other", server.url, "advisor2")
    mine = login_client(server.url, "advisor")
    with db.session() as s:
        visit_id = factories.visit(s, agenda="最初").id
    synchronise(db, mine)
    other.sync()
    with other.db.session() as s:
        s.get(Visit, visit_id).agenda = "相手の議題"
    with db.session() as s:
        s.get(Visit, visit_id).agenda = "自分の議題"
    other.sync()
    assert synchronise(db, mine).conflicts == 1

    view = ConflictsView(ops)
    qtbot.addWidget(view)
    wait_idle(qtbot, ops)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 1
    assert view.mine.toPlainText() == "自分の議題"
    assert view.theirs.toPlainText() == "相手の議題"
    with qtbot.waitSignal(view.resolved, timeout=5000):
        view.keep_mine.click()
    wait_idle(qtbot, ops)
    assert view.model.rowCount() == 0
    with db.read_session() as s:
        assert s.get(Visit, visit_id).agenda == "自分の議題"
        assert s.query(SyncConflict).one().resolution == "mine"
        assert open_conflicts(s) == []
    synchronise(db, mine)
    other.sync()
    with other.db.read_session() as s:
        assert s.get(Visit, visit_id).agenda == "自分の議題"
    other.client.close()
    other.db.close()


def test_a_record_set_aside_on_pull_shows_its_reason_and_can_be_marked_seen(qtbot, db, ops):
    from sync.apply import apply_records
    from ui.conflicts_view import ConflictsModel, ConflictsView

    bogus = {"t": "visit", "id": "b0605-1", "v": 3, "d": {"phase": "bogus", "agenda": "x"}}
    with db.session() as s:
        assert apply_records(s, [bogus]).set_aside == 1
    view = ConflictsView(ops)
    qtbot.addWidget(view)
    wait_idle(qtbot, ops)
    model = view.model
    assert model.rowCount() == 1
    assert model.index(0, ConflictsModel.KIND).data() == "受信保留"
    assert model.index(0, ConflictsModel.FIELD).data() == "phase: 選択肢にない値です"
    assert view.mine.toPlainText() == "phase: 選択肢にない値です"
    assert "bogus" in view.theirs.toPlainText()
    with qtbot.waitSignal(view.resolved, timeout=5000):
        view.keep_theirs.click()
    wait_idle(qtbot, ops)
    assert view.model.rowCount() == 0
    with db.read_session() as s:
        assert s.query(SyncConflict).one().resolution == "seen"
        assert s.get(Visit, "b0605-1") is None


def test_the_open_view_lists_what_a_sync_sets_aside_keeping_the_one_on_show(qtbot, db, ops):
    from dxfield import written
    from sync.apply import apply_records
    from ui.conflicts_view import ConflictsView

    def pulled(record_id: str, agenda: str):
        record = {"t": "visit", "id": record_id, "v": 3, "d": {"phase": "bogus", "agenda": agenda}}
        with db.session() as s:
            apply_records(s, [record])
        return written.changes(s)

    assert pulled("b0605-1", "一件目").conflicts
    view = ConflictsView(ops)
    qtbot.addWidget(view)
    wait_idle(qtbot, ops)
    view.table.selectRow(0)
    view.on_changes(pulled("b0605-2", "二件目"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    assert view.model.conflict(view.table.currentIndex().row()).row_id == "b0605-1"
    # A merge being edited is not swept away by the next sync's list.
    view.merged.setPlainText("編集中")
    view.merged.document().setModified(True)
    view.on_changes(pulled("b0605-3", "三件目"))
    wait_idle(qtbot, ops)
    assert view.model.rowCount() == 2 and view.merged.toPlainText() == "編集中"


def test_a_closed_conflicts_window_hears_no_more_syncs(window, qtbot, ops):
    from dxfield.changes import changes_for
    from ui.qtcompat import emit

    qtbot.waitUntil(lambda: getattr(window, "sync_controller", None) is not None, timeout=10000)
    [action] = [a for a in window.file_menu.actions() if a.text() == "同期の競合を確認…"]
    action.trigger()
    view = window.conflicts_view
    wait_idle(qtbot, ops)
    refreshed = []
    view.destroyed.connect(lambda: refreshed.append("gone"))
    view.close()
    qtbot.waitUntil(lambda: refreshed == ["gone"], timeout=5000)
    emit(window.sync_controller.wrote, changes_for(["sync_conflict"]))  # no crash
    wait_idle(qtbot, ops)

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

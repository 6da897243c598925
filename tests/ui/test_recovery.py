"""A store that cannot be opened at start leads to the recovery dialog; restoring from it
gives back the backup's data, and the damaged file is kept."""

from __future__ import annotations

import pytest

from tests.rawstore import raw_connect

pytest.importorskip("pytestqt")

from dxfield.backup import rotate_backup
from dxfield.models import PendingChange
from dxfield.recovery import diagnose
from tests import factories
from tests.io import stores
from ui.recovery import BACKUP, QUIT, RecoveryChoice, RecoveryDialog


def _agendas(path) -> list[str]:
    with raw_connect(path) as raw:
        return sorted(r[0] for r in raw.execute("SELECT agenda FROM visit"))


def _backed_up_then_edited(db, data_dir) -> None:
    """A daily backup, then an unsynced visit; the store closed."""
    with db.session() as s:
        factories.visit(s, agenda="in the backup")
        s.query(PendingChange).delete()
    rotate_backup(db.path, data_dir / "backups", reason="daily")
    with db.session() as s:
        factories.visit(s, agenda="typed after the backup")
    db.close()


@pytest.fixture
def damaged(db, data_dir):
    """Then a table lost: the store fails its checks when it is opened, the records can
    still be read."""
    _backed_up_then_edited(db, data_dir)
    stores.drop_table(db.path, "import_batch")
    stores.checkpoint(db.path)
    return db.path


def _launch(qtbot, monkeypatch, data_dir, answer):
    from ui.app import launch
    from ui.main import DeferredContext

    asked = []

    def ask(cls, parent, diagnosis, *, logged_in, running=False):
        asked.append((diagnosis, logged_in, running))
        return answer(diagnosis)

    monkeypatch.setattr(RecoveryDialog, "ask", classmethod(ask))
    started = launch(DeferredContext(str(data_dir)))
    qtbot.addWidget(started.window)
    return started, asked


def test_a_damaged_store_at_start_is_restored_from_the_chosen_backup(
    qtbot, monkeypatch, data_dir, damaged
):
    started, asked = _launch(
        qtbot, monkeypatch, data_dir, lambda d: RecoveryChoice(BACKUP, d.backups[0].path)
    )
    try:
        qtbot.waitUntil(lambda: started.ops is not None, timeout=60000)
        diagnosis, logged_in, running = asked[0]
        assert not logged_in and not running and len(diagnosis.backups) == 1
        assert [c.table for c in diagnosis.salvage.readable].count("visit") == 1
        # The backup's data, the salvaged edit put back, the damaged file kept as it was.
        assert _agendas(damaged) == ["in the backup", "typed after the backup"]
        assert list((data_dir / "backups" / "damaged").glob("*.sqlite3"))
        assert started.failed is None
    finally:
        started.shutdown()


def test_garbage_at_start_is_restored_from_the_newest_backup(qtbot, monkeypatch, data_dir, damaged):
    stores.garbage(damaged)
    started, asked = _launch(
        qtbot, monkeypatch, data_dir, lambda d: RecoveryChoice(BACKUP, d.backups[0].path)
    )
    try:
        qtbot.waitUntil(lambda: started.ops is not None, timeout=60000)
        assert asked[0][0].salvage.error  # nothing could be read out of "x\n"
        assert _agendas(damaged) == ["in the backup"]
    finally:
        started.shutdown()


def test_quitting_the_dialog_changes_nothing(qtbot, monkeypatch, data_dir, damaged):
    before = damaged.read_bytes()
    started, asked = _launch(qtbot, monkeypatch, data_dir, lambda d: RecoveryChoice(QUIT))
    exits: list[int] = []
    monkeypatch.setattr(started, "app", type("App", (), {"exit": exits.append})())
    try:
        qtbot.waitUntil(lambda: bool(exits), timeout=60000)
        assert exits == [1] and asked and started.ops is None
    finally:
        started.shutdown()
    assert damaged.read_bytes() == before
    assert not (data_dir / "backups" / "damaged").exists()


def test_the_dialog_lists_the_backups_and_the_salvaged_edits(qtbot, data_dir, damaged):
    diagnosis = diagnose(damaged, data_dir / "backups", "damaged for the test")
    dialog = RecoveryDialog(None, diagnosis, logged_in=False)
    qtbot.addWidget(dialog)
    assert dialog.backups.count() == 1 and "訪問・面談 1件" in dialog.backups.item(0).text()
    assert any(
        "typed after the backup" in dialog.salvaged.item(i).text()
        for i in range(dialog.salvaged.count())
    )
    assert dialog.from_backup.isChecked() and dialog.put_back.isChecked()
    assert dialog.choice() == RecoveryChoice(BACKUP, diagnosis.backups[0].path, True)
    assert not dialog.fresh.text().startswith("サーバー")


@pytest.mark.usefixtures("plain_stores")
def test_damage_the_opening_cannot_see_is_found_by_the_check_after_start(
    qtbot, monkeypatch, db, data_dir
):
    import ui.app

    _backed_up_then_edited(db, data_dir)
    # A derived table's page is lost: the store opens, SQLite's quick_check finds it.
    stores.smash_table(db.path, "search_doc")
    monkeypatch.setattr(ui.app, "STORE_CHECK_DELAY_MS", 0)
    started, asked = _launch(
        qtbot, monkeypatch, data_dir, lambda d: RecoveryChoice(BACKUP, d.backups[0].path)
    )
    try:
        qtbot.waitUntil(lambda: bool(asked), timeout=60000)
        assert asked[0][2]  # found while running
        expected = ["in the backup", "typed after the backup"]
        qtbot.waitUntil(lambda: _agendas(db.path) == expected, timeout=60000)
        qtbot.waitUntil(lambda: started.ops.pending == 0, timeout=60000)
        with started.ops.db.read_session() as s:
            raw = s.connection().connection.driver_connection
            assert raw.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        started.shutdown()


def test_a_way_back_that_fails_is_said_and_the_choices_come_again(
    qtbot, monkeypatch, data_dir, damaged, tmp_path
):
    from ui.dialogs import Messages

    errors: list[str] = []
    monkeypatch.setattr(
        Messages, "error", classmethod(lambda cls, _parent, text: errors.append(text))
    )
    answers = iter([tmp_path / "gone.sqlite3", None])

    def answer(diagnosis):
        chosen = next(answers)
        return RecoveryChoice(BACKUP, chosen or diagnosis.backups[0].path)

    started, asked = _launch(qtbot, monkeypatch, data_dir, answer)
    try:
        qtbot.waitUntil(lambda: started.ops is not None, timeout=60000)
        assert len(asked) == 2 and len(errors) == 1 and "gone.sqlite3" in errors[0]
        assert _agendas(damaged) == ["in the backup", "typed after the backup"]
    finally:
        started.shutdown()


def test_backups_left_in_the_old_folder_are_offered_and_marked(qtbot, data_dir, damaged, tmp_path):
    """The setting moved the backup folder: the copies made before, in the data folder's
    backups/, are offered as well, newest first, and said to be from the old folder."""
    moved = tmp_path / "usb-backups"
    moved.mkdir()
    diagnosis = diagnose(damaged, moved, "damaged for the test")
    assert [s.path.parent for s in diagnosis.backups] == [data_dir / "backups"]
    dialog = RecoveryDialog(None, diagnosis, logged_in=False)
    qtbot.addWidget(dialog)
    assert "以前のバックアップフォルダー" in dialog.backups.item(0).text()
    assert dialog.choice() == RecoveryChoice(BACKUP, diagnosis.backups[0].path, True)

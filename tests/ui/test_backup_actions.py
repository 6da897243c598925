"""Backup, restore and export from the menu: off the UI thread, asking before replacing."""

from __future__ import annotations

import pytest

from tests.rawstore import raw_connect

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QWidget

from dxfield.models import PendingChange
from tests import factories
from ui.backup_actions import BackupActions
from ui.dialogs import Messages
from ui.import_wizard import FileDialogs


@pytest.fixture
def actions(qtbot, ops, data_dir):
    window = QWidget()
    qtbot.addWidget(window)
    return BackupActions(ops, data_dir, window)


def _agendas(path) -> list[str]:
    with raw_connect(path) as raw:
        return [r[0] for r in raw.execute("SELECT agenda FROM visit")]


def test_backup_then_restore_after_confirmation(qtbot, actions, db, tmp_path, monkeypatch):
    with db.session() as s:
        factories.visit(s, agenda="kept in the backup")
        s.query(PendingChange).delete()
    copy = tmp_path / "copy.sqlite3"
    with qtbot.waitSignal(actions.finished, timeout=10000):
        actions.backup_to(copy)
    with db.session() as s:
        factories.visit(s, agenda="unsynced, typed after the backup")

    asked = []

    def confirm(parent, title, text):
        asked.append(text)
        return len(asked) > 1  # say no the first time, yes the second

    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, *a: confirm(*a)))
    monkeypatch.setattr(FileDialogs, "open_path", classmethod(lambda cls, *a: copy))
    with qtbot.waitSignal(actions.finished, timeout=10000):
        actions.restore_action.trigger()
    assert "まだ同期していない変更が 1 件あります" in asked[0]
    assert len(_agendas(db.path)) == 2  # declined: nothing replaced

    with qtbot.waitSignals([actions.restored, actions.finished], timeout=10000):
        actions.restore_action.trigger()
    assert _agendas(db.path) == ["kept in the backup"]


def test_daily_backup_once(qtbot, actions, data_dir):
    with qtbot.waitSignal(actions.finished, timeout=10000) as first:
        actions.daily_backup()
    assert first.args[0] is not None and first.args[0].exists()
    with qtbot.waitSignal(actions.finished, timeout=10000) as second:
        actions.daily_backup()
    assert second.args[0] is None


@pytest.mark.parametrize(
    ("what", "name"),
    [
        ("visits_xlsx", "v.xlsx"),
        ("visits_ics", "v.ics"),
        ("trainings_xlsx", "t.xlsx"),
        ("trainings_ics", "t.ics"),
        ("actions", "a.xlsx"),
        ("assessments", "r.csv"),
        ("blank_sheet", "sheet.xlsx"),
    ],
)
def test_exports_from_the_menu(qtbot, actions, db, tmp_path, monkeypatch, what, name):
    with db.session() as s:
        factories.visit(s)
        factories.training(s)
    target = tmp_path / name
    monkeypatch.setattr(FileDialogs, "save_path", classmethod(lambda cls, *a: target))
    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, *a: True))
    with qtbot.waitSignal(actions.message, timeout=10000) as said:
        getattr(actions, {"visits_xlsx": "export_visits_action", "visits_ics": "export_calendar_action",
                          "trainings_xlsx": "export_trainings_action",
                          "trainings_ics": "export_trainings_calendar_action",
                          "actions": "export_actions_action", "assessments": "export_assessments_action",
                          "blank_sheet": "blank_sheet_action"}[what]).trigger()  # fmt: skip
    assert target.exists() and str(target) in said.args[0]


def test_personal_data_leaving_the_data_folder_is_said_once(
    qtbot, actions, db, data_dir, tmp_path, monkeypatch
):
    with db.session() as s:
        factories.visit(s, participants="総務課 山田")
    asked = []

    def confirm(parent, title, text):
        asked.append(text)
        return len(asked) > 1  # cancel the first time

    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, *a: confirm(*a)))
    outside, inside = tmp_path / "usb" / "v.xlsx", data_dir / "exports" / "v.xlsx"
    outside.parent.mkdir()
    inside.parent.mkdir()

    def export_to(target):
        monkeypatch.setattr(FileDialogs, "save_path", classmethod(lambda cls, *a: target))
        actions.export_visits_action.trigger()

    export_to(outside)
    assert len(asked) == 1 and "個人情報" in asked[0] and "先方の参加者の氏名" in asked[0]
    assert not outside.exists()  # cancelled: nothing written
    # Said once: the next export outside, and one inside, go without asking.
    for target in (outside, inside):
        with qtbot.waitSignal(actions.finished, timeout=10000):
            export_to(target)
        assert target.exists()
    assert len(asked) == 1


def test_a_failed_export_is_shown_not_raised(qtbot, actions, db, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    shown = []
    monkeypatch.setattr(
        Messages, "error", classmethod(lambda cls, parent, text: shown.append(text))
    )
    with qtbot.waitSignal(actions.finished, timeout=10000):
        actions.export("visits_xlsx", blocker / "v.xlsx")
    # What failed and why, both in Japanese (the folder is a file here).
    assert shown and shown[0].startswith("ファイルを書き出せませんでした。")
    assert f"フォルダー {blocker} を作成できません" in shown[0] and "cannot" not in shown[0]


def test_daily_backup_after_the_window_closed_is_skipped(actions, ops, data_dir):
    ops.shutdown()
    actions.daily_backup()  # the delayed start-up timer firing late must not raise
    assert not (data_dir / "backups").exists()


def test_plain_copies_of_an_encrypted_store_are_reencrypted_or_removed_when_agreed(
    qtbot, actions, db, data_dir, monkeypatch, temp_folder
):
    """The desktop's side of `dxfield encryption enable`: after the start-up backup, plain
    backups are re-encrypted; plain copies that cannot be are removed only if the person
    says yes, and one who said no is not asked again about the same files."""
    from dxfield.backup import copy_verified, set_aside
    from dxfield.driver import is_encrypted

    assert db.key is not None
    backups = data_dir / "backups"
    backups.mkdir()
    old = backups / "dxfield-daily-20261101-090000-000000.sqlite3"
    copy_verified(db.path, old, key=None)  # made while the store was plain
    kept = set_aside(db.path, backups)
    plain_kept = kept.with_name("dxfield-damaged-20261101-090000-000000.sqlite3")
    copy_verified(db.path, plain_kept, key=None)
    kept.unlink()
    assert not is_encrypted(old) and not is_encrypted(plain_kept)
    record = plain_kept.with_suffix(".json")  # salvaged edits, kept as JSON by an old version
    record.write_text('{"changes": [], "note": "面談の非公開メモ"}', "utf-8")
    said: list[str] = []
    actions.message.connect(said.append)
    asked = []
    answer = [False]
    monkeypatch.setattr(
        Messages, "confirm", classmethod(lambda cls, p, t, text: asked.append(text) or answer[0])
    )
    with qtbot.waitSignal(actions.copies_checked, timeout=20000) as checked:
        actions.daily_backup()
    assert checked.args[0].reencrypted == [old] and is_encrypted(old)
    # The salvaged edits are re-encrypted, not offered for removal.
    assert checked.args[0].salvage_reencrypted == [record] and not record.exists()
    assert is_encrypted(record.with_suffix(".salvage"))
    assert any("未同期の変更の記録 1 件を暗号化し直しました" in text for text in said)
    assert len(asked) == 1 and plain_kept.name in asked[0] and "ゼロで上書き" in asked[0]
    assert record.name not in asked[0]
    assert plain_kept.exists()  # said no: kept
    with qtbot.waitSignal(actions.copies_checked, timeout=10000):
        actions.check_plain_copies()
    assert len(asked) == 1  # the same files: not asked again
    from ui.backup_actions import PLAIN_COPIES_KEPT
    from ui.config import open_settings

    open_settings().remove(PLAIN_COPIES_KEPT)
    answer[0] = True
    with qtbot.waitSignal(actions.finished, timeout=10000) as removed:
        actions.check_plain_copies()
    assert len(asked) == 2 and removed.args[0] == [plain_kept] and not plain_kept.exists()
    assert is_encrypted(old)

"""Field settings and the About dialog: folders are checked before saving, sizes are real."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QPushButton

from dxfield import __version__
from dxfield.paths import resolve_data_dir
from dxfield.settings import load_settings
from ui.field_settings import AboutDialog, FieldSettingsBox, FolderDialogs


def test_saved_data_dir_is_used_by_the_next_start(qtbot, tmp_path, monkeypatch):
    box = FieldSettingsBox(tmp_path / "current", server_url="https://dx.example.jp")
    qtbot.addWidget(box)
    chosen = tmp_path / "USBメモリ" / "dxfield"
    monkeypatch.setattr(FolderDialogs, "choose", classmethod(lambda cls, *a: str(chosen)))
    box.findChild(QPushButton, "browseDataDir").click()
    assert box.data_dir_edit.text() == str(chosen)
    with qtbot.waitSignal(box.saved, timeout=2000):
        box.save_button.click()
    assert load_settings().data_dir == str(chosen)
    assert resolve_data_dir() == chosen
    assert "次回の起動" in box.status.text()
    assert box.server.text() == "https://dx.example.jp"


def test_unwritable_folder_is_refused_and_nothing_saved(qtbot, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    box = FieldSettingsBox(tmp_path)
    qtbot.addWidget(box)
    box.backup_dir_edit.setText(str(blocker / "backups"))
    box.save_button.click()
    assert "バックアップ先" in box.error.text()
    assert load_settings().backup_dir == ""


def test_about_shows_version_and_database_size(qtbot, db):
    dialog = AboutDialog(db.path)
    qtbot.addWidget(dialog)
    assert dialog.version.text() == __version__
    size_mb = float(dialog.size.text().split()[0])
    assert size_mb > 0.1  # the store with its master data, WAL included


def test_help_menu_opens_about_for_the_open_store(window, qtbot, ops, monkeypatch):
    from dxfield.paths import log_dir
    from ui import field_settings

    opened = []
    monkeypatch.setattr(
        field_settings.AboutDialog,
        "show_for",
        classmethod(lambda cls, path, parent=None: opened.append(path)),
    )
    monkeypatch.setattr(field_settings, "open_folder", lambda path: opened.append(path))
    window.about_action.trigger()
    window.logs_action.trigger()
    assert opened[0] == ops.db.path
    assert opened[1] == log_dir()

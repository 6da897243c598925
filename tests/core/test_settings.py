"""Field settings: where the data and the backups live, agreed by the CLI and the window."""

from __future__ import annotations

from pathlib import Path

from dxfield.paths import backup_dir, default_data_dir, resolve_data_dir
from dxfield.settings import FieldSettings, load_settings, save_settings, settings_file


def test_data_dir_order(tmp_path, monkeypatch):
    assert resolve_data_dir() == default_data_dir()
    save_settings(FieldSettings(data_dir=str(tmp_path / "saved")))
    assert resolve_data_dir() == tmp_path / "saved"
    monkeypatch.setenv("DXFIELD_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir() == tmp_path / "env"
    assert resolve_data_dir(tmp_path / "explicit") == tmp_path / "explicit"


def test_backup_dir_defaults_beside_the_data(tmp_path):
    assert backup_dir(tmp_path) == tmp_path / "backups"
    save_settings(load_settings().with_changes(backup_dir=str(tmp_path / "usb")))
    assert backup_dir(tmp_path) == tmp_path / "usb"


def test_unreadable_settings_fall_back_to_defaults(tmp_path):
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x93\x8c{not json")
    assert load_settings() == FieldSettings()
    path.write_text('{"data_dir": "D:/dx", "unknown": 1}', encoding="utf-8")
    assert load_settings() == FieldSettings(data_dir="D:/dx")


def test_settings_are_written_whole(tmp_path):
    saved = save_settings(FieldSettings(data_dir="データ", backup_dir=""))
    assert Path(saved).read_text(encoding="utf-8").count("データ") == 1
    assert not list(Path(saved).parent.glob("*.tmp"))

"""Backups a person can trust: verified copies, daily rotation, restore that guards unsynced work."""

from __future__ import annotations

from datetime import datetime

import pytest

from dxfield.backup import backup_database, daily_backup
from dxfield.db import open_database
from dxfield.errors import CorruptDatabaseError, NewerDatabaseError, UnsyncedChangesError
from dxfield.masterdata import ensure_master_data
from dxfield.models import PendingChange, Visit
from dxfield.restore import check_restore, restore_database
from tests import factories
from tests.rawstore import raw_connect
from ui.main import main


def _visits(path):
    with raw_connect(path) as raw:
        return [r[0] for r in raw.execute("SELECT agenda FROM visit ORDER BY agenda")]


def _clear_outbox(db):
    with db.session() as s:
        for row in s.query(PendingChange):
            s.delete(row)


def test_restore_brings_back_the_backed_up_state(db, tmp_path):
    with db.session() as s:
        factories.visit(s, agenda="before the backup")
    copy = backup_database(db.path, tmp_path / "copy.sqlite3")
    with db.session() as s:
        factories.visit(s, agenda="after the backup")
    _clear_outbox(db)  # as if synced
    db.close()

    safety = restore_database(copy, db.path, backup_folder=tmp_path / "backups").safety

    reopened = open_database(db.path)
    with reopened.read_session() as s:
        assert [v.agenda for v in s.query(Visit)] == ["before the backup"]
    reopened.close()
    # The store that was replaced is kept, so the restore itself can be undone.
    assert sorted(_visits(safety)) == ["after the backup", "before the backup"]


def test_restore_refuses_to_drop_unsynced_changes(db, tmp_path):
    copy = backup_database(db.path, tmp_path / "copy.sqlite3")
    with db.session() as s:
        factories.visit(s, agenda="typed in the field, never synced")
    db.close()
    assert check_restore(copy, db.path).unsynced_changes >= 1

    with pytest.raises(UnsyncedChangesError, match="unsynced changes"):
        restore_database(copy, db.path, backup_folder=tmp_path / "backups")
    assert _visits(db.path) == ["typed in the field, never synced"]

    restore_database(copy, db.path, backup_folder=tmp_path / "backups", allow_unsynced=True)
    assert _visits(db.path) == []


def test_restore_rejects_damaged_and_newer_files(db, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"PK\x03\x04 this is a zip file" * 50)
    with pytest.raises(CorruptDatabaseError, match="not a dxfield store"):
        check_restore(junk, db.path)

    newer = backup_database(db.path, tmp_path / "newer.sqlite3")
    with raw_connect(newer) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NewerDatabaseError, match="newer version"):
        check_restore(newer, db.path)


def test_daily_backup_once_a_day_keeps_the_newest(db, tmp_path):
    folder = tmp_path / "backups"
    first = daily_backup(db.path, folder, now=datetime(2025, 6, 1, 8, 30))
    assert first is not None and first.exists()
    assert daily_backup(db.path, folder, now=datetime(2025, 6, 1, 17, 0)) is None
    for day in range(2, 6):
        assert daily_backup(db.path, folder, now=datetime(2025, 6, day, 9, 0), keep=3)
    kept = sorted(p.name.split("-")[2] for p in folder.glob("*-daily-*.sqlite3"))
    assert kept == ["20250603", "20250604", "20250605"]


def test_cli_backup_and_restore(capsys, data_dir, tmp_path, monkeypatch):
    dest = tmp_path / "manual.sqlite3"
    assert main(["--data-dir", str(data_dir), "backup", str(dest)]) == 0
    assert "整合性チェック OK" in capsys.readouterr().out

    db = open_database(data_dir / "dxfield.sqlite3")
    with db.session() as s:
        ensure_master_data(s)
        factories.visit(s, agenda="unsynced")
    db.close()
    # Not a terminal: no question can be asked, so unsynced work is kept; refused with exit
    # code 2, as every refusal of the command line (README, `dxfield restore --help`).
    assert main(["--data-dir", str(data_dir), "restore", str(dest), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "未同期の変更が" in err and "--discard-unsynced" in err
    assert _visits(data_dir / "dxfield.sqlite3") == ["unsynced"]

    code = main(["--data-dir", str(data_dir), "restore", str(dest), "--discard-unsynced"])
    assert code == 0, capsys.readouterr().err
    assert "復元しました" in capsys.readouterr().out
    assert _visits(data_dir / "dxfield.sqlite3") == []

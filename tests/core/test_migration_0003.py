"""Migration 0003 (the dashboard's indexes) as people meet it: a 0002 store is migrated by
the full open and keeps every record, the quick road leaves it to the full open, a 0002
backup still restores, and an app from before 0003 refuses a migrated store clearly."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from alembic import command

from dxfield import migrations, overview, quickread
from dxfield.backup import backup_database
from dxfield.db import make_engine, open_database
from dxfield.demo import install_demo
from dxfield.errors import DatabaseError, NewerDatabaseError
from dxfield.masterdata import ensure_master_data
from dxfield.models import PendingChange
from dxfield.restore import check_restore
from dxfield.search import is_index_table
from dxfield.storecheck import inspect_store
from tests.core.test_dashboard_indexes import INDEXES
from tests.io import stores
from tests.rawstore import raw_connect
from ui.main import main

TODAY = date(2025, 9, 15)
pytestmark = pytest.mark.usefixtures("plain_stores")  # row ids compared as the file has them


@pytest.fixture(scope="module")
def store_0002(tmp_path_factory):
    """A store as dxfield with schema 0002 left it: the demo, edits waiting to be pushed."""
    path = tmp_path_factory.mktemp("at-0002") / "dxfield.sqlite3"

    def fill(s):
        ensure_master_data(s)
        install_demo(s, today=TODAY)

    stores.older_store(path, "0002", fill)
    return path


@pytest.fixture
def old_store(store_0002, tmp_path):
    """A copy of ``store_0002`` of the test's own, in a data folder of its own."""
    path = tmp_path / "old" / "dxfield.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(store_0002, path)
    return path


def _revision(path) -> str:
    with raw_connect(path) as raw:
        return raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _records(path) -> dict[str, list[tuple]]:
    """Every row of every table Alembic keeps, with its row id (the order of ties)."""
    with raw_connect(path) as raw:
        tables = [
            name
            for (name,) in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
            if not is_index_table(name)
        ]
        return {
            t: raw.execute(f'SELECT rowid, * FROM "{t}" ORDER BY rowid').fetchall() for t in tables
        }


def _dashboard_indexes(path) -> set[str]:
    with raw_connect(path) as raw:
        return {
            name
            for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            if name in INDEXES.values()
        }


def _snapshot(path):
    return quickread.read_current(path, lambda c: overview.snapshot(c, 2025, None, TODAY))


def _downgrade(path, target: str) -> None:
    engine = make_engine(path)
    with engine.begin() as conn:
        config = migrations.alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, target)
    engine.dispose()


def test_a_0002_store_keeps_every_record_and_gains_the_indexes(old_store):
    path = old_store
    before = _records(path)
    assert _revision(path) == "0002" and not _dashboard_indexes(path)
    assert before["visit"] and before["action_item"] and before["pending_change"]
    assert _snapshot(path) is None  # the quick road leaves a store to migrate to the full open

    open_database(path).close()
    assert _revision(path) == "0003"
    assert _dashboard_indexes(path) == set(INDEXES.values())
    assert _records(path) == before  # the same rows, row ids and unpushed edits
    assert list((path.parent / "backups").glob("dxfield-pre-0002-*.sqlite3"))
    snapshot = _snapshot(path)  # now up to date: the first board is read the quick way
    assert snapshot is not None and snapshot.board and snapshot.overdue


def test_the_downgrade_drops_the_indexes_and_nothing_else(old_store):
    path = old_store
    open_database(path).close()
    migrated = _records(path)
    _downgrade(path, "0002")
    assert _revision(path) == "0002" and not _dashboard_indexes(path)
    assert _records(path) == migrated
    open_database(path).close()  # and the app migrates it again
    assert _dashboard_indexes(path) == set(INDEXES.values())


def test_a_0002_backup_is_restored_and_then_migrated(old_store, tmp_path, data_dir, capsys):
    old = old_store
    backup = backup_database(old, tmp_path / "old-backup.sqlite3")
    assert inspect_store(backup).revision == "0002"
    live = open_database(data_dir / "dxfield.sqlite3")
    with live.session() as s:
        ensure_master_data(s)
        s.query(PendingChange).delete()  # synced: nothing of it would be lost
    live.close()

    assert main(["--data-dir", str(data_dir), "restore", str(backup), "--yes"]) == 0
    assert "復元しました" in capsys.readouterr().out
    restored = data_dir / "dxfield.sqlite3"
    assert _revision(restored) == "0002"
    assert _records(restored) == _records(old)
    open_database(restored).close()
    assert _revision(restored) == "0003" and _records(restored) == _records(old)


def test_an_app_from_before_0003_refuses_a_migrated_store(old_store, tmp_path, monkeypatch):
    path = old_store
    open_database(path).close()
    copy = backup_database(path, tmp_path / "copy.sqlite3")
    before = path.read_bytes()
    # What the app knew before this migration.
    monkeypatch.setattr(migrations, "REVISIONS", ("0001", "0002"))
    monkeypatch.setattr(migrations, "HEAD", "0002")

    with pytest.raises(NewerDatabaseError, match=r"newer version of dxfield \(schema 0003\)"):
        open_database(path)
    assert path.read_bytes() == before
    assert _snapshot(path) is None  # nor read the quick way: the full open says why
    with pytest.raises(NewerDatabaseError) as info:
        check_restore(copy, path)
    assert "新しいバージョンの dxfield で作成されています（スキーマ 0003）" in info.value.text()
    assert path.read_bytes() == before


# 0003 changed no column: a store or backup still at 0002 has head's columns, and one that
# lacks any is refused with the column named, as it was while 0002 was the newest revision.


@pytest.fixture
def damaged_0002(tmp_path):
    path = tmp_path / "old" / "dxfield.sqlite3"
    path.parent.mkdir()
    stores.older_store(path, "0002", ensure_master_data)
    stores.drop_column(path, "visit", "agenda")
    return path


@pytest.mark.usefixtures("plain_stores")
def test_a_0002_backup_without_a_column_is_refused(db, damaged_0002):
    with pytest.raises(DatabaseError, match="visit lacks agenda"):
        check_restore(damaged_0002, db.path)


@pytest.mark.usefixtures("plain_stores")
def test_a_0002_store_without_a_column_is_refused_at_open(damaged_0002):
    with pytest.raises(DatabaseError, match="visit lacks agenda"):
        open_database(damaged_0002).close()

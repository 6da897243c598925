"""Restore works whatever the live store is, refuses what is not a good backup (saying why),
and never loses the unsynced edits that can still be read out of a damaged store."""

from __future__ import annotations

import pytest

from dxfield.backup import backup_database
from dxfield.db import open_database
from dxfield.errors import (
    CorruptDatabaseError,
    DatabaseError,
    ForeignDatabaseError,
    NewerDatabaseError,
)
from dxfield.masterdata import ensure_master_data
from dxfield.models import NoteKind, PendingChange
from dxfield.restore import check_restore, restore_database
from dxfield.search import search
from dxfield.services import visits
from dxfield.storecheck import inspect_store
from tests import factories
from tests.io import stores
from tests.rawstore import raw_connect
from ui.main import main


def _agendas(path) -> list[str]:
    with raw_connect(path) as raw:
        return sorted(r[0] for r in raw.execute("SELECT agenda FROM visit"))


def _synced(db) -> None:
    with db.session() as s:
        s.query(PendingChange).delete()


@pytest.fixture
def backup(db, tmp_path):
    with db.session() as s:
        factories.visit(s, agenda="in the backup")
    _synced(db)
    return backup_database(db.path, tmp_path / "good.sqlite3")


@pytest.mark.usefixtures("plain_stores")
@pytest.mark.parametrize(
    "damage",
    [
        stores.garbage,
        stores.truncate,
        lambda p: stores.smash_table(p, "visit"),
        lambda p: p.unlink(),
    ],
    ids=["garbage", "truncated", "smashed", "missing"],
)
def test_restore_works_whatever_the_live_store_is(db, backup, tmp_path, damage):
    db.close()
    damage(db.path)
    before = db.path.read_bytes() if db.path.exists() else None
    result = restore_database(backup, db.path, backup_folder=tmp_path / "backups")
    assert _agendas(db.path) == ["in the backup"]
    inspect_store(db.path)
    if before is not None:  # kept as it was, never overwritten
        assert result.safety.parent.name == "damaged"
        assert result.safety.read_bytes() == before
    reopened = open_database(db.path)
    reopened.close()


def test_the_cli_restores_over_garbage(capsys, data_dir, db, backup):
    db.close()
    (data_dir / "dxfield.sqlite3").write_text("x\n")
    code = main(["--data-dir", str(data_dir), "restore", str(backup), "--yes"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "現在のデータは使えない状態です" in out and "復元しました" in out
    assert "訪問・面談 1件" in out
    assert _agendas(data_dir / "dxfield.sqlite3") == ["in the backup"]
    assert list((data_dir / "backups" / "damaged").glob("*.sqlite3"))


# (name, make it, error, the reason in English, the reason as a person reads it)
REFUSED = [
    (
        "empty",
        lambda p: stores.empty_database(p),
        ForeignDatabaseError,
        "empty database",
        "empty.sqlite3 には dxfield のデータがありません（空のデータベースです）",
    ),
    (
        "foreign",
        lambda p: stores.foreign_database(p),
        ForeignDatabaseError,
        "another program",
        "foreign.sqlite3 は別のプログラムの SQLite データベースです（application id 0x",
    ),
    (
        "foreign-no-id",
        lambda p: stores.foreign_database(p, app_id=0),
        ForeignDatabaseError,
        "not one of dxfield's",
        "foreign-no-id.sqlite3 は SQLite のデータベースですが、dxfield のものではありません",
    ),
    (
        "not-sqlite",
        lambda p: p.write_bytes(b"PK\x03\x04" * 40) and p,
        CorruptDatabaseError,
        "not a",
        "not-sqlite.sqlite3 は dxfield のデータファイルではありません",
    ),
]


@pytest.mark.parametrize(
    ("name", "make", "error", "reason", "japanese"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_what_is_not_a_backup_is_refused_with_the_reason(
    db, tmp_path, name, make, error, reason, japanese
):
    candidate = make(tmp_path / f"{name}.sqlite3") or tmp_path / f"{name}.sqlite3"
    before = db.path.read_bytes()
    with pytest.raises(error, match=reason) as info:
        restore_database(candidate, db.path, backup_folder=tmp_path / "backups")
    assert japanese in info.value.text()
    assert db.path.read_bytes() == before


# (name, damage, the reason in English, the reason as a person reads it)
DAMAGED = [
    (
        "no-table",
        lambda p: stores.drop_table(p, "municipality"),
        "table municipality is missing",
        "は壊れています（テーブル municipality がありません）",
    ),
    (
        "no-column",
        lambda p: stores.drop_column(p, "visit", "agenda"),
        "visit lacks agenda",
        "は壊れています（テーブル visit に列 agenda がありません）",
    ),
    (
        "no-revision",
        lambda p: stores.set_revision(p, None),
        "holds no dxfield data",
        "には dxfield のデータがありません",
    ),
    (
        "newer",
        lambda p: stores.set_revision(p, "9999"),
        "newer version",
        "は新しいバージョンの dxfield で作成されています（スキーマ 9999）",
    ),
    ("smashed", lambda p: stores.smash_table(p, "note_section"), "damaged", "は壊れています"),
    ("truncated", stores.truncate, "cut short", "は途中で切れています"),
]


@pytest.mark.usefixtures("plain_stores")
@pytest.mark.parametrize(
    ("name", "damage", "reason", "japanese"), DAMAGED, ids=[d[0] for d in DAMAGED]
)
def test_a_damaged_backup_is_refused_with_the_reason(
    db, backup, tmp_path, name, damage, reason, japanese
):
    damage(backup)
    before = db.path.read_bytes()
    with pytest.raises((DatabaseError, NewerDatabaseError), match=reason) as info:
        check_restore(backup, db.path)
    assert f"{backup.name} {japanese}" in info.value.text()
    assert db.path.read_bytes() == before


@pytest.mark.usefixtures("plain_stores")
def test_a_backup_in_64_kib_pages_is_restored(db, backup, tmp_path):
    big = stores.with_page_size(backup, tmp_path / "big-pages.sqlite3", 65536)
    db.close()
    restore_database(big, db.path, backup_folder=tmp_path / "backups")  # into a live store
    assert _agendas(db.path) == ["in the backup"]
    stores.garbage(db.path)
    restore_database(big, db.path, backup_folder=tmp_path / "backups")  # over a damaged one
    assert _agendas(db.path) == ["in the backup"]


def test_the_summary_says_what_the_backup_holds(db, tmp_path):
    with db.session() as s:
        visit = factories.visit(s, agenda="a")
        factories.visit(s, agenda="b")
        visits.set_note_section(s, visit.id, NoteKind.ISSUES, "予算の確保")
    copy = backup_database(db.path, tmp_path / "copy.sqlite3")
    plan = check_restore(copy, db.path)
    assert plan.summary.counts["visit"] == 2 and plan.summary.counts["note_section"] == 1
    assert plan.summary.newest_edit is not None and plan.summary.unsynced >= 3


def test_the_summary_counts_the_programme_years_records(db, tmp_path, capsys, data_dir):
    with db.session() as s:
        factories.training(s)
        factories.need(s)
    copy = backup_database(db.path, tmp_path / "copy.sqlite3")
    summary = check_restore(copy, db.path).summary
    assert summary.counts["training"] == 1 and summary.counts["need"] == 1
    db.close()
    assert main(["--data-dir", str(data_dir), "restore", str(copy), "--yes"]) != 0  # unsynced
    out = capsys.readouterr().out
    assert "研修 1件" in out and "ニーズ・要望 1件" in out


@pytest.mark.usefixtures("plain_stores")
def test_unsynced_edits_of_a_damaged_store_are_put_back(db, backup, tmp_path, capsys):
    with db.session() as s:
        visit = factories.visit(s, agenda="typed after the backup")
        visits.set_note_section(s, visit.id, NoteKind.ISSUES, "来年度の予算を確保する")
    db.close()
    # A derived table's root page is lost: the store fails its check, the records still read.
    stores.smash_table(db.path, "search_doc")
    plan = check_restore(backup, db.path)
    assert plan.live is None and plan.live_problem
    assert {c.table for c in plan.salvage.readable} >= {"visit", "note_section"}
    result = restore_database(backup, db.path, backup_folder=tmp_path / "backups", plan=plan)
    assert result.reapplied is not None and not result.reapplied.skipped
    assert _agendas(db.path) == ["in the backup", "typed after the backup"]
    assert result.salvage_file.exists() and "来年度の予算" in result.salvage_file.read_text("utf-8")
    reopened = open_database(db.path)
    with reopened.read_session() as s:
        pending = {(p.table_name, p.row_id) for p in s.query(PendingChange)}
        assert ("visit", visit.id) in pending  # the next sync sends it
        assert search(s, "予算")  # and the search index follows
    reopened.close()


@pytest.mark.usefixtures("plain_stores")
def test_commands_on_a_damaged_store_offer_the_ways_back(capsys, data_dir, db, backup):
    # The backup is in the data folder's backups/, where the offer looks.
    (data_dir / "backups").mkdir()
    backup.rename(data_dir / "backups" / "dxfield-daily-20250601-090000-000000.sqlite3")
    db.close()
    path = data_dir / "dxfield.sqlite3"
    stores.smash_page(path, 1)
    before = path.read_bytes()
    code = main(["--data-dir", str(data_dir), "visits"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "dxfield restore --latest" in err and "訪問・面談 1件" in err
    assert path.read_bytes() == before
    assert main(["--data-dir", str(data_dir), "restore", "--latest", "--yes"]) == 0
    assert _agendas(path) == ["in the backup"]


@pytest.mark.usefixtures("plain_stores")
def test_recover_fresh_keeps_the_server_and_the_unsynced_edits(capsys, data_dir, db):
    with db.session() as s:
        from dxfield.models import SyncState

        s.add(SyncState(key="server_url", value="https://dx.example.jp"))
        s.add(SyncState(key="server_user", value="sato"))
        factories.visit(s, agenda="never synced")
    db.close()
    stores.smash_table(db.path, "search_doc")
    assert main(["--data-dir", str(data_dir), "recover", "--fresh", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "https://dx.example.jp" in out and "未同期の変更 " in out
    fresh = open_database(db.path)
    with fresh.read_session() as s:
        state = {r.key: r.value for r in s.query(SyncState)}
        assert state["server_url"] == "https://dx.example.jp" and state["server_user"] == "sato"
    fresh.close()
    assert _agendas(db.path) == ["never synced"]


def test_master_data_is_there_after_a_fresh_start(data_dir, db):
    db.close()
    stores.garbage(db.path)
    assert main(["--data-dir", str(data_dir), "recover", "--fresh", "--yes"]) == 0
    reopened = open_database(db.path)
    with reopened.session() as s:
        ensure_master_data(s)
    reopened.close()
    with raw_connect(db.path) as raw:
        assert raw.execute("SELECT count(*) FROM municipality").fetchone()[0] == 30


def test_a_restore_or_recover_not_confirmed_stops_with_exit_code_2(db, backup, data_dir, capsys):
    """No terminal to confirm on and no --yes: refused like `assessment delete`."""
    db.close()
    assert main(["--data-dir", str(data_dir), "restore", str(backup)]) == 2
    assert "復元を中止しました" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "recover", "--fresh"]) == 2
    assert "中止しました" in capsys.readouterr().err
    assert _agendas(db.path) == ["in the backup"]


def test_the_schema_a_backup_is_checked_against_is_the_models():
    """``dxfield.migrations.head`` (read by the store check without SQLAlchemy) lists the
    tables and columns of ``dxfield.models`` at the newest revision."""
    from dxfield import migrations
    from dxfield.migrations import head
    from dxfield.models import Base

    models = {name: [c.name for c in t.columns] for name, t in Base.metadata.tables.items()}
    written = {name: columns.split() for name, columns in head.COLUMNS.items()}
    expected = "\n".join(f"{n}: {' '.join(c)}" for n, c in sorted(models.items()))
    assert (head.REVISION, written) == (migrations.HEAD, models), (
        f"update dxfield/migrations/head.py (REVISION {migrations.HEAD!r}):\n{expected}"
    )


def test_backups_in_the_old_default_folder_are_listed_and_restored(db, data_dir, capsys):
    """The backup folder was moved in the settings: the backups made before stay in the data
    folder's backups/; --list shows them (marked), --latest takes the newest of both."""
    from datetime import datetime

    from dxfield.backup import rotate_backup
    from dxfield.settings import load_settings, save_settings

    with db.session() as s:
        factories.visit(s, agenda="in the old folder")
    _synced(db)
    old = rotate_backup(db.path, data_dir / "backups", reason="daily", now=datetime(2026, 11, 1))
    moved = data_dir.parent / "usb-backups"
    save_settings(load_settings().with_changes(backup_dir=str(moved)))
    with db.session() as s:
        factories.visit(s, agenda="in the moved folder")
    _synced(db)
    new = rotate_backup(db.path, moved, reason="manual")
    db.close()
    cli = ["--data-dir", str(data_dir), "restore"]
    assert main([*cli, "--list"]) == 0
    out = capsys.readouterr().out
    assert f"以前のバックアップフォルダー {data_dir / 'backups'}" in out
    (new_line,) = [line for line in out.splitlines() if new.name in line]
    (old_line,) = [line for line in out.splitlines() if old.name in line]
    assert "以前のバックアップフォルダー" in old_line and "以前" not in new_line
    assert out.index(new.name) < out.index(old.name)  # newest first
    # The newest of both is the one in the old folder once it is the newer file.
    import os

    later = new.stat().st_mtime + 60
    os.utime(old, (later, later))
    assert main([*cli, "--latest", "--yes"]) == 0, capsys.readouterr().err
    assert _agendas(db.path) == ["in the old folder"]
    assert main([*cli, str(new), "--yes"]) == 0
    assert _agendas(db.path) == ["in the moved folder", "in the old folder"]
    assert main([*cli, str(old), "--yes"]) == 0
    assert _agendas(db.path) == ["in the old folder"]

"""Switching encryption on covers the store's copies too: plain backups (wherever the app
keeps them) are re-encrypted with their dates, and plain copies that cannot be (damaged
stores kept as they were, salvaged edits, what an interrupted run left) are overwritten and
removed only when the person agrees. Listing and restoring work for both kinds."""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime
from pathlib import Path

import pytest

from dxfield.backup import list_backups, rotate_backup, set_aside
from dxfield.cli import main
from dxfield.db import open_database
from dxfield.driver import is_encrypted
from dxfield.encryption import retired_for, staging_for
from dxfield.enums import NoteKind
from dxfield.masterdata import ensure_master_data
from dxfield.paths import database_path
from dxfield.recovery import good_backups
from dxfield.salvagefile import read_record
from dxfield.services.visits import set_note_section
from dxfield.settings import FieldSettings, save_settings
from dxfield.storecopies import STALE_AFTER_S, leftovers, plain_backups
from tests import factories
from tests.rawstore import raw_connect

SECRET = "町長の健康状態について非公開の申し送り"

# The temp folder the app looks in (handouts, a recovery's leftovers) is the test's own.
pytestmark = pytest.mark.usefixtures("temp_folder")


def _plain_store(data_dir, agenda="暗号化前の訪問"):
    save_settings(FieldSettings(store_encryption="off"))
    db = open_database(database_path(data_dir))
    with db.session() as s:
        ensure_master_data(s)
        visit = factories.visit(s, agenda=agenda)
        set_note_section(s, visit.id, NoteKind.MEMO, SECRET, internal=True)
    db.close()
    return database_path(data_dir)


def _agendas(path) -> list[str]:
    with raw_connect(path) as conn:
        return sorted(r[0] for r in conn.execute("SELECT agenda FROM visit WHERE NOT deleted"))


def _age(path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def _enable(data_dir, *extra) -> int:
    return main(["--data-dir", str(data_dir), "encryption", "enable", *extra])


def test_enable_reencrypts_every_plain_backup_with_its_date(data_dir, tmp_path, capsys):
    path = _plain_store(data_dir)
    default = data_dir / "backups"
    made = [
        rotate_backup(path, default, reason=reason, now=datetime(2026, 11, day, 9))
        for day, reason in ((1, "daily"), (2, "pre-0007"), (3, "pre-restore"))
    ]
    for n, backup in enumerate(made):  # oldest first, a day apart
        _age(backup, (len(made) - n) * 86400)
    # The backup folder moved since: the copies made before stay where they were.
    elsewhere = tmp_path / "usb-backups"
    save_settings(FieldSettings(store_encryption="off", backup_dir=str(elsewhere)))
    made.append(rotate_backup(path, elsewhere, reason="manual"))
    order = [p.name for f in (default, elsewhere) for p in list_backups(f)]
    dates = {p.name: p.stat().st_mtime_ns for p in made}
    assert all(not is_encrypted(p) and SECRET.encode() in p.read_bytes() for p in made)

    assert _enable(data_dir) == 0
    out = capsys.readouterr().out
    assert "バックアップ 4 件を暗号化し直しました" in out
    assert "保存先を指定して作成したバックアップ" in out  # what it does not cover, said
    for backup in made:
        assert is_encrypted(backup) and SECRET.encode() not in backup.read_bytes()
        assert backup.stat().st_mtime_ns == dates[backup.name]
        assert _agendas(backup) == ["暗号化前の訪問"]
        assert not retired_for(backup).exists() and not staging_for(backup).exists()
    assert [p.name for f in (default, elsewhere) for p in list_backups(f)] == order
    assert plain_backups(data_dir) == []
    # Listed and restored as before.
    listed, refused = good_backups(default)
    assert [s.path.name for s in listed] == order[:3] and refused == 0
    assert main(["--data-dir", str(data_dir), "restore", "--list"]) == 0
    assert made[3].name in capsys.readouterr().out  # the folder in effect
    code = main(
        ["--data-dir", str(data_dir), "restore", str(made[0]), "--yes", "--discard-unsynced"]
    )
    assert code == 0, capsys.readouterr().err
    assert is_encrypted(path) and _agendas(path) == ["暗号化前の訪問"]


def test_a_plain_store_encrypted_at_a_start_takes_its_backups_along(data_dir):
    """The first start of a version that encrypts, or the passphrase dialog's yes."""
    path = _plain_store(data_dir)
    old = rotate_backup(path, data_dir / "backups", reason="daily")
    save_settings(FieldSettings())
    open_database(path).close()
    assert is_encrypted(path) and is_encrypted(old)
    assert _agendas(old) == ["暗号化前の訪問"]


def test_an_encrypted_store_with_plain_backups_gets_them_reencrypted(data_dir, capsys):
    """A store encrypted by a version before this one left its backups plain: enable again
    finishes the job."""
    from dxfield.backup import copy_verified

    path = _plain_store(data_dir)
    save_settings(FieldSettings())
    open_database(path).close()
    (data_dir / "backups").mkdir(exist_ok=True)
    old = data_dir / "backups" / "dxfield-daily-20261101.sqlite3"
    copy_verified(path, old, key=None)  # as a version before this one left it
    assert is_encrypted(path) and not is_encrypted(old)
    assert main(["--data-dir", str(data_dir), "encryption", "status"]) == 0
    assert "暗号化されていないもの 1件" in capsys.readouterr().out
    assert _enable(data_dir) == 0
    assert "すでに暗号化されています" in capsys.readouterr().out
    assert is_encrypted(old) and _agendas(old) == ["暗号化前の訪問"]
    assert _enable(data_dir) == 0  # nothing left: says so
    assert "すべて暗号化されています" in capsys.readouterr().out


def _plain_leftovers(data_dir, path):
    backups = data_dir / "backups"
    damaged = set_aside(path, backups)  # a damaged store kept as it was (here: intact bytes)
    # The salvaged edits as a version before this one kept them, for any editor; and a
    # record cut off while it was written (no longer a record: it cannot be re-encrypted).
    damaged.with_suffix(".json").write_text('{"changes": ["' + SECRET + '"]}', "utf-8")
    (backups / "damaged" / "dxfield-damaged-1.json").write_text('{"changes": ["' + SECRET)
    cut = backups / "dxfield-daily-20261101-000000-000000.sqlite3.part"
    cut.write_bytes(path.read_bytes()[:4096])
    _age(cut, STALE_AFTER_S + 60)
    fresh = backups / "dxfield-manual-20261206-000000-000000.sqlite3.part"
    fresh.write_bytes(b"being written right now")  # young: may belong to a run still going
    broken = backups / "dxfield-daily-20261102-000000-000000.sqlite3"
    broken.write_bytes(path.read_bytes()[:100] + bytes(8092))
    return damaged, cut, fresh, broken


def test_plain_copies_that_cannot_be_reencrypted_are_removed_only_with_consent(
    data_dir, capsys, monkeypatch
):
    path = _plain_store(data_dir)
    damaged, cut, fresh, broken = _plain_leftovers(data_dir, path)
    salvage = damaged.with_suffix(".json")
    cut_record = damaged.parent / "dxfield-damaged-1.json"
    offered = {c.path for c in leftovers(data_dir)}
    assert offered == {damaged, salvage, cut_record, cut}
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)  # no one to ask: nothing removed
    assert _enable(data_dir) == 0
    out = capsys.readouterr().out
    assert "次の 4 件は暗号化されていません" in out
    for line in ("元のまま保管したデータファイル", "未同期の変更", "作業用ファイル"):
        assert line in out
    assert "暗号化し直せなかったバックアップ" in out and broken.name in out
    assert "たずねる端末がないため、削除しませんでした" in out and "SSD" in out
    # The salvaged edits are re-encrypted with the store's key, the plain text removed.
    assert "未同期の変更の記録 1 件を暗号化し直しました" in out
    record = salvage.with_suffix(".salvage")
    assert not salvage.exists() and SECRET.encode() not in record.read_bytes()
    assert read_record(record) == {"changes": [SECRET]}
    assert all(p.exists() for p in (damaged, cut_record, cut, fresh, broken))
    assert is_encrypted(path)

    assert _enable(data_dir, "--remove-plain") == 0
    assert "4 件を上書きして削除しました" in capsys.readouterr().out
    assert not any(p.exists() for p in (damaged, cut_record, cut, broken))
    assert fresh.exists() and read_record(record) == {"changes": [SECRET]}
    assert leftovers(data_dir) == []


def test_a_copy_with_another_name_is_unlinked_not_overwritten(data_dir):
    """A damaged store set aside while it is still in place (a run cut off before the swap)
    is a hard link to the store itself: removing the copy must not zero the store."""
    from dxfield.storecopies import remove_copies

    path = _plain_store(data_dir)
    kept = set_aside(path, data_dir / "backups")
    assert os.path.samefile(kept, path)
    (copy,) = [c for c in leftovers(data_dir) if c.path == kept]
    remove_copies([copy])
    assert not kept.exists() and _agendas(path) == ["暗号化前の訪問"]


@pytest.mark.parametrize("prefix", ["dxfield-recover-", "dxfield-staging-"])
def test_temporary_folders_of_an_interrupted_run_are_offered(data_dir, tmp_path, prefix):
    import tempfile

    path = _plain_store(data_dir)
    folder = tempfile.mkdtemp(prefix=prefix)
    try:
        rebuilt = f"{folder}/pages.sqlite3"
        with open(rebuilt, "wb") as fh:
            fh.write(path.read_bytes())
        assert not any(c.path.name.startswith(prefix) for c in leftovers(data_dir))  # young
        _age(Path(folder), STALE_AFTER_S + 60)
        assert any(str(c.path) == folder for c in leftovers(data_dir))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_removal_cut_short_is_finished_by_the_next_run_without_asking(data_dir):
    """Overwriting starts with the header: a file whose removal was cut off no longer looks
    plain yet holds plain pages. Renamed before it is overwritten, it is found again."""
    import tempfile

    from dxfield import storekey
    from dxfield.storecopies import bring_in_line, remove_copies

    path = _plain_store(data_dir)
    damaged = set_aside(path, data_dir / "backups")
    os.unlink(damaged)
    shutil.copy2(path, damaged)  # a copy of its own (set aside when the store was moved away)
    (copy,) = leftovers(data_dir)
    remove_copies([copy])
    assert not damaged.exists() and list(damaged.parent.iterdir()) == []
    # As a kill after the rename, part-way through the overwrite, leaves it:
    half = damaged.with_name(f".{damaged.name}.scrub")
    half.write_bytes(bytes(4096) + path.read_bytes()[4096:])
    folder = Path(tempfile.mkdtemp(prefix="dxfield-scrub-"))
    (folder / "pages.sqlite3").write_bytes(path.read_bytes())
    save_settings(FieldSettings())
    report = bring_in_line(data_dir, storekey.key_for_new_store())
    assert report.done and not half.exists() and not folder.exists()


def test_old_handouts_written_to_print_are_offered_young_ones_are_not(data_dir):
    from dxfield.paths import handout_dir
    from dxfield.storecopies import HANDOUT, remove_copies

    _plain_store(data_dir)
    handout_dir().mkdir()
    old, young = handout_dir() / "面談記録_3件.pdf", handout_dir() / "面談記録_1件.pdf"
    for pdf in (old, young):
        pdf.write_bytes(b"%PDF-1.4 " + SECRET.encode())
    _age(old, STALE_AFTER_S + 60)
    offered = [c for c in leftovers(data_dir) if c.kind == HANDOUT]
    assert [c.path for c in offered] == [old]  # the other may still be open in a viewer
    assert "印刷・プレビューのために作成した配布資料" in offered[0].describe()
    remove_copies(offered)
    assert not old.exists() and young.exists()

"""The record of the unsynced edits a recovery read out of a damaged store is protected like
the store: encrypted with its key when the store is encrypted (JSON only for a plain store),
written whole before anything is replaced, and read back in Japanese with the key."""

from __future__ import annotations

import json

import pytest

from dxfield import storekey
from dxfield.backup import backup_database
from dxfield.driver import is_encrypted
from dxfield.enums import NoteKind
from dxfield.errors import StoreKeyError
from dxfield.models import PendingChange
from dxfield.recovery import fresh_store
from dxfield.restore import check_restore, restore_database
from dxfield.salvage import Salvage, read_salvage
from dxfield.salvagefile import read_record, write_record
from dxfield.services import visits
from dxfield.storekey import StoreKey
from tests import factories
from tests.io import stores
from ui.main import main

SECRET = "町長の健康状態について非公開の申し送り"


@pytest.fixture
def damaged(db, tmp_path):
    """An encrypted store with an unsynced note that fails its check, and a good backup."""
    with db.session() as s:
        factories.visit(s, agenda="in the backup")
        s.query(PendingChange).delete()
    backup = backup_database(db.path, tmp_path / "good.sqlite3")
    with db.session() as s:
        visit = factories.visit(s, agenda="typed after the backup")
        visits.set_note_section(s, visit.id, NoteKind.ISSUES, SECRET)
    db.close()
    stores.drop_table(db.path, "import_batch")
    return backup


def _salvaged_agendas(document) -> set[str]:
    salvage = Salvage.from_json(document)
    return {c.record["agenda"] for c in salvage.readable if c.table == "visit"}


def test_a_restore_keeps_the_salvaged_edits_encrypted_and_readable(db, damaged, data_dir):
    folder = data_dir / "backups"
    assert is_encrypted(db.path)
    plan = check_restore(damaged, db.path)
    assert plan.live is None and plan.salvage.readable
    result = restore_database(damaged, db.path, backup_folder=folder, plan=plan)
    record = result.salvage_file
    assert record.suffix == ".salvage" and record.parent == result.safety.parent
    assert is_encrypted(record) and SECRET.encode() not in record.read_bytes()
    assert not list(record.parent.glob("*.json")) and not list(record.parent.glob("*.part"))
    document = read_record(record)
    assert _salvaged_agendas(document) == {"typed after the backup"}
    notes = [
        c.record["body"] for c in Salvage.from_json(document).readable if c.table == "note_section"
    ]
    assert notes == [SECRET]


def test_a_fresh_start_keeps_them_encrypted_too(db, damaged, data_dir):
    result = fresh_store(db.path, data_dir / "backups", read_salvage(db.path))
    assert result.salvage_file.suffix == ".salvage" and is_encrypted(result.salvage_file)
    assert _salvaged_agendas(read_record(result.salvage_file)) == {"typed after the backup"}


def test_the_command_line_shows_the_record_in_japanese(db, damaged, data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "recover", "--fresh", "--yes", "--json"]) == 2
    assert "--key と --json は --show と一緒に使います" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "recover", "--fresh", "--yes"]) == 0
    assert "dxfield recover --show で表示" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "recover", "--show"]) == 0
    out = capsys.readouterr().out
    assert "未同期の変更の記録" in out and "読み出せた未同期の変更: 2件" in out
    assert "訪問・面談（新規）" in out and "typed after the backup" in out
    assert main(["--data-dir", str(data_dir), "recover", "--show", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert _salvaged_agendas(document) == {"typed after the backup"}


def test_a_record_opens_only_with_its_key(tmp_path, data_dir, capsys):
    record = tmp_path / "dxfield-damaged-1.salvage"
    key = StoreKey("別の端末の合言葉", raw=False)
    write_record({"source": "x", "changes": [], "note": SECRET}, record, key)
    assert SECRET.encode() not in record.read_bytes()
    storekey.forget()
    with pytest.raises(StoreKeyError):
        read_record(record)
    args = ["--data-dir", str(data_dir), "recover", "--show", str(record)]
    assert main(args) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert main([*args, "--json", "--key", key.secret]) == 0
    assert json.loads(capsys.readouterr().out)["note"] == SECRET


@pytest.mark.usefixtures("plain_stores")
def test_a_plain_store_keeps_json(db, damaged, data_dir):
    assert not is_encrypted(db.path)
    result = fresh_store(db.path, data_dir / "backups", read_salvage(db.path))
    assert result.salvage_file.suffix == ".json"
    assert "typed after the backup" in result.salvage_file.read_text("utf-8")


def test_a_record_cut_off_while_written_replaces_nothing(tmp_path, monkeypatch):
    from dxfield import salvagefile

    dest = tmp_path / "kept.salvage"
    key = StoreKey("a" * 64)
    write_record({"changes": ["first"]}, dest, key)

    def cut_off(path, text, key):
        path.write_bytes(b"half a record")
        raise OSError("disk full")

    monkeypatch.setattr(salvagefile, "_write_encrypted", cut_off)
    with pytest.raises(OSError):
        write_record({"changes": ["second"]}, dest, key)
    assert read_record(dest, key) == {"changes": ["first"]}
    assert not list(tmp_path.glob("*.part"))


def test_a_reencryption_cut_off_is_finished_by_the_next_run(db, data_dir):
    """A plain record re-encrypted (``storecopies``) by a run that was cut off: after the
    encrypted copy was written, or while the JSON was being overwritten."""
    from dxfield.storecopies import CopiesReport, reencrypt_backups

    damaged = data_dir / "backups" / "damaged"
    damaged.mkdir(parents=True)
    document = {"source": "x", "changes": [], "note": SECRET}
    record = damaged / "dxfield-damaged-1.json"
    record.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    write_record(document, record.with_suffix(".salvage"), db.key)
    doomed = damaged / ".dxfield-damaged-2.json.scrub"
    doomed.write_text(SECRET, "utf-8")
    report = CopiesReport()
    reencrypt_backups(data_dir, db.key, report)
    assert report.salvage_reencrypted == [record] and not record.exists()
    assert not doomed.exists()
    assert read_record(record.with_suffix(".salvage")) == document
    assert [p.name for p in damaged.iterdir()] == ["dxfield-damaged-1.salvage"]

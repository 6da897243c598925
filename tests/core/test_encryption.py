"""The store and its backups encrypted at rest (SQLCipher, key in the keyring or from a
passphrase): what a finder of the laptop or the USB stick reads, wrong keys, the switch of
an existing plain store, and the ``dxfield encryption`` command."""

from __future__ import annotations

import hashlib

import keyring
import keyring.backends.fail
import pytest

from dxfield import storekey
from dxfield.backup import backup_database
from dxfield.cli import main
from dxfield.db import open_database
from dxfield.driver import is_encrypted
from dxfield.encryption import retired_for, staging_for
from dxfield.enums import NoteKind
from dxfield.errors import StoreKeyError, StoreKeyUnavailableError
from dxfield.masterdata import ensure_master_data
from dxfield.paths import database_path
from dxfield.services.visits import set_note_section
from dxfield.settings import FieldSettings, load_settings, save_settings
from tests import factories
from tests.rawstore import raw_connect

# What must never be readable in the files: a note, in UTF-8 as SQLite stores it.
SECRET = "町長の健康状態について非公開の申し送り"


def _fill(db) -> str:
    with db.session() as s:
        visit = factories.visit(s, agenda="暗号化の確認")
        set_note_section(s, visit.id, NoteKind.MEMO, SECRET, internal=True)
    return visit.id


def _bytes_of(path) -> bytes:
    found = b""
    for name in (path, path.with_name(path.name + "-wal")):
        if name.exists():
            found += name.read_bytes()
    return found


def _fingerprint(path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.parent.iterdir())
        if p.is_file()
    }


def test_a_new_store_its_wal_and_its_backups_hold_no_readable_note(db, tmp_path):
    _fill(db)
    with db.engine.connect() as conn:  # the note is in the WAL, not yet in the file
        wal = db.path.with_name(db.path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0
    assert is_encrypted(db.path)
    backup = backup_database(db.path, tmp_path / "copy.sqlite3")
    marker = SECRET.encode("utf-8")
    for raw in (_bytes_of(db.path), backup.read_bytes()):
        assert marker not in raw
        assert "暗号化の確認".encode() not in raw
    assert is_encrypted(backup)
    with raw_connect(backup) as conn:  # and the backup opens with the store's key
        assert conn.execute("SELECT body FROM note_section").fetchone()[0] == SECRET
    assert db.key is not None and db.key.raw


def test_a_wrong_key_is_refused_in_japanese_and_changes_nothing(data_dir, capsys):
    db = open_database(database_path(data_dir))
    with db.session() as s:
        ensure_master_data(s)
    _fill(db)
    db.close()
    before = _fingerprint(database_path(data_dir))
    keyring.set_password(storekey.SERVICE, storekey.ACCOUNT, "ab" * 32)
    storekey.forget()
    with pytest.raises(StoreKeyError):
        open_database(database_path(data_dir))
    code = main(["--data-dir", str(data_dir), "visits"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "鍵" in err and "何も変更していません" in err
    assert _fingerprint(database_path(data_dir)) == before


def test_a_missing_key_is_refused_and_changes_nothing(data_dir, capsys):
    """(Recovery is offered, as for a damaged first page: it keeps the file as it is.)"""
    open_database(database_path(data_dir)).close()
    before = _fingerprint(database_path(data_dir))
    storekey.delete_keyring_key()
    storekey.forget()
    with pytest.raises(StoreKeyError, match="no key"):
        open_database(database_path(data_dir))
    code = main(["--data-dir", str(data_dir), "visits"])
    err = capsys.readouterr().err
    assert code == 2 and "鍵" in err and "Traceback" not in err
    assert "この端末にはその鍵がありません" in err and "encrypted" not in err
    # How to give the key comes before the recoveries, and "nothing changed" is said once.
    assert err.index("DXFIELD_PASSPHRASE") < err.index("recover --fresh")
    assert err.split("\n", 1)[0].count("何も変更していません") == 1
    assert _fingerprint(database_path(data_dir)) == before


def test_a_new_store_without_keyring_or_passphrase_is_refused(data_dir, capsys):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(StoreKeyUnavailableError):
        open_database(database_path(data_dir))
    code = main(["--data-dir", str(data_dir), "visits"])
    err = capsys.readouterr().err
    assert code == 2 and "キーリング" in err
    # The title and its detail both in Japanese: no English sentence after the title.
    assert "何も変更していません: データファイルの鍵を保管できるキーリングがなく" in err
    assert "passphrase" not in err and "keyring" not in err
    assert not database_path(data_dir).exists()


def test_demo_data_without_keyring_or_terminal_stays_plain_and_says_so(
    data_dir, capsys, monkeypatch
):
    """The README's first command on a machine with no keyring and no terminal: the demo's
    fictional data is written plain (with a notice) rather than refused; real stores are not."""
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code = main(["--data-dir", str(data_dir), "demo", "--today", "2026-11-20"])
    err = capsys.readouterr().err
    assert code == 0 and "暗号化していません" in err and "Traceback" not in err
    assert not is_encrypted(database_path(data_dir))
    # Running it again on the plain store changes nothing and says nothing more.
    assert main(["--data-dir", str(data_dir), "demo", "--today", "2026-11-20"]) == 0
    assert "暗号化していません" not in capsys.readouterr().err


def test_demo_data_is_encrypted_where_a_keyring_keeps_the_key(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "demo", "--today", "2026-11-20"]) == 0
    assert "暗号化していません" not in capsys.readouterr().err
    assert is_encrypted(database_path(data_dir))


def test_without_a_keyring_a_passphrase_encrypts_the_store(data_dir):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    asked = []
    storekey.set_passphrase_prompt(lambda new: asked.append(new) or "ながい合言葉 42")
    db = open_database(database_path(data_dir))
    with db.session() as s:
        ensure_master_data(s)
    _fill(db)
    db.close()
    assert asked == [True] and db.key is not None and not db.key.raw
    assert SECRET.encode() not in _bytes_of(database_path(data_dir))
    storekey.forget()
    open_database(database_path(data_dir)).close()
    assert asked == [True, False]
    storekey.forget()
    storekey.set_passphrase_prompt(lambda new: "違う合言葉")
    with pytest.raises(StoreKeyError):
        open_database(database_path(data_dir))


def _plain_store(data_dir):
    save_settings(FieldSettings(store_encryption="off"))
    db = open_database(database_path(data_dir))
    with db.session() as s:
        ensure_master_data(s)
    visit_id = _fill(db)
    db.close()
    save_settings(FieldSettings())
    assert not is_encrypted(database_path(data_dir))
    assert SECRET.encode() in _bytes_of(database_path(data_dir))
    return visit_id


def _counts(path) -> dict[str, int]:
    from dxfield.backup import table_counts

    with raw_connect(path) as conn:
        return table_counts(conn)


def test_a_plain_store_is_encrypted_at_the_first_start_and_nothing_is_lost(data_dir):
    _plain_store(data_dir)
    path = database_path(data_dir)
    before = _counts(path)
    db = open_database(path)
    with db.read_session() as s:
        from dxfield.models import NoteSection

        assert [n.body for n in s.query(NoteSection)] == [SECRET]
    db.close()
    assert is_encrypted(path)
    assert _counts(path) == before
    assert SECRET.encode() not in _bytes_of(path)
    leftovers = [retired_for(path), staging_for(path)]
    assert not any(p.exists() for p in leftovers)


def test_encryption_command_switches_both_ways(data_dir, capsys):
    _plain_store(data_dir)
    path = database_path(data_dir)
    before = _counts(path)
    save_settings(FieldSettings(store_encryption="off"))
    assert main(["--data-dir", str(data_dir), "encryption", "status"]) == 0
    assert "暗号化されていません" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "encryption", "enable"]) == 0
    assert is_encrypted(path) and _counts(path) == before
    assert load_settings().store_encryption == ""
    assert main(["--data-dir", str(data_dir), "encryption", "status"]) == 0
    assert "暗号化されています" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "encryption", "disable"]) == 0
    assert not is_encrypted(path) and _counts(path) == before
    # Switched off, the next start leaves it plain.
    open_database(path).close()
    assert not is_encrypted(path)


def test_a_store_in_use_is_not_converted(data_dir, capsys):
    _plain_store(data_dir)
    save_settings(FieldSettings(store_encryption="off"))
    path = database_path(data_dir)
    holder = open_database(path)
    try:
        with holder.read_session() as s:
            s.execute(__import__("sqlalchemy").text("SELECT 1"))
            code = main(["--data-dir", str(data_dir), "encryption", "enable"])
    finally:
        holder.close()
    assert code == 2 and "Traceback" not in capsys.readouterr().err
    assert not is_encrypted(path)
    assert not staging_for(path).exists()


def _agendas(path) -> list[str]:
    with raw_connect(path) as conn:
        return sorted(r[0] for r in conn.execute("SELECT agenda FROM visit WHERE NOT deleted"))


def test_an_old_plain_backup_restores_into_the_encrypted_store(data_dir, tmp_path, capsys):
    _plain_store(data_dir)
    path = database_path(data_dir)
    old = tmp_path / "old-plain.sqlite3"
    import shutil

    shutil.copy2(path, old)
    open_database(path).close()  # the first start encrypts the store
    assert is_encrypted(path) and not is_encrypted(old)
    code = main(["--data-dir", str(data_dir), "restore", str(old), "--yes", "--discard-unsynced"])
    assert code == 0, capsys.readouterr().err
    assert is_encrypted(path) and SECRET.encode() not in _bytes_of(path)
    assert _agendas(path) == ["暗号化の確認"]


def test_a_backup_from_another_laptop_restores_with_its_exported_key(data_dir, tmp_path, capsys):
    db = open_database(database_path(data_dir))
    with db.session() as s:
        ensure_master_data(s)
    _fill(db)
    db.close()
    sheet = tmp_path / "sheet.pdf"
    assert main(["--data-dir", str(data_dir), "backup", "--export-key", "--sheet", str(sheet)]) == 0
    printed = capsys.readouterr().out
    exported = next(line for line in printed.splitlines() if line.count("-") == 7)
    assert exported.replace("-", "").lower() == storekey.keyring_key().secret
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert exported in "".join(text.split()) and "復旧用シート" in text
    backup = backup_database(database_path(data_dir), tmp_path / "from-old-laptop.sqlite3")
    # The new laptop: another keyring, another key, an empty data folder.
    storekey.delete_keyring_key()
    storekey.forget()
    new_data = tmp_path / "new-laptop"
    code = main(["--data-dir", str(new_data), "restore", str(backup), "--yes"])
    assert code == 2 and "鍵" in capsys.readouterr().err
    storekey.forget()
    code = main(["--data-dir", str(new_data), "restore", str(backup), "--yes", "--key", exported])
    assert code == 0, capsys.readouterr().err
    restored = database_path(new_data)
    new_key = storekey.keyring_key()
    assert new_key is not None and new_key.text != exported  # re-encrypted with this laptop's
    storekey.forget()
    assert _agendas(restored) == ["暗号化の確認"]

"""The passphrase where there is no keyring, as the person reads it: what it is for (a new
store, a plain store to encrypt, an encrypted one to open), what Cancel does, what a
forgotten one costs; a typo in the confirmation asks again; a missing or wrong passphrase
at start is not called damage."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox

from dxfield import storekey
from dxfield.driver import is_encrypted
from dxfield.messages import msg
from ui.dialogs import Passphrase


@pytest.fixture
def answers(monkeypatch):
    """QInputDialog.getText answering from a list, recording what each one said."""
    shown: list[str] = []
    given: list[tuple[str, bool]] = []

    def get_text(parent, title, label, *args, **kwargs):
        shown.append(label)
        return given.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return shown, given


def test_a_new_store_says_a_forgotten_passphrase_locks_it_and_cancel_creates_nothing(answers):
    shown, given = answers
    given += [("", False)]
    assert Passphrase.ask(None, True) is None
    assert "作成します" in shown[0] and "データファイルは作成しません" in shown[0]
    assert "忘れると、データファイルもバックアップも開けなくなります" in shown[0]
    assert "暗号化しないまま" not in shown[0]


def test_a_plain_store_says_it_is_not_encrypted_and_cancel_keeps_it_so(answers):
    shown, given = answers
    given += [("", False)]
    with storekey.converting_plain_store():
        assert Passphrase.ask(None, True) is None
    assert "このデータファイルは暗号化されていません" in shown[0]
    assert "暗号化しないまま開きます（次回の起動時にまたたずねます）" in shown[0]
    assert not storekey.asked_to_convert()


def test_opening_asks_for_the_passphrase_only(answers):
    shown, given = answers
    given += [("合言葉", True)]
    assert Passphrase.ask(None, False) == "合言葉"
    assert "暗号化されています" in shown[0] and "新しい" not in shown[0]


def test_a_confirmation_typo_asks_again(answers, monkeypatch):
    shown, given = answers
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: warned.append(a[2])))
    given += [("合言葉 1", True), ("合言葉 l", True), ("合言葉 1", True), ("合言葉 1", True)]
    assert Passphrase.ask(None, True) == "合言葉 1"
    assert len(shown) == 4 and warned == ["パスフレーズが一致しません。もう一度入力してください。"]


def test_a_plain_store_in_the_window_stays_plain_on_cancel_and_is_encrypted_on_a_passphrase(
    qtbot, monkeypatch, data_dir
):
    """The demo written plain where there was no keyring and no terminal, then opened in the
    window: Cancel opens it plain (as the dialog said), a passphrase encrypts it."""
    import keyring
    import keyring.backends.fail

    from dxfield.db import open_database
    from dxfield.masterdata import ensure_master_data
    from dxfield.settings import FieldSettings, save_settings

    save_settings(FieldSettings(store_encryption="off"))
    db = open_database(data_dir / "dxfield.sqlite3")
    with db.session() as s:
        ensure_master_data(s)
    db.close()
    save_settings(FieldSettings())
    keyring.set_keyring(keyring.backends.fail.Keyring())
    for answer in (None, "合言葉 2026"):
        hints: list[bool] = []
        assert _start(qtbot, monkeypatch, data_dir, answer, hints) == [(True, True)]
        assert is_encrypted(data_dir / "dxfield.sqlite3") == (answer is not None)
        # Cancelled: the status bar says the store is plain, until it is encrypted.
        assert hints == [answer is None]


def _start(qtbot, monkeypatch, data_dir, answer, hints=None) -> list[tuple[bool, bool]]:
    """The window started once, the passphrase dialog answering ``answer``: what was asked
    (new, to encrypt a plain store). ``hints``: gets whether the status bar's hint that the
    store is plain was shown."""
    from ui.app import launch
    from ui.main import DeferredContext

    asked = []

    def ask(cls, parent, new):
        asked.append((new, storekey.asked_to_convert()))
        return answer

    monkeypatch.setattr(Passphrase, "ask", classmethod(ask))
    storekey.forget()
    started = launch(DeferredContext(str(data_dir)))
    qtbot.addWidget(started.window)
    try:
        qtbot.waitUntil(lambda: started.ops is not None, timeout=30000)
        if hints is not None:
            from ui.store_hint import PlainStoreHint

            found = started.window.findChild
            qtbot.waitUntil(
                lambda: getattr(found(PlainStoreHint), "plain", None) is not None, timeout=30000
            )
            hints.append(found(PlainStoreHint).isVisibleTo(started.window))
    finally:
        started.shutdown()
    return asked


def test_a_missing_passphrase_at_start_is_not_called_damage(qtbot, tmp_path):
    from dxfield.recovery import Diagnosis
    from dxfield.salvage import Salvage
    from ui.recovery import RecoveryDialog

    database = tmp_path / "dxfield.sqlite3"

    def intro(said):
        diagnosis = Diagnosis(
            database, tmp_path / "backups", str(said), Salvage(database, method="none"), said=said
        )
        dialog = RecoveryDialog(None, diagnosis, logged_in=False)
        qtbot.addWidget(dialog)
        return dialog.findChildren(QLabel)[0].text()

    keyless = intro(msg("store_key.no_key", name=database.name))
    assert "暗号化されていますが、鍵またはパスフレーズがないため" in keyless
    assert "もう一度起動して入力" in keyless and "壊れているか、dxfield" not in keyless
    damaged = intro(msg("store.corrupt", where="", where_en=""))
    assert "壊れているか、dxfield のデータではないため開けません" in damaged

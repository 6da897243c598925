"""A plain store where encryption is expected says so in the status bar, quietly and for as
long as it stays plain: 「暗号化されていません」 with a tooltip saying how to encrypt."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt

from dxfield.driver import is_encrypted
from dxfield.settings import FieldSettings, save_settings
from tests.ui.conftest import wait_idle
from ui.store_hint import PlainStoreHint


def _hint(qtbot, ops) -> PlainStoreHint:
    hint = PlainStoreHint(ops)
    qtbot.addWidget(hint)
    hint.show()  # as in the status bar: shown with its window, then as the answer says
    qtbot.waitUntil(lambda: hint.plain is not None)
    return hint


def test_an_encrypted_store_shows_nothing(qtbot, ops):
    assert is_encrypted(ops.db.path)
    hint = _hint(qtbot, ops)
    assert hint.plain is False and hint.isHidden()


@pytest.mark.usefixtures("plain_stores")
def test_a_plain_store_says_so_until_it_is_encrypted(qtbot, ops):
    from dxfield.encryption import encrypt_store

    save_settings(FieldSettings())  # encryption expected; the store was made plain
    assert not is_encrypted(ops.db.path)
    hint = _hint(qtbot, ops)
    assert hint.plain is True and not hint.isHidden()
    assert hint.text() == "暗号化されていません"
    assert "dxfield encryption enable" in hint.toolTip() and "パスフレーズ" in hint.toolTip()
    # Encrypted (as the next start does after a passphrase), then the store reopened.
    path = ops.db.path
    ops.exclusive(lambda: (ops.db.close(), encrypt_store(path)))
    wait_idle(qtbot, ops)
    ops.reopen()
    qtbot.waitUntil(lambda: hint.plain is False, timeout=10000)
    assert hint.isHidden() and is_encrypted(path)


@pytest.mark.usefixtures("plain_stores")
def test_a_store_left_plain_on_purpose_shows_nothing(qtbot, ops):
    """``dxfield encryption disable`` (the setting says off): no hint, also when the setting
    changes while the app is in the background."""
    save_settings(FieldSettings())
    hint = _hint(qtbot, ops)
    assert hint.plain is True
    save_settings(FieldSettings(store_encryption="off"))
    hint._on_application_state(Qt.ApplicationState.ApplicationActive)
    qtbot.waitUntil(lambda: hint.plain is False)
    assert hint.isHidden()

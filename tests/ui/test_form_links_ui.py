"""Making a web-form link from a municipality's page: made on the server, shown once, QR."""

from __future__ import annotations

import pytest
import requests

from dxfield.masterdata import municipality_id
from tests.sync import conftest as sync_fixtures
from tests.sync.helpers import PASSWORD

from . import test_sync_controller

pytest.importorskip("pytestqt")

_fast_password_hashing = sync_fixtures._fast_password_hashing
memory_keyring = sync_fixtures.memory_keyring
server_db = sync_fixtures.server_db
server = sync_fixtures.server
controller = test_sync_controller.controller


def test_a_link_is_made_shown_once_and_saved_as_a_qr_page(
    qtbot, db, server, memory_keyring, controller, tmp_path, monkeypatch
):
    from ui.form_links import FormLinkDialog

    with qtbot.waitSignal(controller.status_changed, timeout=10000):
        controller.login(server.url, "advisor", PASSWORD)
    controller.wait()
    dialog = FormLinkDialog(controller, municipality_id("304018"), "白浜町", 2026)
    qtbot.addWidget(dialog)
    assert not dialog.save_qr.isEnabled()
    dialog.make.click()
    qtbot.waitUntil(lambda: "/f/" in dialog.url.text(), timeout=10000)
    page = requests.get(dialog.url.text(), timeout=30)
    assert page.status_code == 200 and "白浜町" in page.text
    target = tmp_path / "qr.pdf"
    monkeypatch.setattr(FormLinkDialog, "ask_path", classmethod(lambda cls, parent, name: target))
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save_qr.click()
    assert target.read_bytes().startswith(b"%PDF")


def test_without_a_login_the_dialog_says_so(qtbot, db, memory_keyring, controller):
    from ui.form_links import FormLinkDialog

    dialog = FormLinkDialog(controller, municipality_id("304018"), "白浜町", 2026)
    qtbot.addWidget(dialog)
    dialog.make.click()
    # The login is looked up off the UI thread: the answer comes back a moment later.
    qtbot.waitUntil(lambda: "ログイン" in dialog.message.text(), timeout=5000)
    assert dialog.make.isEnabled()


def test_a_training_survey_link_is_made_for_a_synced_training(
    qtbot, db, server, memory_keyring, controller
):
    from tests import factories
    from ui.form_links import FormLinkDialog

    with qtbot.waitSignal(controller.status_changed, timeout=10000):
        controller.login(server.url, "advisor", PASSWORD)
    controller.wait()
    with db.session() as s:
        training = factories.training(s, title="DX入門研修（紀北会場）")
        training_id = training.id
    with qtbot.waitSignal(controller.synced, timeout=20000):
        controller.start()
    dialog = FormLinkDialog(
        controller, None, "DX入門研修（紀北会場）", 2026, training_id=training_id
    )
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "survey"
    dialog.make.click()
    qtbot.waitUntil(lambda: "/f/" in dialog.url.text(), timeout=10000)
    page = requests.get(dialog.url.text(), timeout=30)
    assert page.status_code == 200 and "DX入門研修（紀北会場）" in page.text

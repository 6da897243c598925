"""The web-form link on a handout, from the app: made on a real server when the laptop is
logged in and the user asks for it, printed with its QR code; offline, the handout is still
made, without it."""

from __future__ import annotations

import pytest
import requests

from sync import credentials, state
from sync.client import SyncClient
from tests.reports import pdftext
from tests.sync import conftest as sync_fixtures
from tests.sync.helpers import PASSWORD
from ui import printing

from . import test_printing, test_sync_controller

pytest.importorskip("pytestqt")

_fast_password_hashing = sync_fixtures._fast_password_hashing
memory_keyring = sync_fixtures.memory_keyring
server_db = sync_fixtures.server_db
server = sync_fixtures.server
controller = test_sync_controller.controller
opened = test_printing.opened  # the handouts handed to the system viewer


@pytest.fixture
def choices(monkeypatch):
    """Answers the 「回答用リンクとQRコードを載せる」 dialog with the next queued choice and
    records what it was shown."""
    from ui.handout_link import HandoutLinkDialog

    queued, shown = [], []

    def ask(cls, parent, targets, *, checked, made=None, action=""):
        shown.append((targets, checked, made, action))
        return queued.pop(0)

    monkeypatch.setattr(HandoutLinkDialog, "ask", classmethod(ask))
    return queued, shown


def _printer(ops, controller, tmp_path):
    folder = tmp_path / "handouts"
    folder.mkdir(exist_ok=True)
    return printing.HandoutPrinter(ops, folder=folder, controller=controller)


def _log_in(qtbot, controller, url):
    with qtbot.waitSignal(controller.status_changed, timeout=10000):
        controller.login(url, "advisor", PASSWORD)
    controller.wait()


def test_a_logged_in_laptop_prints_the_intake_handout_with_a_new_link(
    qtbot, ops, world, server, memory_keyring, controller, opened, choices, tmp_path
):
    from dxfield.enums import ResponseKind
    from ui.handout_link import LinkChoice

    queued, shown = choices
    _log_in(qtbot, controller, server.url)
    printer = _printer(ops, controller, tmp_path)
    queued.append(LinkChoice(True, 30))
    with qtbot.waitSignal(printer.ready, timeout=20000) as ready:
        printer.preview(world.visit_done)  # 初回面談 of 和歌山市, 令和7年度
    [target], checked, made, action = shown[0]
    assert action == "プレビュー"
    assert (target.municipality, target.fiscal_year, target.kind) == (
        "和歌山市",
        2025,
        ResponseKind.BASELINE,
    )
    assert checked is False and made == {}  # unticked the first time: nothing is made unasked
    text = pdftext.compact(pdftext.text(ready.args[0].read_bytes()))
    assert "アセスメントシートのご回答（Webフォーム）" in text and "回答期限：令和" in text
    url = text[text.index("http://") :].split("回答期限")[0]
    page = requests.get(url, timeout=30)
    assert page.status_code == 200 and "和歌山市" in page.text

    # Printing it again offers the same link (the last choice ticked): no second link.
    queued.append(LinkChoice(True, 30))
    with qtbot.waitSignal(printer.ready, timeout=20000) as again:
        printer.print_handout(world.visit_done)
    assert shown[1][1] is True and shown[1][2][target.sheet].url == url
    assert shown[1][3] == "印刷"
    assert url in pdftext.compact(pdftext.text(again.args[0].read_bytes()))
    client = SyncClient(server.url, credentials.load_token(server.url), allow_http=True)
    try:
        assert len(client.invites()) == 1
    finally:
        client.close()
    assert opened == [ready.args[0], again.args[0]]


def test_unticked_or_not_asking_for_a_sheet_the_handout_has_no_link(
    qtbot, ops, world, server, memory_keyring, controller, opened, choices, tmp_path
):
    from ui.handout_link import LinkChoice

    queued, shown = choices
    _log_in(qtbot, controller, server.url)
    printer = _printer(ops, controller, tmp_path)
    queued.append(LinkChoice(False))
    with qtbot.waitSignal(printer.ready, timeout=20000) as ready:
        printer.preview(world.visit_done)
    assert "Webフォーム" not in pdftext.text(ready.args[0].read_bytes())
    # 全体相談 asks for no sheet: no question at all.
    with qtbot.waitSignal(printer.ready, timeout=20000) as ready:
        printer.preview(world.visit_this_week)
    assert len(shown) == 1 and "Webフォーム" not in pdftext.text(ready.args[0].read_bytes())
    # Cancel in the dialog: no handout.
    queued.append(None)
    with qtbot.waitSignal(printer.cancelled, timeout=20000):
        printer.preview(world.visit_done)
    assert len(opened) == 2


def test_without_a_login_nothing_is_asked(
    qtbot, ops, world, memory_keyring, controller, opened, choices, tmp_path
):
    printer = _printer(ops, controller, tmp_path)
    with qtbot.waitSignal(printer.ready, timeout=20000) as ready:
        printer.preview(world.visit_done)
    assert choices[1] == [] and opened == [ready.args[0]]


def offline(db, controller, monkeypatch, *, answers: list[bool]) -> list[str]:
    """A laptop logged in to a server that does not answer; ``LinkFailed`` is answered with
    ``answers`` in turn and the reasons it was shown are returned."""
    from ui.handout_link import LinkFailed

    dead = "http://127.0.0.1:9"  # nothing listens there
    with db.session() as s:
        state.put(s, state.SERVER_URL, dead)
        state.put(s, state.ALLOW_HTTP, "1")
    credentials.store_token(dead, "token")
    controller._client_factory = lambda url, token, allow_http: SyncClient(
        url, token, allow_http=allow_http, retries=0
    )
    reasons: list[str] = []

    def ask(cls, parent, reason):
        reasons.append(reason)
        return answers.pop(0)

    monkeypatch.setattr(LinkFailed, "ask", classmethod(ask))
    return reasons


def test_offline_the_handout_is_made_without_the_link_if_the_user_agrees(
    qtbot, ops, db, world, memory_keyring, controller, opened, choices, tmp_path, monkeypatch
):
    from ui.handout_link import LinkChoice

    reasons = offline(db, controller, monkeypatch, answers=[True, False])
    queued, _shown = choices
    printer = _printer(ops, controller, tmp_path)
    queued.append(LinkChoice(True))
    with qtbot.waitSignal(printer.ready, timeout=20000) as ready:
        printer.print_handout(world.visit_done)
    assert len(reasons) == 1
    assert reasons[0].startswith("サーバーに接続できません（オフラインの可能性があります）")
    text = pdftext.text(ready.args[0].read_bytes())
    assert "面談記録" in text and "Webフォーム" not in text
    # 「いいえ」: nothing is made.
    queued.append(LinkChoice(True))
    with qtbot.waitSignal(printer.cancelled, timeout=20000):
        printer.print_handout(world.visit_done)
    assert opened == [ready.args[0]]


def test_the_dialog_offers_the_link_and_its_validity(qtbot, world):
    from PySide6.QtWidgets import QDialogButtonBox

    from dxfield.enums import ResponseKind
    from dxfield.reports.data import FormLinkBlock, SheetLinkTarget
    from ui.handout_link import HandoutLinkDialog, LinkChoice

    target = SheetLinkTarget(world.wakayama, "和歌山市", 2025, ResponseKind.BASELINE)
    dialog = HandoutLinkDialog([target], checked=False, action="印刷")
    qtbot.addWidget(dialog)
    assert (
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).text()
        == "印刷"
    )
    assert dialog.with_link.text() == "回答用リンクとQRコードを載せる"
    assert not dialog.days.isEnabled()
    dialog.with_link.click()
    dialog.days.setValue(14)
    assert dialog.choice() == LinkChoice(True, 14)
    again = HandoutLinkDialog(
        [target], checked=True, made={target.sheet: FormLinkBlock("https://x/f/a", "令和7年7月1日")}
    )
    qtbot.addWidget(again)
    assert "令和7年7月1日" in again.note.text() and again.days.isHidden()

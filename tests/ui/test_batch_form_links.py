"""The web-form links on a day's handouts printed together (本日の配布資料を一括印刷): offered
once for the day's sheets, made on a real server in one request, each printed with its QR
code on the handouts that ask for that sheet; offline, everything is still printed, without
new links, after the reason is given."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import requests

from dxfield.enums import ResponseKind
from dxfield.models import Phase
from sync import credentials
from sync.client import SyncClient
from tests import factories
from tests.reports import pdftext
from tests.sync.helpers import PASSWORD
from tests.ui.conftest import wait_idle
from ui import printing

from . import test_handout_link, test_printing

pytest.importorskip("pytestqt")

_fast_password_hashing = test_handout_link._fast_password_hashing
memory_keyring = test_handout_link.memory_keyring
server_db = test_handout_link.server_db
server = test_handout_link.server
opened = test_printing.opened
choices = test_handout_link.choices

DAY = date(2025, 6, 18)  # the world's 全体相談 of 北山村 (no sheet) is on this day
SECTION = "アセスメントシートのご回答（Webフォーム）"


@pytest.fixture
def day_of_sheets(db, world):
    """On DAY besides the 全体相談: 和歌山市's アセスメントシート and 初回面談 (both the
    baseline sheet: one link) and 北山村's 評価面談 (its evaluation sheet)."""
    with db.session() as s:

        def at(hour, **kw):
            start = datetime(DAY.year, DAY.month, DAY.day, hour)
            return factories.visit(
                s, starts_at=start, ends_at=start.replace(hour=hour + 1), **kw
            ).id

        return {
            "sheet": at(8, phase=Phase.ASSESSMENT_SHEET),
            "intake": at(13, phase=Phase.INTAKE),
            "evaluation": at(15, phase=Phase.EVALUATION, municipality_id=world.kitayama),
        }


@pytest.fixture
def logged_in_window(qtbot, window, ops, server, memory_keyring, folder, monkeypatch):
    monkeypatch.setattr(printing, "handout_folder", lambda: folder)
    qtbot.waitUntil(lambda: getattr(window, "sync_controller", None) is not None, timeout=10000)
    controller = window.sync_controller
    with qtbot.waitSignal(controller.status_changed, timeout=10000):
        controller.login(server.url, "advisor", PASSWORD)
    controller.wait()
    wait_idle(qtbot, ops)
    return window


folder = test_printing.folder


def _count_round_trips(controller) -> list[SyncClient]:
    made = []
    factory = controller._client_factory

    def counting(url, token, allow_http):
        client = factory(url, token, allow_http)
        made.append(client)
        return client

    controller._client_factory = counting
    return made


def _urls(text: str) -> list[str]:
    """The links printed, in page order."""
    compact = pdftext.compact(text)
    return ["http://" + part.split("回答期限")[0] for part in compact.split("http://")[1:]]


def test_a_day_is_printed_with_one_link_per_sheet_made_in_one_request(
    qtbot, logged_in_window, world, day_of_sheets, opened, choices, server
):
    from ui.handout_link import LinkChoice

    window = logged_in_window
    controller = window.sync_controller
    clients = _count_round_trips(controller)
    queued, shown = choices
    queued.append(LinkChoice(True, 30))
    printing.print_day(window, DAY)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=30000)
    targets, checked, made, action = shown[0]
    # The sheets once each, in the day's order; the 全体相談 asks for none.
    assert [(t.municipality, t.fiscal_year, t.kind) for t in targets] == [
        ("和歌山市", 2025, ResponseKind.BASELINE),
        ("北山村", 2025, ResponseKind.EVALUATION),
    ]
    assert (checked, made, action) == (False, {}, "印刷")
    assert sum(c.round_trips for c in clients) == 1  # both links in one request
    pages = pdftext.pages_text(opened[0].read_bytes())
    text = "".join(pages)
    assert text.count("面談記録") >= 4 and pdftext.compact(text).count(SECTION) == 3
    sheet, intake, evaluation = _urls(text)
    assert sheet == intake != evaluation  # one link per sheet, on each handout asking for it
    for url, town in ((sheet, "和歌山市"), (evaluation, "北山村")):
        page = requests.get(url, timeout=30)
        assert page.status_code == 200 and town in page.text
    token = credentials.load_token(server.url)
    client = SyncClient(server.url, token, allow_http=True)
    try:
        assert len(client.invites()) == 2
    finally:
        client.close()

    # The day's links are this run's: one visit's handout prints its link again, and so
    # does the day printed again, without asking the server.
    queued.append(LinkChoice(True, 30))
    with qtbot.waitSignal(window.handout_printer.ready, timeout=20000) as ready:
        window.handout_printer.preview(day_of_sheets["intake"])
    assert shown[1][1] is True and shown[1][2][targets[0].sheet].url == sheet
    assert _urls(pdftext.text(ready.args[0].read_bytes())) == [sheet]
    queued.append(LinkChoice(True, 30))
    printing.print_day(window, DAY)
    qtbot.waitUntil(lambda: len(opened) == 3, timeout=30000)
    assert _urls(pdftext.text(opened[2].read_bytes())) == [sheet, sheet, evaluation]
    assert sum(c.round_trips for c in clients) == 1


def test_unticked_the_day_is_printed_without_links(
    qtbot, logged_in_window, day_of_sheets, opened, choices
):
    from ui.handout_link import LinkChoice

    queued, shown = choices
    queued.append(LinkChoice(False))
    printing.print_day(logged_in_window, DAY)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=30000)
    assert SECTION not in pdftext.compact(pdftext.text(opened[0].read_bytes()))
    # Cancelled in the question: nothing is printed.
    queued.append(None)
    printing.print_day(logged_in_window, DAY)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10000)
    wait_idle(qtbot, logged_in_window.ops)
    assert len(opened) == 1


def test_offline_the_whole_day_is_printed_without_links_after_saying_why(
    qtbot, window, db, ops, day_of_sheets, memory_keyring, opened, choices, folder, monkeypatch
):
    from ui.handout_link import LinkChoice

    monkeypatch.setattr(printing, "handout_folder", lambda: folder)
    qtbot.waitUntil(lambda: getattr(window, "sync_controller", None) is not None, timeout=10000)
    reasons = test_handout_link.offline(
        db, window.sync_controller, monkeypatch, answers=[True, False]
    )
    queued, _shown = choices
    queued.append(LinkChoice(True))
    printing.print_day(window, DAY)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=30000)
    assert reasons[0].startswith("サーバーに接続できません（オフラインの可能性があります）")
    text = pdftext.text(opened[0].read_bytes())
    assert opened[0].name == "面談記録_4件.pdf" and SECTION not in pdftext.compact(text)
    # 「いいえ」: nothing is printed.
    queued.append(LinkChoice(True))
    printing.print_day(window, DAY)
    qtbot.waitUntil(lambda: len(reasons) == 2, timeout=30000)
    wait_idle(qtbot, ops)
    assert len(opened) == 1


def test_the_question_names_each_sheet_and_what_was_made_before(qtbot, world):
    from dxfield.reports.data import FormLinkBlock, SheetLinkTarget
    from ui.handout_link import HandoutLinkDialog

    baseline = SheetLinkTarget(world.wakayama, "和歌山市", 2025, ResponseKind.BASELINE)
    evaluation = SheetLinkTarget(world.kitayama, "北山村", 2025, ResponseKind.EVALUATION)
    made = {baseline.sheet: FormLinkBlock("https://x/f/a", "令和7年7月1日")}
    dialog = HandoutLinkDialog([baseline, evaluation], checked=True, made=made, action="印刷")
    qtbot.addWidget(dialog)
    assert "1 件のアセスメントシート" in dialog.note.text()
    assert "ほかの 1 件は先ほど作成したリンク" in dialog.note.text()
    assert not dialog.days.isHidden()
    both = {**made, evaluation.sheet: FormLinkBlock("https://x/f/b", "令和7年7月1日")}
    again = HandoutLinkDialog([baseline, evaluation], checked=True, made=both)
    qtbot.addWidget(again)
    assert "先ほど作成したリンク（2 件）" in again.note.text() and again.days.isHidden()

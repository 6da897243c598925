"""The needs register in the desktop: the list and its filters, weighing, the view across
municipalities, the proposal versions, and promoting a line from the notes editor."""

from __future__ import annotations

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from dxfield.models import Need, NeedSource, NeedStatus, NoteKind
from dxfield.services import needs as need_service
from tests.needs_data import needs_world
from tests.ui.conftest import TODAY, assert_record_items_answer_as, wait_idle
from ui.models import NeedTableModel
from ui.need_form import NeedDialog


@pytest.fixture
def nworld(db):
    with db.session() as s:
        return needs_world(s)


@pytest.fixture
def nwindow(qtbot, ops, settings, nworld):
    from ui.mainwindow import MainWindow

    win = MainWindow(ops, settings, today=TODAY)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    wait_idle(qtbot, ops)
    yield win
    win.close()


@pytest.fixture
def page(nwindow, qtbot, ops):
    shown = nwindow.show_page("needs")
    wait_idle(qtbot, ops)
    return shown


def _texts(page) -> list[str]:
    return [page.model.record(r).text for r in range(page.model.rowCount())]


def test_the_list_shows_the_years_needs_and_filters_them(page, qtbot, ops):
    assert page.model.rowCount() == 4
    assert page.count.text().startswith("4件（3市町村）")
    page.status.setCurrentIndex(page.status.findData("proposed"))
    wait_idle(qtbot, ops)
    assert page.model.rowCount() == 3
    page.words.setText("CSV")
    assert _texts(page) == ["オープンデータのCSVの作り方を職員向けに説明してほしい。"]


def test_weighing_several_needs_at_once(page, qtbot, ops, db, nworld):
    page.table.selectAll()
    with qtbot.waitSignal(page.listed, timeout=5000):
        page.status_buttons[NeedStatus.ADOPTED].click()
    with db.read_session() as s:
        statuses = {r.status for r in need_service.list_needs(s, year=2025)}
    assert statuses == {NeedStatus.ADOPTED}
    assert "採用 4" in page.count.text()


def test_the_view_across_municipalities_leads_to_the_list(page, qtbot, ops):
    page.tabs.setCurrentIndex(1)
    wait_idle(qtbot, ops)
    matrix = page.matrix
    themes = [matrix.table.verticalHeaderItem(r).text() for r in range(matrix.table.rowCount())]
    column = [
        matrix.table.horizontalHeaderItem(c).text() for c in range(matrix.table.columnCount())
    ].index("データ利活用")
    item = matrix.table.item(themes.index("オープンデータ"), column)
    assert item.text() == "2件 / 2市町村"
    assert item.toolTip() == "和歌山市、北山村"
    assert matrix.weak.item(0, 0).text() == "全体方針の決定"
    with qtbot.waitSignal(page.listed, timeout=5000):
        matrix.table.cellClicked.emit(item.row(), item.column())
    assert page.tabs.currentIndex() == 0
    assert page.model.rowCount() == 2


def test_a_new_version_of_the_draft_is_written_and_compared(
    page, qtbot, ops, tmp_path, monkeypatch
):
    from ui.pages import needs as needs_page

    target = tmp_path / "draft.docx"
    monkeypatch.setattr(
        needs_page.DraftQuestions, "label", classmethod(lambda cls, parent: "5月たたき台")
    )
    monkeypatch.setattr(
        needs_page.DraftQuestions, "path", classmethod(lambda cls, parent, name: target)
    )
    page.tabs.setCurrentIndex(2)
    wait_idle(qtbot, ops)
    page.drafts.create.click()
    qtbot.waitUntil(lambda: page.drafts.table.rowCount() == 1, timeout=5000)
    assert "施策1　オープンデータ（データ利活用）" in [
        p.text for p in Document(str(target)).paragraphs
    ]
    page.drafts.table.selectRow(0)
    page.drafts.compare.click()
    wait_idle(qtbot, ops)
    assert "変更はありません" in page.drafts.comparison.toPlainText()


def test_the_form_records_a_prefecture_wide_need(page, qtbot, ops, db):
    dialog = NeedDialog(ops, year=2025)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=5000)
    dialog.text.setPlainText("")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.messages.text("text") != "", timeout=5000)
    assert dialog.messages.text("text") == "✖ ニーズの内容を入力してください。"
    dialog.text.setPlainText("県全体で生成AIの利用ガイドラインを作ってほしい")
    dialog.domain.setCurrentIndex(dialog.domain.findData("general"))
    dialog.other_themes.setText("生成AI、ガイドライン")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    with db.read_session() as s:
        row = need_service.need_row(s, saved.args[0])
    assert (row.municipality, row.themes, row.source) == (
        None,
        ("生成AI", "ガイドライン"),
        NeedSource.OTHER,
    )


def test_a_line_of_the_notes_becomes_a_need_in_one_click(nwindow, qtbot, ops, db, nworld):
    nwindow.open_visit(nworld.wakayama_visit)
    wait_idle(qtbot, ops)
    notes = nwindow.page("notes")
    section = notes.sections[NoteKind.REQUESTS]
    editor = section.editor
    # A new line typed just now: promoting saves the notes first.
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("・ガバメントクラウドの運用経費の見積りを一緒に見てほしい。")
    editor.setTextCursor(cursor)
    section.promote_button.click()
    wait_idle(qtbot, ops)
    with db.read_session() as s:
        rows = need_service.list_needs(
            s, municipality_id=need_service.need_row(s, nworld.opendata_wakayama).municipality_id
        )
    made = [r for r in rows if r.quote.startswith("ガバメントクラウド")]
    assert len(made) == 1
    assert (made[0].domain, made[0].source, made[0].visit_id) == (
        "systems",
        NeedSource.VISIT_NOTE,
        nworld.wakayama_visit,
    )
    assert "ニーズに登録しました（情報システム" in nwindow.statusBar().currentMessage()
    # The three lines that are needs now are shaded; the heading is not.
    qtbot.waitUntil(lambda: len(editor.extraSelections()) == 3, timeout=5000)
    section.promote_button.click()
    wait_idle(qtbot, ops)
    assert "すでにニーズに登録されています" in nwindow.statusBar().currentMessage()
    with db.read_session() as s:
        assert s.query(Need).count() == 5


def test_the_municipality_page_lists_its_needs(nwindow, qtbot, ops, nworld):
    from dxfield.masterdata import municipality_id

    nwindow.open_municipality(municipality_id("302015"))
    wait_idle(qtbot, ops)
    town = nwindow.page("municipality")
    assert town.registered_model.rowCount() == 2
    assert any(town.tabs.tabText(i) == "ニーズ（2）" for i in range(town.tabs.count()))
    index = town.registered_model.index(0, NeedTableModel.TEXT)
    town.registered.doubleClicked.emit(index)
    wait_idle(qtbot, ops)
    assert nwindow.current_page_name() == "needs"
    qtbot.waitUntil(lambda: nwindow.page("needs").details.toPlainText() != "", timeout=5000)


def test_the_table_model_is_sound(qtmodeltester, db, nworld):
    with db.read_session() as s:
        model = NeedTableModel(need_service.list_needs(s))
    qtmodeltester.check(model)
    assert model.data(model.index(0, NeedTableModel.STATUS), Qt.ItemDataRole.DisplayRole)
    # As the municipality page shows them: copied into Qt's items, shades and tooltips too.
    assert_record_items_answer_as(NeedTableModel(), model.records(), qtmodeltester)


def test_a_line_of_a_free_text_answer_becomes_a_need(nwindow, qtbot, ops, db):
    from dxfield.masterdata import municipality_id
    from dxfield.models import ResponseKind
    from dxfield.services.assessments import get_response, set_answers

    town = municipality_id("304271")
    with db.session() as s:
        response = get_response(s, town, 2025, ResponseKind.BASELINE)
        set_answers(
            s, response.id, {"FREE-02": "・特になし\n・RPAに向く業務の見つけ方を教えてほしい"}
        )
    nwindow.open_assessment(town, ResponseKind.BASELINE)
    wait_idle(qtbot, ops)
    page = nwindow.page("assessment")
    widget = page.answer_widget("FREE-02")
    widget.promote_requested.emit("FREE-02", "・RPAに向く業務の見つけ方を教えてほしい")
    wait_idle(qtbot, ops)
    assert page.save_state.text().startswith("ニーズに登録しました（BPR")
    with db.read_session() as s:
        [row] = need_service.list_needs(s, source=NeedSource.ASSESSMENT)
    assert (row.municipality, row.quote) == ("北山村", "RPAに向く業務の見つけ方を教えてほしい")

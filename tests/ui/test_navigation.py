"""The main window: pages, the board, shortcuts, remembered state, the first-start offer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from dxfield.overview import CellStatus
from tests.ui.conftest import TODAY, wait_idle
from ui.models import STATUS_ROLE


def _cell(window, municipality_id, column):
    page = window.page("dashboard")
    model = page.board_model
    row = next(
        r for r in range(model.rowCount()) if model.board_row(r).municipality_id == municipality_id
    )
    return model.index(row, column)


def test_dashboard_shows_board_week_and_overdue(window, world, qtbot, ops):
    page = window.page("dashboard")
    assert window.stack.currentWidget() is page
    assert page.board_model.rowCount() == 30
    assert page.week_model.rowCount() == 1
    assert page.week_model.record(0).municipality == "北山村"
    assert page.overdue_model.rowCount() == 1
    assert page.overdue_model.record(0).title == "推進体制の案を作る"
    intake = _cell(window, world.wakayama, 2)  # 初回面談 done on 5/20
    assert page.board_model.data(intake, STATUS_ROLE) == CellStatus.DONE
    overall = _cell(window, world.kitayama, 3)  # 全体相談 planned on 6/18
    assert page.board_model.data(overall, STATUS_ROLE) == CellStatus.PLANNED
    # The assessment-sheet window (to 5/10) is over and 北山村 answered nothing.
    sheet = _cell(window, world.kitayama, 1)
    assert page.board_model.data(sheet, STATUS_ROLE) == CellStatus.OVERDUE
    assert page.board_model.data(_cell(window, world.wakayama, 1), STATUS_ROLE) == CellStatus.DONE

    page.area_group.button(2).click()  # 紀南
    wait_idle(qtbot, ops)
    assert page.board_model.rowCount() == 17
    page.area_group.button(1).click()  # 紀北
    wait_idle(qtbot, ops)
    assert page.board_model.rowCount() == 13


def test_clicking_board_cells_opens_the_visit_or_the_municipality(window, world, qtbot, ops):
    page = window.page("dashboard")
    index = _cell(window, world.kitayama, 3)
    rect = page.board.visualRect(index)
    qtbot.mouseClick(page.board.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_idle(qtbot, ops)
    notes = window.page("notes")
    assert window.stack.currentWidget() is notes
    assert notes.visit_id == world.visit_this_week
    assert "北山村" in notes.title.text()

    window.show_page("dashboard")
    wait_idle(qtbot, ops)
    index = _cell(window, world.kitayama, 0)
    qtbot.mouseClick(
        page.board.viewport(), Qt.MouseButton.LeftButton, pos=page.board.visualRect(index).center()
    )
    wait_idle(qtbot, ops)
    town = window.page("municipality")
    assert window.stack.currentWidget() is town
    assert town.name.text() == "北山村"


def test_the_weeks_visit_and_an_overdue_action_open_their_visit(window, world, qtbot, ops):
    page = window.page("dashboard")
    for view, visit_id in ((page.week, world.visit_this_week), (page.overdue, world.visit_done)):
        window.show_page("dashboard")
        wait_idle(qtbot, ops)
        center = view.visualRect(view.model().index(0, 1)).center()
        # A double click: Qt's test click has the view note the row pressed first.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
        wait_idle(qtbot, ops)
        notes = window.page("notes")
        assert window.stack.currentWidget() is notes
        assert notes.visit_id == visit_id


def test_navigation_list_switches_pages(window, qtbot, ops):
    for row, name in enumerate(
        (
            "dashboard",
            "municipality",
            "planner",
            "trainings",
            "notes",
            "assessment",
            "needs",
            "search",
            "settings",
        )
    ):
        window.nav.setCurrentRow(row)
        wait_idle(qtbot, ops)
        assert window.stack.currentWidget() is window.page(name)
        assert window.current_page_name() == name


def test_shortcuts(window, qtbot, monkeypatch):
    from ui.visit_form import VisitDialog

    assert window.new_visit_action.shortcut() == QKeySequence("Ctrl+N")
    assert window.search_action.shortcut() == QKeySequence("Ctrl+F")
    assert window.print_action.shortcut() == QKeySequence("Ctrl+P")
    asked = []
    monkeypatch.setattr(VisitDialog, "ask", classmethod(lambda cls, *a, **kw: asked.append(kw)))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked and asked[0]["year"] == 2025
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.page("search")
    assert window.stack.currentWidget() is search
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search.box)
    printed = []
    window.set_print_handler(lambda: printed.append(window.current_visit_id()))
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed == [None]


def test_window_state_and_page_are_remembered(qtbot, ops, settings, world):
    from ui.mainwindow import MainWindow

    first = MainWindow(ops, settings, today=TODAY)
    qtbot.addWidget(first)
    first.show()
    first.resize(first.width(), 555)  # the offscreen screen is narrow: vary the height
    first.show_page("planner")
    wait_idle(qtbot, ops)
    first.close()
    second = MainWindow(ops, settings, today=TODAY)
    qtbot.addWidget(second)
    second.show()
    wait_idle(qtbot, ops)
    assert second.current_page_name() == "planner"
    assert second.height() == 555
    second.close()


def test_the_year_is_remembered_until_a_new_programme_year_begins(qtbot, ops, settings, world):
    from datetime import date

    from ui.mainwindow import MainWindow

    first = MainWindow(ops, settings, today=TODAY)  # in 令和7年度 (2025)
    qtbot.addWidget(first)
    first.set_year(2024)
    first.close()
    again = MainWindow(ops, settings, today=TODAY)
    qtbot.addWidget(again)
    assert again.year == 2024  # the same 年度: what the advisor looked at last
    again.close()
    april = MainWindow(ops, settings, today=date(2026, 4, 2))
    qtbot.addWidget(april)
    assert april.year == 2026  # a new 年度 began: its board, not last year's


def test_first_start_on_an_empty_store_offers_demo_data(qtbot, ops, settings, monkeypatch):
    from dxfield import demo
    from tests import factories
    from ui.dialogs import DemoOffer
    from ui.mainwindow import MainWindow

    installed = []

    def fake_install(session, *, today=None):
        installed.append(today)
        factories.visit(session)

    monkeypatch.setattr(demo, "install_demo", fake_install)
    offers = []

    def answer_yes(cls, parent, on_answer):
        offers.append(parent)
        on_answer(True)

    monkeypatch.setattr(DemoOffer, "ask", classmethod(answer_yes))
    win = MainWindow(ops, settings, today=TODAY)
    qtbot.addWidget(win)
    win.offer_demo_if_empty()
    wait_idle(qtbot, ops)
    assert offers == [win]
    assert installed == [TODAY]
    win.offer_demo_if_empty()  # not offered twice
    wait_idle(qtbot, ops)
    assert len(offers) == 1
    win.close()


def test_the_municipality_pickers_show_and_open_towns(window, qtbot, ops):
    page = window.show_page("municipality")
    wait_idle(qtbot, ops)
    picker = page.picker
    assert picker.count() == 30
    assert page.overview.id == picker.itemData(0)  # nothing asked for yet: the first town
    picker.setCurrentIndex(5)  # what choosing from the list does
    wait_idle(qtbot, ops)
    assert page.overview.id == picker.itemData(5)

    # A page asked for a town before its list arrived shows that town, not the first.
    town = picker.itemData(12)
    window.open_assessment(town)
    sheet = window.page("assessment")
    wait_idle(qtbot, ops)
    assert sheet.picker.currentData() == town
    assert sheet._municipality_id == town
    sheet.picker.setCurrentIndex(3)
    wait_idle(qtbot, ops)
    assert sheet._municipality_id == sheet.picker.itemData(3)


def test_what_needs_the_store_waits_for_it_and_then_works(qtbot, ops, settings, world):
    """Before the store is open (the window comes first), a new visit, a new training and
    search cannot be asked for: a shortcut pressed then does nothing, where it used to end
    in a traceback or build the search page without the store for good."""
    from ui.mainwindow import MainWindow

    win = MainWindow(None, settings, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    actions = (win.new_visit_action, win.new_training_action, win.search_action)
    assert [action.isEnabled() for action in actions] == [False, False, False]
    assert not win.print_action.isEnabled()  # nor printing, until it is wired
    for action in actions:
        action.trigger()  # as its shortcut would
    assert win.built_page("search") is None and win.built_page("trainings") is None
    assert not win.nav.isEnabled()

    win.attach(ops)
    wait_idle(qtbot, ops)
    assert [action.isEnabled() for action in actions] == [True, True, True]
    qtbot.waitUntil(win.print_action.isEnabled, timeout=10000)  # wired after the first data
    win.search_action.trigger()
    search = win.built_page("search")
    assert win.stack.currentWidget() is search
    search.box.setText("予算")  # searched on the store (a page built without it could not)
    qtbot.waitUntil(lambda: search.model.rowCount() == 1, timeout=5000)


def test_the_dashboard_shows_its_snapshot_before_the_store_is_attached(
    db, qtbot, ops, settings, world
):
    """The start-up reads the board with sqlite3 while the store opens; clicks wait for the
    store; attaching it loads everything (trainings too) over the snapshot."""
    from dxfield import overview, quickread
    from ui.mainwindow import MainWindow

    win = MainWindow(None, settings, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    snapshot = quickread.read_current(
        db.path, lambda conn: overview.snapshot(conn, win.year, None, TODAY)
    )
    win.show_snapshot(win.year + 1, snapshot)  # another year than the window's: ignored
    assert win.built_page("dashboard") is None
    win.show_snapshot(win.year, snapshot)
    page = win.built_page("dashboard")
    assert win.stack.currentWidget() is page
    assert page.board_model.rowCount() == 30
    assert page.week_model.record(0).municipality == "北山村"
    assert page.overdue_model.record(0).title == "推進体制の案を作る"
    index = _cell(win, world.kitayama, 3)
    qtbot.mouseClick(
        page.board.viewport(), Qt.MouseButton.LeftButton, pos=page.board.visualRect(index).center()
    )
    assert win.stack.currentWidget() is page  # no store yet: nothing to open
    assert win.built_page("notes") is None

    win.attach(ops)
    wait_idle(qtbot, ops)
    assert win.stack.currentWidget() is page
    assert page.board_model.rowCount() == 30
    assert page.training_totals.text()
    qtbot.mouseClick(
        page.board.viewport(), Qt.MouseButton.LeftButton, pos=page.board.visualRect(index).center()
    )
    wait_idle(qtbot, ops)
    assert win.page("notes").visit_id == world.visit_this_week
    win.close()


def test_the_municipality_page_opens_the_form_link_dialog(window, world, qtbot, ops):
    from PySide6.QtWidgets import QPushButton

    window.open_municipality(world.kitayama)
    wait_idle(qtbot, ops)
    town = window.page("municipality")
    button = town.findChild(QPushButton, "form_link_button")
    button.click()
    dialog = getattr(window, "form_link_dialog", None)
    if getattr(window, "sync_controller", None) is None:
        assert dialog is None  # no sync in this build: nothing to make links with
        return
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.town == "北山村" and dialog.year == window.year
    dialog.close()


def test_the_municipality_page_shows_all_its_tabs_on_a_laptop_screen(window, world, qtbot, ops):
    from PySide6.QtWidgets import QScrollArea

    window.open_municipality(world.wakayama)
    wait_idle(qtbot, ops)
    town = window.page("municipality")
    bar = town.tabs.tabBar()
    assert [town.tabs.tabText(i) for i in range(town.tabs.count())] == [
        "訪問履歴",
        "未完了のアクション（1）",
        "要望（0）",
        "研修（0）",
        "ニーズ（0）",
        "担当者（0）",
    ]
    scroll = town.findChild(QScrollArea)
    for width, height in ((1300, 850), (1280, 720)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        QApplication.processEvents()
        # Every label whole on the bar, no scroll arrows, and the bar on screen unscrolled.
        assert all(bar.rect().contains(bar.tabRect(i)) for i in range(bar.count())), width
        assert bar.tabRect(bar.count() - 1).right() < town.tabs.width()
        top = bar.mapTo(scroll.viewport(), bar.rect().bottomLeft()).y()
        assert 0 < top <= scroll.viewport().height(), (width, height)
    # Keyboard: the bar takes focus and the arrow keys step through the tabs.
    town.tabs.setCurrentIndex(0)
    assert bar.focusPolicy() & Qt.FocusPolicy.TabFocus
    for expected in (1, 2):
        qtbot.keyClick(bar, Qt.Key.Key_Right)
        assert town.tabs.currentIndex() == expected


def test_the_legend_shows_each_status_colour_in_a_grey_border(qtbot):
    from PySide6.QtGui import QColor

    from ui.models import STATUS_COLOURS
    from ui.pages.dashboard import Swatch

    grey = QColor("#9aa0a6")
    for colour in STATUS_COLOURS.values():
        swatch = Swatch(colour)
        qtbot.addWidget(swatch)
        image = swatch.grab().toImage()
        assert (image.width(), image.height()) == (16, 16)
        for x, y in ((0, 0), (15, 0), (0, 15), (15, 15), (8, 0), (0, 8)):
            assert image.pixelColor(x, y) == grey
        for x, y in ((1, 1), (8, 8), (14, 14)):
            assert image.pixelColor(x, y) == colour


def test_the_file_menu_keeps_printing_together_and_quit_last(window):
    # Printing, backups and sync add their items a moment after the first data; preview
    # and the day's batch went to the menu's end, below 終了, until they joined 印刷.
    texts = [action.text() for action in window.file_menu.actions()]
    printing = texts.index("配布資料を印刷…")
    assert texts[printing : printing + 3] == [
        "配布資料を印刷…",
        "配布資料をプレビュー",
        "本日の配布資料を一括印刷…",
    ]
    assert texts[-1] == "終了"

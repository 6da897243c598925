"""A municipality's page: the programme year it shows, and what its tabs hold."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from dxfield.enums import NoteKind
from tests import factories
from tests.ui.conftest import assert_record_items_answer_as, wait_idle
from ui.models import TrainingTableModel, VisitTableModel


def _titles(page) -> list[str]:
    model = page.trainings_model
    return [
        model.data(model.index(row, TrainingTableModel.TITLE)) for row in range(model.rowCount())
    ]


def test_the_trainings_tab_lists_the_year_its_survey_line_names(window, world, qtbot, ops, db):
    """Trainings of two programme years: the tab lists the window's year only, as the
    survey line above it and the tab's count say, and follows the year box."""
    with db.session() as s:
        factories.ensure_year(s, 2026)
        factories.training(s, municipalities=(factories.KITAYAMA,), title="令和7年度の研修")
        factories.training(
            s,
            municipalities=(factories.KITAYAMA,),
            title="令和8年度の研修",
            starts_at=datetime(2026, 6, 9, 13, 30),
            ends_at=datetime(2026, 6, 9, 15, 0),
        )
    window.set_year(2025)
    window.open_municipality(world.kitayama)
    wait_idle(qtbot, ops)
    page = window.page("municipality")
    page.tabs.setCurrentIndex(3)
    assert _titles(page) == ["令和7年度の研修"]
    assert page.tabs.tabText(3) == "研修（1）"
    assert page.survey_line.text().startswith("令和7年度 の研修アンケート")

    window.set_year(2026)
    wait_idle(qtbot, ops)
    assert _titles(page) == ["令和8年度の研修"]
    assert page.tabs.tabText(3) == "研修（1）"
    assert page.survey_line.text().startswith("令和8年度 の研修アンケート")
    window.set_year(2027)
    wait_idle(qtbot, ops)
    assert _titles(page) == [] and page.tabs.tabText(3) == "研修（0）"


def test_the_requests_tab_is_filled_when_shown_and_opens_the_note(window, world, qtbot, ops, db):
    from dxfield.services.visits import set_note_section

    with db.session() as s:
        set_note_section(s, world.visit_done, NoteKind.REQUESTS, "庁内ポータルを作りたい")
    window.open_municipality(world.wakayama)
    wait_idle(qtbot, ops)
    page = window.page("municipality")
    assert page.tabs.tabText(2) == "要望（1）"
    page.tabs.setCurrentIndex(2)  # the rows are made as the tab shows
    assert page.needs.rowCount() == 1
    assert page.needs.item(0, 2).text() == "庁内ポータルを作りたい"
    page._on_need_activated(0, 0)
    wait_idle(qtbot, ops)
    assert window.current_page_name() == "notes"
    assert window.page("notes").visit_id == world.visit_done

    # Another town while the tab is showing: its rows at once.
    window.open_municipality(world.kitayama)
    wait_idle(qtbot, ops)
    assert page.tabs.currentIndex() == 2 and page.needs.rowCount() == 0
    assert page.tabs.tabText(2) == "要望（0）"


def test_the_visits_table_shows_the_records_and_opens_one(window, world, qtbot, ops):
    window.open_municipality(world.kitayama)
    wait_idle(qtbot, ops)
    page = window.page("municipality")
    model = page.visits_model
    assert model.rowCount() == len(page.overview.visits) > 0
    first = page.overview.visits[0]
    assert model.record(0) == first
    assert [model.data(model.index(0, c)) for c in range(model.columnCount())] == [
        VisitTableModel.text(first, c) for c in range(model.columnCount())
    ]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "日時"
    page.visits.doubleClicked.emit(model.index(0, 0))
    wait_idle(qtbot, ops)
    assert window.page("notes").visit_id == first.id


def test_record_items_answer_what_their_record_model_answers(qtmodeltester, db, world):
    """The page's tables hold Qt items copied from the record models: the same text in
    every cell, and the roles a model adds (alignment, tooltips, colours) where it adds them."""
    from dxfield.services.dashboard import overdue_actions
    from dxfield.services.trainings import training_summaries
    from ui.models import ActionTableModel

    with db.session() as s:
        factories.training(s, municipalities=(factories.KITAYAMA, factories.WAKAYAMA))
        trainings = training_summaries(s)
        actions = overdue_actions(s, datetime(2026, 1, 1).date())
    assert_record_items_answer_as(TrainingTableModel(), trainings, qtmodeltester)
    assert_record_items_answer_as(ActionTableModel(), actions, qtmodeltester)

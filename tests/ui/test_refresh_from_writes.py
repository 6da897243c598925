"""Views refresh from what a write touched: others' writes show, their own saves do not
reload what is being typed."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from dxfield import written
from dxfield.models import NoteKind
from dxfield.services import assessments, visits
from tests.ui.conftest import wait_idle


def _written_elsewhere(window, db, fn):
    """A write that did not come through the window's Ops (a sync's page), announced the
    way the sync controller announces it."""
    with db.session() as s:
        fn(s)
    window._on_changes(written.changes(s))


def test_notes_written_elsewhere_show_in_the_open_visit(window, world, qtbot, ops, db):
    window.open_visit(world.visit_done)
    wait_idle(qtbot, ops)
    page = window.page("notes")
    memo = page.sections[NoteKind.MEMO].editor
    _written_elsewhere(
        window,
        db,
        lambda s: visits.set_note_section(s, world.visit_done, NoteKind.MEMO, "別の端末のメモ"),
    )
    qtbot.waitUntil(lambda: memo.toPlainText() == "別の端末のメモ", timeout=5000)
    assert page.sections[NoteKind.ISSUES].editor.toPlainText() == world.note_text


def test_answers_written_elsewhere_show_and_its_own_save_does_not_reload(
    window, world, qtbot, ops, db
):
    window.open_assessment(world.wakayama)
    wait_idle(qtbot, ops)
    page = window.page("assessment")
    reloads = []
    reload = page.reload
    page.reload = lambda: reloads.append(True) or reload()
    combo = page.answer_widget("SYS-AW-01").input
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.count() - 1)
    qtbot.waitUntil(lambda: page.save_state.text() == "保存済み", timeout=5000)
    wait_idle(qtbot, ops)
    assert reloads == []  # its own save: the sheet stays as typed

    def answer(s):
        response = assessments.get_response(s, world.wakayama, 2025, "baseline")
        assessments.set_answers(s, response.id, {"GEN-AW-01": "a"})

    _written_elsewhere(window, db, answer)
    qtbot.waitUntil(lambda: page.answer_widget("GEN-AW-01").value() == "a", timeout=5000)
    assert reloads == [True]

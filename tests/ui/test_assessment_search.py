"""Assessment entry updates scores live and saves; search opens the note at the hit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox

from dxfield.models import NoteKind, ResponseKind
from tests.ui.conftest import wait_idle


def _answers(db, municipality_id, kind=ResponseKind.BASELINE):
    from dxfield.services.assessments import answers_by_code, get_response

    with db.read_session() as s:
        response = get_response(s, municipality_id, 2025, kind)
        return None if response is None else answers_by_code(s, response)


def test_assessment_entry_updates_scores_and_saves(window, world, qtbot, ops, db):
    window.open_assessment(world.wakayama)
    wait_idle(qtbot, ops)
    page = window.page("assessment")
    first = page.answer_widget("GEN-AW-01")
    assert first.value() == "c"  # loaded from the stored response
    total_before = page.score.domain_totals["general"]
    answered_before = page.completeness.value()

    combo = page.answer_widget("SYS-AW-01").input
    assert isinstance(combo, QComboBox)
    with qtbot.waitSignal(page.scores_changed) as changed:
        combo.setCurrentIndex(combo.count() - 1)  # the best answer
    score = changed.args[0]
    assert score.domain_totals["systems"] > 0
    assert page.completeness.value() == answered_before + 1
    assert page.score.domain_totals["general"] == total_before
    grid = page.heatmap.grid()
    assert sum(grid.totals) == score.total

    boxes = page.answer_widget("GEN-AW-02").input
    assert all(isinstance(b, QCheckBox) for b in boxes)
    boxes[0].setChecked(True)
    assert page.score.domain_totals["general"] > total_before
    qtbot.waitUntil(lambda: page.save_state.text() == "保存済み", timeout=5000)
    saved = _answers(db, world.wakayama)
    assert saved["GEN-AW-02"] == [boxes[0].property("value")]
    assert saved["SYS-AW-01"] == combo.currentData()


def test_a_stored_response_can_be_deleted(window, world, qtbot, ops, db, monkeypatch):
    from ui.dialogs import Messages

    window.open_assessment(world.wakayama)
    wait_idle(qtbot, ops)
    page = window.page("assessment")
    assert page.delete_button.isEnabled()
    asked = []
    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, *a: asked.append(a) or False))
    page.delete_button.click()
    wait_idle(qtbot, ops)
    assert len(asked) == 1 and _answers(db, world.wakayama) is not None  # declined: kept
    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, *a: True))
    page.delete_button.click()
    qtbot.waitUntil(lambda: not page.delete_button.isEnabled(), timeout=5000)
    assert _answers(db, world.wakayama) is None
    assert page.answer_widget("GEN-AW-01").value() is None and page.save_state.text() == "新規"


def test_evaluation_switch_and_review_mode(window, world, qtbot, ops, db):
    window.open_assessment(world.wakayama)
    wait_idle(qtbot, ops)
    page = window.page("assessment")
    page.evaluation_button.click()
    wait_idle(qtbot, ops)
    assert page.answer_widget("GEN-AW-01").value() is None  # no evaluation yet
    assert page.score.total == 0
    page.review.setChecked(True)
    assert not page.answer_widget("GEN-AW-01").input.isEnabled()
    page.review.setChecked(False)
    combo = page.answer_widget("GEN-AW-01").input
    combo.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.save_state.text() == "保存済み", timeout=5000)
    assert _answers(db, world.wakayama, ResponseKind.EVALUATION) == {"GEN-AW-01": "b"}


def test_municipality_page_shows_the_assessment_and_needs(window, world, qtbot, ops):
    window.open_municipality(world.wakayama)
    wait_idle(qtbot, ops)
    page = window.page("municipality")
    assert page.name.text() == "和歌山市"
    grid = page.heatmap.grid()
    assert grid is not None and len(grid.row_labels) == 4 and len(grid.col_labels) == 4
    # 認識共有 × DX全般: GEN-AW-01 "c" (2 points) + GEN-AW-03 yes (2 points)
    assert grid.values[0][0] == 4
    assert [s.dashed for s in page.radar.series()] == [True]  # baseline only
    assert page.diff.rowCount() == 4
    assert page.visits_model.rowCount() == 1


def test_heatmap_on_screen_and_in_the_pdf_agree(window, world, qtbot, ops):
    """Cell by cell: the same points, shaded by the same share of the cell's maximum."""
    from reportlab.graphics.shapes import Rect, String

    from dxfield.reports import charts

    window.open_municipality(world.wakayama)
    wait_idle(qtbot, ops)
    page = window.page("municipality")
    screen = page.heatmap.grid()
    sheet = page.overview.baseline
    drawing = charts.heatmap(sheet)
    cells = [n for n in drawing.contents if isinstance(n, Rect) and n.strokeColor is not None]
    texts = [n.text for n in drawing.contents if isinstance(n, String)]
    flat = [
        (value, fraction)
        for values, fractions in zip(screen.values, screen.fractions, strict=True)
        for value, fraction in zip(values, fractions, strict=True)
    ]
    assert len(cells) == len(flat) == 16
    assert [c.fillColor for c in cells] == [charts.grey_for(f) for _v, f in flat]
    assert [str(v) for v, _f in flat] == [t for t in texts if t.isdigit()][: len(flat)]
    assert flat[0] == (
        4,
        sheet.cell(*next(iter(sheet.cells))) / sheet.cell_limit(*next(iter(sheet.cells))),
    )
    assert screen.footer == [sheet.level_label(d) for d, _l in sheet.domains]


def test_municipality_page_compares_baseline_and_evaluation(window, world, qtbot, ops, db):
    """The page's comparison table reads the results model: totals, change, levels."""
    from dxfield.assessment.engine import load_results
    from dxfield.services import assessments

    with db.session() as s:
        response = assessments.create_response(
            s, municipality_id=world.wakayama, fiscal_year=2025, kind=ResponseKind.EVALUATION
        )
        s.flush()
        assessments.set_answers(s, response.id, {"GEN-AW-01": "c", "SYS-AW-01": "c"})
    with db.read_session() as s:
        results = load_results(s, world.wakayama, 2025)
    window.open_municipality(world.wakayama)
    wait_idle(qtbot, ops)
    page = window.page("municipality")
    table = [
        [page.diff.item(r, c).text() for c in range(page.diff.columnCount())]
        for r in range(page.diff.rowCount())
    ]
    base, final = results.baseline, results.evaluation
    assert table == [
        [
            label,
            str(base.domain_total(key)),
            str(final.domain_total(key)),
            f"{final.domain_total(key) - base.domain_total(key):+d}",
            f"{base.level_label(key)} → {final.level_label(key)}",
        ]
        for key, label in final.domains
    ]
    assert table[0][:4] == ["DX全般", "4", "2", "-2"]  # GEN-AW-03 answered only in spring
    assert table[1][3].startswith("+")
    assert [s.dashed for s in page.radar.series()] == [True, False]


def test_municipality_page_compares_two_template_versions_where_they_meet(window, qtbot, ops):
    """A domain only the evaluation's version has: its totals shown, no change (as the PDF)."""
    from types import SimpleNamespace

    from dxfield.assessment.results import AssessmentResults, score
    from tests.core.test_assessment_results import renamed_domain

    old, new = renamed_domain()
    results = AssessmentResults(score(old, {}), score(new, {"DAT-AW-01": "c"}))
    window.show_page("municipality")
    page = window.page("municipality")
    page._fill_diff(SimpleNamespace(assessment=results))
    last = [page.diff.item(3, c).text() for c in range(page.diff.columnCount())]
    assert last[:4] == ["オープンデータ", "—", str(results.evaluation.domain_total("opendata")), ""]
    assert page.diff.item(0, 3).text() == "+0"


def test_contacts_are_editable(window, world, qtbot, ops, monkeypatch):
    from ui.pages.municipality import ContactDialog

    window.open_municipality(world.kitayama)
    wait_idle(qtbot, ops)
    page = window.page("municipality")
    monkeypatch.setattr(
        ContactDialog,
        "ask",
        classmethod(lambda cls, parent, contact: {"name": "中村 次郎", "department": "総務課"}),
    )
    page.edit_contact(None)
    qtbot.waitUntil(lambda: page.contacts_model.rowCount() == 1, timeout=5000)
    assert page.contacts_model.record(0).department == "総務課"


def test_search_enter_opens_the_note_at_the_hit(window, world, qtbot, ops):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.page("search")
    page.box.setText("予算")
    with qtbot.waitSignal(window.page_changed, timeout=5000) as changed:
        qtbot.keyClick(page.box, Qt.Key.Key_Return)
    assert changed.args[0] == "notes"
    notes = window.page("notes")
    qtbot.waitUntil(lambda: notes.visit_id == world.visit_done, timeout=5000)
    editor = notes.sections[NoteKind.ISSUES].editor
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor, timeout=5000)
    at = editor.textCursor().position()
    assert editor.toPlainText()[at : at + 2] == "予算"
    assert page.model.rowCount() == 1

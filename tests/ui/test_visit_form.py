"""Planning a visit: messages next to the fields, nothing saved half-way, warnings."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDateTime, Qt

from dxfield.models import Phase, Visit
from tests.ui.conftest import wait_idle
from ui.visit_form import VisitDialog


@pytest.fixture
def dialog_for(qtbot, ops, world):
    def make(**kw) -> VisitDialog:
        dialog = VisitDialog(ops, year=2025, **kw)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: getattr(dialog, "loaded", False))
        wait_idle(qtbot, ops)
        return dialog

    return make


def _visit_count(db) -> int:
    from sqlalchemy import func, select

    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Visit).where(Visit.deleted.is_(False)))


def _set(dialog, start: datetime, end: datetime) -> None:
    dialog.starts_at.setDateTime(QDateTime(start))
    dialog.ends_at.setDateTime(QDateTime(end))


def _check_member(dialog, member_id: str) -> None:
    for i in range(dialog.members.count()):
        item = dialog.members.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == member_id:
            item.setCheckState(Qt.CheckState.Checked)


def test_create_a_visit(dialog_for, qtbot, db, world):
    dialog = dialog_for(municipality_id=world.kitayama)
    assert dialog.municipality.currentData() == world.kitayama
    dialog.phase.setCurrentIndex(dialog.phase.findData(Phase.DOMAIN))
    _set(dialog, datetime(2025, 8, 20, 13, 0), datetime(2025, 8, 20, 15, 30))
    dialog.location.setText("北山村役場 2階会議室")
    _check_member(dialog, world.support)
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    with db.read_session() as s:
        visit = s.get(Visit, saved.args[0])
        assert visit.municipality_id == world.kitayama
        assert visit.phase == Phase.DOMAIN
        assert visit.starts_at == datetime(2025, 8, 20, 13, 0)
        assert visit.location == "北山村役場 2階会議室"
        assert [m.member_id for m in visit.members] == [world.support]


def test_errors_appear_next_to_the_field_and_nothing_is_saved(dialog_for, db, qtbot, ops):
    """The core's rules decide (the dialog repeats none of them); its message, by code,
    stands beside the field."""
    before = _visit_count(db)
    dialog = dialog_for()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: "市町村を選んでください" in dialog.message("municipality_id"))
    dialog.municipality.setCurrentIndex(3)
    _set(dialog, datetime(2025, 7, 1, 15, 0), datetime(2025, 7, 1, 14, 0))
    dialog.save()
    qtbot.waitUntil(lambda: "終了は開始より後" in dialog.message("ends_at"))
    assert dialog.message("municipality_id") == ""
    _set(dialog, datetime(2026, 4, 10, 10, 0), datetime(2026, 4, 10, 12, 0))
    dialog.save()
    qtbot.waitUntil(lambda: "期間外" in dialog.message("starts_at"))
    assert "年度" in dialog.message("starts_at")
    wait_idle(qtbot, ops)
    assert dialog.isVisible()
    assert _visit_count(db) == before


def test_warnings_for_the_phase_window_and_double_booking(dialog_for, qtbot, ops, world):
    dialog = dialog_for(municipality_id=world.wakayama)
    dialog.phase.setCurrentIndex(dialog.phase.findData(Phase.OVERALL))
    # 山田 is already at 北山村 on 6/18 10:00–12:00; 全体相談's window ends 7/31.
    _set(dialog, datetime(2025, 6, 18, 11, 0), datetime(2025, 6, 18, 12, 30))
    _check_member(dialog, world.lead)
    qtbot.waitUntil(lambda: "山田 太郎" in dialog.message("member_ids"), timeout=5000)
    assert dialog.message("member_ids").startswith("⚠")
    assert dialog.message("starts_at") == ""
    _set(dialog, datetime(2025, 9, 2, 10, 0), datetime(2025, 9, 2, 12, 0))
    qtbot.waitUntil(lambda: "時期目安" in dialog.message("starts_at"), timeout=5000)
    assert not dialog.has_errors()  # warnings do not block saving
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()


def test_edit_a_visit(dialog_for, qtbot, db, world):
    dialog = dialog_for(visit_id=world.visit_this_week)
    assert dialog.municipality.currentData() == world.kitayama
    assert dialog.starts_at.dateTime().toPython() == datetime(2025, 6, 18, 10, 0)
    dialog.location.setText("北山村 ふれあい交流センター")
    dialog.agenda.setPlainText("アセスメント結果の共有")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    with db.read_session() as s:
        visit = s.get(Visit, world.visit_this_week)
        assert visit.location == "北山村 ふれあい交流センター"
        assert visit.agenda == "アセスメント結果の共有"
        assert [m.member_id for m in visit.members] == [world.lead]

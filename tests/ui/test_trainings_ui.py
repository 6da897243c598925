"""Trainings in the desktop: the list and its details, the form, and the ways in."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDateTime
from sqlalchemy import select

from dxfield.models import Training, TrainingKind, TrainingMethod
from tests import factories
from tests.ui.conftest import wait_idle
from ui.models import TrainingTableModel
from ui.training_form import TrainingDialog, parse_count


@pytest.fixture
def dialog_for(qtbot, ops, world):
    def make(**kw) -> TrainingDialog:
        dialog = TrainingDialog(ops, year=2025, **kw)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.loaded)
        wait_idle(qtbot, ops)
        return dialog

    return make


def _trainings(db) -> list[Training]:
    with db.read_session() as s:
        return list(s.scalars(select(Training).where(Training.deleted.is_(False))))


def _save(qtbot, dialog) -> str:
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    return saved.args[0]


def test_a_joint_training_with_two_municipalities_and_their_counts(dialog_for, qtbot, db, world):
    dialog = dialog_for()
    dialog.kind.setCurrentIndex(dialog.kind.findData(TrainingKind.JOINT))
    dialog.title.setText("合同研修会（サマーキャンプ）")
    dialog.starts_at.setDateTime(QDateTime(datetime(2025, 8, 5, 10, 0)))
    dialog.ends_at.setDateTime(QDateTime(datetime(2025, 8, 5, 16, 0)))
    dialog.place.setText("和歌山県立情報交流センター Big・U")
    dialog.set_municipality(world.wakayama, "", "５")  # full-width digits are fine
    dialog.set_municipality(world.kitayama, "1", "2人")
    dialog.prefecture.setText("3")
    dialog.lecturers.setPlainText("菅原 直敏\n山田 太郎\n")
    training_id = _save(qtbot, dialog)
    with db.read_session() as s:
        training = s.get(Training, training_id)
        assert training.title == "合同研修会（サマーキャンプ）"
        counts = {
            link.municipality.name: (link.leaders, link.staff) for link in training.municipalities
        }
        assert counts == {"和歌山市": (None, 5), "北山村": (1, 2)}
        assert training.prefecture_attendees == 3


def test_what_the_form_can_tell_alone_is_shown_next_to_the_field(dialog_for, db):
    dialog = dialog_for()
    dialog.set_municipality(dialog.towns.item(0, 0).data(256), "", "二十")
    dialog.save()
    assert "研修名を入力" in dialog.message("title")
    assert "人数は0以上の整数" in dialog.message("municipalities")
    assert dialog.isVisible() and _trainings(db) == []


def test_the_cores_rule_comes_back_next_to_its_field(dialog_for, qtbot, ops, db):
    dialog = dialog_for()
    dialog.title.setText("DX入門研修")
    dialog.place.setText("役場 大会議室")
    dialog.save()  # a DX入門研修 for nobody
    qtbot.waitUntil(lambda: dialog.message("municipalities") != "", timeout=5000)
    assert "参加市町村を1つ以上" in dialog.message("municipalities")
    assert _trainings(db) == []


def test_editing_loads_the_training_and_keeps_its_municipalities(dialog_for, qtbot, db, world):
    with db.session() as s:
        training_id = factories.training(s, municipalities=(factories.KITAYAMA,)).id
    dialog = dialog_for(training_id=training_id)
    assert dialog.title.text() == "DX入門研修「自治体DXマインド」"
    assert dialog.towns.item(0, 0) is not None
    dialog.title.setText("DX入門研修（改）")
    _save(qtbot, dialog)
    with db.read_session() as s:
        training = s.get(Training, training_id)
        assert training.title == "DX入門研修（改）"
        assert [(t.municipality_id, t.leaders, t.staff) for t in training.municipalities] == [
            (world.kitayama, 2, 20)
        ]


def test_a_training_planned_from_a_visit_is_linked_to_it(window, world, qtbot, ops, db):
    planner = window.show_page("planner")
    wait_idle(qtbot, ops)
    row = next(
        r
        for r in range(planner.model.rowCount())
        if planner.model.record(r).id == world.visit_this_week
    )
    planner.table.selectRow(row)
    opened = []
    original = TrainingDialog.ask

    def ask(*args, **kw):
        dialog = original(*args, **kw)
        opened.append(dialog)
        return dialog

    TrainingDialog.ask = ask  # type: ignore[method-assign]
    try:
        planner._on_new_training()
    finally:
        TrainingDialog.ask = original  # type: ignore[method-assign]
    dialog = opened[0]
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.visit.currentData() == world.visit_this_week
    assert world.kitayama in dialog._checked_towns()
    dialog.title.setText("DX入門研修（全体相談にあわせて）")
    dialog.place.setText("北山村役場")
    training_id = _save(qtbot, dialog)
    wait_idle(qtbot, ops)
    page = window.page("trainings")
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.summary.id == training_id)
    assert page.detail.visit.startswith("2025-06-18 10:00 北山村")
    assert page.open_visit.isEnabled()


def test_the_trainings_page_lists_the_year_with_totals_and_details(window, qtbot, ops, db):
    with db.session() as s:
        training = factories.training(s, prefecture_attendees=2, online_url="https://example.jp/x")
        factories.survey_response(s, training.id, {"CHG-AWARE": "そう思う"})
    page = window.show_page("trainings")
    wait_idle(qtbot, ops)
    assert page.model.rowCount() == 1
    assert page.totals.text() == "1回　参加者 24人　アンケート回答 1件"
    qtbot.waitUntil(lambda: page.detail is not None)
    html = page.details.toHtml()
    for text in ("自治体DXマインド", "和歌山市", "首長・幹部", "菅原 直敏", "https://example.jp/x"):
        assert text in html
    window.set_year(2026)
    wait_idle(qtbot, ops)
    assert page.model.rowCount() == 0


def test_deleting_asks_first(window, qtbot, ops, db, monkeypatch):
    from ui.dialogs import Messages

    with db.session() as s:
        factories.training(s)
    page = window.show_page("trainings")
    qtbot.waitUntil(lambda: page.detail is not None)
    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, *a: False))
    page.delete_selected()
    wait_idle(qtbot, ops)
    assert len(_trainings(db)) == 1
    monkeypatch.setattr(Messages, "confirm", classmethod(lambda cls, *a: True))
    page.delete_selected()
    wait_idle(qtbot, ops)
    assert _trainings(db) == []
    assert page.model.rowCount() == 0


def test_municipality_page_and_dashboard_show_trainings_and_open_them(
    window, world, qtbot, ops, db
):
    with db.session() as s:
        training_id = factories.training(
            s,
            municipalities=(factories.KITAYAMA,),
            starts_at=datetime(2025, 6, 25, 13, 30),
            ends_at=datetime(2025, 6, 25, 15, 0),
        ).id
        factories.survey_response(
            s,
            training_id,
            {"CHG-AWARE": "そう思う", "CHG-SHARE": "そう思う"},
            municipality=factories.KITAYAMA,
        )
    dashboard = window.show_page("dashboard")
    wait_idle(qtbot, ops)
    assert dashboard.trainings_model.rowCount() == 1  # within 30 days of 6/16
    dashboard._on_training_activated(dashboard.trainings_model.index(0, 0))
    page = window.page("trainings")
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.summary.id == training_id)

    window.open_municipality(world.kitayama)
    town = window.page("municipality")
    qtbot.waitUntil(lambda: town.overview is not None and town.overview.id == world.kitayama)
    assert town.trainings_model.rowCount() == 1
    assert town.tabs.tabText(3) == "研修（1）"
    # What 北山村's own participants answered this year (1 of 1 felt a change).
    assert "この市町村の回答 1件" in town.survey_line.text()
    assert "100%（21%–100%）" in town.survey_line.text()


def test_the_training_table_model_is_well_behaved(qtmodeltester, db):
    from dxfield.services.trainings import training_summaries

    with db.session() as s:
        factories.training(s)
        factories.training(
            s,
            kind=TrainingKind.VIDEO,
            method=TrainingMethod.ON_DEMAND,
            place="",
            municipalities=(),
        )
        rows = training_summaries(s)
    model = TrainingTableModel(rows)
    qtmodeltester.check(model)
    video = next(r for r in range(2) if model.record(r).kind is TrainingKind.VIDEO)
    assert model.data(model.index(video, TrainingTableModel.MUNICIPALITIES)) == "（全市町村）"
    assert model.data(model.index(video, TrainingTableModel.ATTENDEES)) == "未集計"


@pytest.mark.parametrize(("text", "value"), [("", None), (" 12 ", 12), ("１２人", 12), ("0", 0)])
def test_counts_typed_as_people_write_them(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["-1", "1.5", "十二", "12 名"])
def test_counts_that_are_not_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_count(text)


def test_a_video_is_offered_on_demand_unless_told_otherwise(dialog_for):
    dialog = dialog_for()
    dialog.kind.setCurrentIndex(dialog.kind.findData(TrainingKind.VIDEO))
    assert dialog.method.currentData() == TrainingMethod.ON_DEMAND
    dialog.kind.setCurrentIndex(dialog.kind.findData(TrainingKind.JOINT))
    assert dialog.method.currentData() == TrainingMethod.ONSITE
    dialog.method.setCurrentIndex(dialog.method.findData(TrainingMethod.ONLINE))
    dialog.kind.setCurrentIndex(dialog.kind.findData(TrainingKind.VIDEO))
    assert dialog.method.currentData() == TrainingMethod.ONLINE  # a choice made stays

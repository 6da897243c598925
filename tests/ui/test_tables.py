"""ContentSizedTable: the column widths Qt's own sizing gives, measured fewer times."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QHeaderView, QTableView

from dxfield.enums import ActionStatus
from dxfield.overview import ActionSummary
from ui.models import ActionTableModel
from ui.widgets.tables import ContentSizedTable


def _actions(titles: list[str]) -> list[ActionSummary]:
    return [
        ActionSummary(
            str(i), "m", "北山村", None, title, "県", "山田", date(2025, 4, 1), ActionStatus.OPEN
        )
        for i, title in enumerate(titles)
    ]


def _view(cls, qtbot, model, word_wrap: bool) -> QTableView:
    view = cls()
    qtbot.addWidget(view)
    view.setWordWrap(word_wrap)
    view.setModel(model)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def _widths(view: QTableView) -> list[int]:
    header = view.horizontalHeader()
    return [header.sectionSize(i) for i in range(header.count())]


@pytest.mark.parametrize("word_wrap", [False, True])
def test_widths_follow_the_rows_as_qt_sizes_them(qtbot, word_wrap):
    plain_model, cached_model = ActionTableModel(), ActionTableModel()
    first = _actions(["推進体制の案を作る", "研修"] * 20)
    plain_model.set_records(first)
    cached_model.set_records(first)
    plain = _view(QTableView, qtbot, plain_model, word_wrap)
    cached = _view(ContentSizedTable, qtbot, cached_model, word_wrap)
    assert _widths(cached) == _widths(plain)
    for view in (plain, cached):  # a narrower window: laid out again, the same measure
        view.resize(400, 300)
    qtbot.waitUntil(lambda: plain.width() == cached.width() == 400)
    assert _widths(cached) == _widths(plain)

    # New rows, a longer title: measured anew.
    before = _widths(cached)
    longer = _actions(["庁内のDX推進体制について担当課と確認し、研修計画の案を作る"] * 3)
    plain_model.set_records(longer)
    cached_model.set_records(longer)
    qtbot.waitUntil(lambda: _widths(cached) == _widths(plain) and _widths(cached) != before)
    assert _widths(cached)[2] > before[2]

    # A larger font: measured anew.
    before = _widths(cached)
    for view in (plain, cached):
        font = view.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        view.setFont(font)
    qtbot.waitUntil(lambda: _widths(cached) == _widths(plain) and _widths(cached) != before)
    assert _widths(cached)[2] > before[2]

"""The visit planner: a month calendar beside the month's visits, filters, create and edit."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QModelIndex
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dxfield.changes import Changes
from dxfield.enums import Area, Phase
from dxfield.services import dashboard as service
from dxfield.services.programme import active_members

from .. import labels
from ..models import ID_ROLE, VisitTableModel
from ..ops import Ops
from ..widgets.layouts import side_by_side, stack
from ..widgets.tables import record_list


@dataclass(frozen=True)
class MonthData:
    visits: list[service.VisitSummary]
    members: list[str]


def load_month(session, first: date, area: Area | None) -> MonthData:
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    members = [m.name for m in active_members(session)]
    return MonthData(service.visits_between(session, first, last, area=area), members)


class PlannerPage(QWidget):
    def __init__(self, ops: Ops, navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._nav = navigator
        self._all: list[service.VisitSummary] = []
        self._marked: list[QDate] = []

        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("calendar")
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.currentPageChanged.connect(lambda _y, _m: self.refresh())
        self.calendar.clicked.connect(self._on_day_clicked)

        self.area = QComboBox()
        self.area.addItem(self.tr("全チーム"), None)
        self.area.addItem(labels.area(Area.KIHOKU), Area.KIHOKU)
        self.area.addItem(labels.area(Area.KINAN), Area.KINAN)
        self.area.currentIndexChanged.connect(lambda _i: self.refresh())
        self.phase = QComboBox()
        self.phase.addItem(self.tr("全フェーズ"), None)
        for phase in Phase:
            self.phase.addItem(labels.phase(phase), phase)
        self.phase.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.member = QComboBox()
        self.member.addItem(self.tr("全員"), None)
        self.member.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.day_only = QPushButton(self.tr("月全体を表示"))
        self.day_only.setEnabled(False)
        self.day_only.clicked.connect(self._show_whole_month)
        self._day: date | None = None

        self.model = VisitTableModel()
        self.table = record_list(self.model, "visit_list", single=True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_open)
        self.table.activated.connect(self._on_open)

        new = QPushButton(self.tr("新しい訪問…"))
        new.clicked.connect(lambda: self._nav.new_visit())
        edit = QPushButton(self.tr("編集…"))
        edit.clicked.connect(self._on_edit)
        notes = QPushButton(self.tr("面談記録を開く"))
        notes.clicked.connect(lambda: self._on_open(self.table.currentIndex()))
        # Trainings are planned beside visits; a DX入門研修 is often held with one.
        training = QPushButton(self.tr("この訪問で研修…"))
        training.setToolTip(self.tr("選んだ訪問にあわせて実施する研修を登録します"))
        training.clicked.connect(self._on_new_training)
        trainings = QPushButton(self.tr("研修一覧"))
        trainings.clicked.connect(lambda: self._nav.show_page("trainings"))
        self.count = QLabel()

        filters = QHBoxLayout()
        for text, widget in (
            (self.tr("チーム"), self.area),
            (self.tr("フェーズ"), self.phase),
            (self.tr("担当"), self.member),
        ):
            filters.addWidget(QLabel(text))
            filters.addWidget(widget)
        filters.addWidget(self.day_only)
        filters.addStretch()
        filters.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(edit)
        buttons.addWidget(notes)
        buttons.addStretch()
        buttons.addWidget(training)
        buttons.addWidget(trainings)

        right = stack(filters, (self.table, 1), buttons)
        splitter = side_by_side(self.calendar, right, (2, 3), [460, 740])
        self.calendar.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._members_loaded = False
        self.show_month(navigator.today)
        navigator.year_changed.connect(self._on_year_changed)

    def activate(self) -> None:
        self.refresh()

    def month(self) -> date:
        return date(self.calendar.yearShown(), self.calendar.monthShown(), 1)

    def refresh(self) -> None:
        area = Area(self.area.currentData()) if self.area.currentData() else None
        first = self.month()
        self._ops.query(lambda s: load_month(s, first, area), self._on_loaded)

    def on_changes(self, changes: Changes) -> None:
        if changes.visits and self.isVisible():
            self.refresh()

    def _on_loaded(self, data: MonthData) -> None:
        self._all = data.visits
        if not self._members_loaded:
            for name in data.members:
                self.member.addItem(name, name)
            self._members_loaded = True
        self._mark_days()
        self._apply_filters()

    def _filtered(self) -> list[service.VisitSummary]:
        phase, member = self.phase.currentData(), self.member.currentData()
        return [
            v
            for v in self._all
            if (phase is None or v.phase == phase)
            and (member is None or member in v.members)
            and (self._day is None or v.starts_at.date() == self._day)
        ]

    def _apply_filters(self) -> None:
        shown = self._filtered()
        self.model.set_records(shown)
        self.count.setText(self.tr("%1件").replace("%1", str(len(shown))))

    def _mark_days(self) -> None:
        for day in self._marked:
            self.calendar.setDateTextFormat(day, QTextCharFormat())
        self._marked = []
        mark = QTextCharFormat()
        mark.setBackground(QBrush(QColor("#cfe3f7")))
        mark.setFontWeight(700)
        for visit in self._all:
            day = QDate(visit.starts_at.date())
            self.calendar.setDateTextFormat(day, mark)
            self._marked.append(day)

    def _on_day_clicked(self, day: QDate) -> None:
        self._day = day.toPython()
        self.day_only.setEnabled(True)
        self._apply_filters()

    def _show_whole_month(self) -> None:
        self._day = None
        self.day_only.setEnabled(False)
        self._apply_filters()

    def selected_visit_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(index, ID_ROLE) if index.isValid() else None

    def _on_edit(self) -> None:
        visit_id = self.selected_visit_id()
        if visit_id:
            self._nav.edit_visit(visit_id)

    def _on_new_training(self) -> None:
        index = self.table.currentIndex()
        record = self.model.record(index.row()) if index.isValid() else None
        if record is None:
            self._nav.new_training()
        else:
            self._nav.new_training(record.municipality_id, record.id)

    def _on_open(self, index: QModelIndex) -> None:
        visit_id = self.model.data(index, ID_ROLE) if index.isValid() else None
        if visit_id:
            self._nav.open_visit(visit_id)

    def _on_year_changed(self, year: int) -> None:
        from dxfield import fiscal

        today = self._nav.today
        self.show_month(today if fiscal.fiscal_year_of(today) == year else date(year, 4, 1))

    def show_month(self, day: date) -> None:
        self.calendar.setCurrentPage(day.year, day.month)
        self.calendar.setSelectedDate(QDate(day))


__all__ = ["PlannerPage", "load_month"]

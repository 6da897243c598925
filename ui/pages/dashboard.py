"""The dashboard: the 30 × 6 phase board for the chosen 年度, this week, overdue actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dxfield import fiscal
from dxfield import overview as service
from dxfield.enums import Area

from .. import labels
from ..models import (
    STATUS_COLOURS,
    ActionTableModel,
    BoardItems,
    RecordItems,
    TrainingTableModel,
    VisitTableModel,
)
from ..widgets.headings import heading
from ..widgets.layouts import side_by_side, stack
from ..widgets.painted import AfterPaint
from ..widgets.tables import ContentSizedTable, record_list

if TYPE_CHECKING:  # this module loads before SQLAlchemy: the first paint comes first
    from dxfield.changes import Changes
    from dxfield.services.dashboard import DashboardData

    from ..ops import Ops


class Swatch(QFrame):
    """A colour of the legend: a 16 px box, the colour inside a 1 px grey border. Drawn by
    Qt from the palette, neither styled (a stylesheet on each of four labels cost the first
    paint 4 ms) nor painted from Python (``QPainter.fillRect`` with a colour has PySide6
    build ``QtCore.Qt``, some 14 ms, see ``ui.models``)."""

    BORDER = QColor("#9aa0a6")

    def __init__(self, colour: QColor) -> None:
        super().__init__()
        self.colour = colour
        self.setFixedSize(16, 16)
        self.setFrameShape(QFrame.Shape.Box)
        self.setFrameShadow(QFrame.Shadow.Plain)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, self.BORDER)  # the frame's line
        palette.setColor(QPalette.ColorRole.Window, colour)
        self.setPalette(palette)
        self.setAutoFillBackground(True)


class BoardView(AfterPaint, ContentSizedTable):
    """The board's table; the start-up waits until it has painted the first snapshot."""


def _table(model, view: ContentSizedTable | None = None) -> QTableView:
    view = record_list(model, view=ContentSizedTable() if view is None else view)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


class DashboardPage(QWidget):
    """``ops`` is None while the store opens: the page then shows a first snapshot
    (``show_snapshot``) and takes clicks once ``attach`` gave it the store."""

    def __init__(self, ops: Ops | None, navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._nav = navigator
        self._area: Area | None = None
        self._loading = False

        self.heading = heading(scale=1.1)
        self.area_group = QButtonGroup(self)
        filters = QHBoxLayout()
        filters.addWidget(self.heading)
        filters.addStretch()
        for index, (text, area) in enumerate(
            (
                (self.tr("全域"), None),
                (labels.area(Area.KIHOKU), Area.KIHOKU),
                (labels.area(Area.KINAN), Area.KINAN),
            )
        ):
            button = QRadioButton(text)
            button.setProperty("area", area.value if area else "")
            self.area_group.addButton(button, index)
            filters.addWidget(button)
            if area is None:
                button.setChecked(True)
        self.area_group.idClicked.connect(self._on_area_clicked)

        legend = QHBoxLayout()
        for status in service.CellStatus:
            legend.addWidget(Swatch(STATUS_COLOURS[status]))
            legend.addWidget(QLabel(labels.cell_status(status)))
            legend.addSpacing(10)
        legend.addStretch()
        legend.addWidget(QLabel(self.tr("セルをクリックで市町村・訪問を開く")))

        # The tables hold copies in Qt's items (``BoardItems``, ``RecordItems``): sizing and
        # painting them at the first snapshot calls no Python per cell and role, and builds
        # no ``QtCore.Qt`` (no Python ``headerData`` gets an orientation).
        self.board_model = BoardItems()
        self.board = _table(self.board_model, BoardView())
        self.board.setObjectName("board")
        self.board.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.board.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.board.setAlternatingRowColors(False)
        # Phase names must never be clipped: columns share the width but never get
        # narrower than the longest line of a (two-line) phase header.
        header = self.board.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        longest = max(
            header.fontMetrics().horizontalAdvance(line)
            for phase in self.board_model.headers()[1:]
            for line in phase.split("\n")
        )
        header.setMinimumSectionSize(longest + 12)
        self.board.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.board.verticalHeader().setDefaultSectionSize(24)
        self.board.clicked.connect(self._on_board_clicked)

        self.week_model = RecordItems(VisitTableModel())
        self.week = _table(self.week_model)
        self.week.setObjectName("week")
        self.week.doubleClicked.connect(self._on_week_activated)
        self.week.activated.connect(self._on_week_activated)
        self.overdue_model = RecordItems(ActionTableModel())
        self.overdue = _table(self.overdue_model)
        self.overdue.setObjectName("overdue")
        self.overdue.doubleClicked.connect(self._on_overdue_activated)
        self.trainings_model = RecordItems(TrainingTableModel())
        self.trainings = _table(self.trainings_model)
        self.trainings.setObjectName("upcoming_trainings")
        for column in (TrainingTableModel.RESPONSES, TrainingTableModel.STATUS):
            self.trainings.hideColumn(column)
        self.trainings.doubleClicked.connect(self._on_training_activated)
        self.trainings.activated.connect(self._on_training_activated)

        left = stack(filters, legend, (self.board, 1))

        self.week_title = heading(self.tr("今週の訪問"), 1.1)
        self.overdue_title = heading(self.tr("期限超過のアクション"), 1.1)
        self.trainings_title = heading(self.tr("今後30日の研修"), 1.1)
        self.training_totals = QLabel()
        self.training_totals.setObjectName("training_totals")
        self.training_totals.setWordWrap(True)
        right = stack(
            self.week_title,
            (self.week, 1),
            self.overdue_title,
            (self.overdue, 1),
            self.trainings_title,
            self.training_totals,
            (self.trainings, 1),
        )

        splitter = side_by_side(left, right, (3, 2), [760, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        navigator.year_changed.connect(lambda _y: self.refresh())

    def attach(self, ops: Ops) -> None:
        self._ops = ops

    def activate(self) -> None:
        self.refresh()

    def _set_heading(self, year: int) -> None:
        self.heading.setText(
            self.tr("%1 の進捗").replace("%1", fiscal.fiscal_year_label(year, with_seireki=False))
        )

    def refresh(self) -> None:
        year, area, today = self._nav.year, self._area, self._nav.today
        self._set_heading(year)
        if self._ops is None:
            return  # the snapshot shows meanwhile; attach() then activate() loads it all
        from dxfield.services.dashboard import load_dashboard  # the store is open: imported

        self._loading = True
        self._ops.query(lambda s: load_dashboard(s, year, area, today), self._on_loaded)

    def show_snapshot(self, year: int, snapshot: service.BoardSnapshot) -> None:
        """The board, the week and the overdue actions read before the store was open (all
        towns of ``year``); the trainings follow with the full load."""
        if self._ops is not None:
            return  # the full load is under way or done
        self._set_heading(year)
        self._show_board(snapshot)

    def _show_board(self, data) -> None:
        # The full load after the first snapshot mostly brings the rows already shown: a
        # reset would only lay the tables out again (tens of ms as the store opens). The
        # rows are frozen dataclasses, so equal rows show the same.
        if data.board != self.board_model.rows():
            self.board_model.set_rows(data.board)
        if data.week != self.week_model.records():
            self.week_model.set_records(data.week)
        if data.overdue != self.overdue_model.records():
            self.overdue_model.set_records(data.overdue)
        self.week_title.setText(self.tr("今週の訪問（%1件）").replace("%1", str(len(data.week))))
        self.overdue_title.setText(
            self.tr("期限超過のアクション（%1件）").replace("%1", str(len(data.overdue)))
        )

    def _on_loaded(self, data: DashboardData) -> None:
        self._loading = False
        self._show_board(data)
        self.trainings_model.set_records(data.trainings)
        self.trainings_title.setText(
            self.tr("今後30日の研修（%1件）").replace("%1", str(len(data.trainings)))
        )
        totals = data.training_totals
        text = (
            self.tr("今年度の研修 %1回・参加者 %2人・アンケート回答 %3件")
            .replace("%1", str(totals.held))
            .replace("%2", f"{totals.attendees:,}")
            .replace("%3", f"{totals.responses:,}")
        )
        if totals.headline.n:
            text += "　" + self.tr("変化を実感 %1（目標 %2）").replace(
                "%1", f"{totals.headline.value:.0%}"
            ).replace("%2", f"{totals.target:.0%}")
        self.training_totals.setText(text)

    def is_loading(self) -> bool:
        return self._loading

    def on_changes(self, changes: Changes) -> None:
        relevant = (
            changes.municipalities
            or changes.visits
            or changes.action_items
            or changes.assessments
            or changes.trainings
            or changes.forms
        )
        if relevant and self.isVisible():  # hidden pages refresh when shown (activate)
            self.refresh()

    def _on_area_clicked(self, button_id: int) -> None:
        self._area = (None, Area.KIHOKU, Area.KINAN)[button_id]
        self.refresh()

    def _on_board_clicked(self, index: QModelIndex) -> None:
        if self._ops is None:
            return  # a snapshot: the pages a click opens need the store
        row = self.board_model.board_row(index.row())
        if index.column() == 0:
            self._nav.open_municipality(row.municipality_id)
            return
        cell = row.cells[index.column() - 1]
        if cell.visit_id:
            self._nav.open_visit(cell.visit_id)
        else:
            self._nav.open_municipality(row.municipality_id)

    def _on_week_activated(self, index: QModelIndex) -> None:
        if self._ops is None:
            return
        visit_id = self.week_model.record(index.row()).id
        if visit_id:
            self._nav.open_visit(visit_id)

    def _on_overdue_activated(self, index: QModelIndex) -> None:
        if self._ops is None:
            return
        record = self.overdue_model.record(index.row())
        if record.visit_id:
            self._nav.open_visit(record.visit_id)
        else:
            self._nav.open_municipality(record.municipality_id)

    def _on_training_activated(self, index: QModelIndex) -> None:
        training_id = self.trainings_model.record(index.row()).id
        if training_id:
            self._nav.open_training(training_id)

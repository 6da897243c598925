"""Table views: a read-only list of records, and a view that measures its columns' contents
once per change of its rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


class ContentSizedTable(QTableView):
    """A ``QTableView`` whose ``ResizeToContents`` columns are measured once per change of
    the model's rows or data (or of the view's font or style) instead of each time the header
    lays out. Qt measures every cell of such a column on each layout, and a page being shown
    lays out two or three times: the dashboard's hundred overdue actions cost some 14,000
    calls into the model for the same widths each time. Only while Qt measures every row
    anyway (no more rows than the header's ``resizeContentsPrecision``) is the measure kept,
    so the widths are what Qt computes; rows hidden with ``setRowHidden`` are not tracked."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._column_hints: dict[int, int] = {}

    def setModel(self, model) -> None:
        super().setModel(model)
        self._forget_hints()
        if model is not None:
            for signal in (
                model.modelReset,
                model.layoutChanged,
                model.dataChanged,
                model.rowsInserted,
                model.rowsRemoved,
                model.rowsMoved,
                model.columnsInserted,
                model.columnsRemoved,
                model.columnsMoved,
            ):
                signal.connect(self._forget_hints)

    def _forget_hints(self, *_args) -> None:
        self._column_hints.clear()

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._column_hints.clear()
        super().changeEvent(event)

    def sizeHintForColumn(self, column: int) -> int:
        model = self.model()
        precision = self.horizontalHeader().resizeContentsPrecision()
        if model is None or 0 <= precision < model.rowCount():
            return super().sizeHintForColumn(column)  # Qt measures around the visible rows
        hint = self._column_hints.get(column)
        if hint is None:
            hint = self._column_hints[column] = super().sizeHintForColumn(column)
        return hint


def record_list(
    model, name: str = "", *, view: QTableView | None = None, single: bool = False
) -> QTableView:
    """``view`` (a new ``QTableView`` by default) set up as a read-only list of records: a
    click selects the whole row (only one row with ``single``), no row numbers, columns as
    wide as their contents, rows in alternating shades. Pages add their own column widths."""
    view = QTableView() if view is None else view
    if name:
        view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setAlternatingRowColors(True)
    return view

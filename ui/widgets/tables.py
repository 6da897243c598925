"""A table view that measures its columns' contents once per change of its rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTableView


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

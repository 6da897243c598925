"""The conflicts a sync left open: both versions side by side; keep mine, keep theirs or
edit the merge. Records set aside (received or unsendable) are listed with their reason and
can be marked seen.

``ConflictsView(ops)`` is a page or a window; it emits ``resolved`` after each choice.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sync import conflicts as conflict_service

from .errors import language
from .qtcompat import emit

translate = QCoreApplication.translate


_KINDS = {
    "field": QT_TRANSLATE_NOOP("Sync", "項目"),
    "text": QT_TRANSLATE_NOOP("Sync", "メモ本文"),
    "delete_vs_edit": QT_TRANSLATE_NOOP("Sync", "削除と編集"),
    "set_aside": QT_TRANSLATE_NOOP("Sync", "受信保留"),
    "duplicate": QT_TRANSLATE_NOOP("Sync", "重複（受信保留）"),
    "unsendable": QT_TRANSLATE_NOOP("Sync", "送信保留"),
}


class ConflictsModel(QAbstractTableModel):
    KIND, RECORD, FIELD, MINE, THEIRS = range(5)
    HEADERS = (
        QT_TRANSLATE_NOOP("Sync", "種類"),
        QT_TRANSLATE_NOOP("Sync", "データ"),
        QT_TRANSLATE_NOOP("Sync", "項目"),
        QT_TRANSLATE_NOOP("Sync", "自分の値"),
        QT_TRANSLATE_NOOP("Sync", "採用された値"),
    )
    ConflictRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[conflict_service.ConflictInfo] = []

    def set_conflicts(self, rows: list[conflict_service.ConflictInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def conflict(self, row: int) -> conflict_service.ConflictInfo:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("Sync", self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        if role == self.ConflictRole:
            return c.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == self.KIND:
            return translate("Sync", _KINDS.get(c.kind, c.kind))
        if column == self.RECORD:
            return c.table
        if column == self.FIELD:
            # A record kept aside says why (the reason names the field itself).
            return c.reason_text(language()) or c.field
        value = c.mine if column == self.MINE else c.theirs
        return _short(value)


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    first = text.splitlines()[0] if text else ""
    return first + ("…" if len(first) < len(text) else "")


class ConflictsView(QWidget):
    """Open conflicts; both versions side by side; keep mine, keep theirs or edit the merge.

    ``ops`` is the UI's :class:`ui.ops.Ops` (reads and writes go through it).
    """

    resolved = Signal()

    def __init__(self, ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = ConflictsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.mine = QPlainTextEdit()
        self.mine.setReadOnly(True)
        self.theirs = QPlainTextEdit()
        self.theirs.setReadOnly(True)
        self.merged = QPlainTextEdit()
        self.keep_mine = QPushButton(translate("Sync", "自分の値を採用"))
        self.keep_theirs = QPushButton(translate("Sync", "相手の値を採用"))
        self.save_merge = QPushButton(translate("Sync", "編集した内容で確定"))
        sides = QHBoxLayout()
        for title, editor in (
            (translate("Sync", "自分の値"), self.mine),
            (translate("Sync", "採用された値"), self.theirs),
            (translate("Sync", "統合（編集できます）"), self.merged),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(editor)
            sides.addLayout(column)
        buttons = QHBoxLayout()
        for b in (self.keep_mine, self.keep_theirs, self.save_merge):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(sides)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.save_merge.clicked.connect(lambda: self._resolve("merged"))
        self._set_enabled(False)
        self.refresh()

    def refresh(self) -> None:
        self.ops.query(conflict_service.open_conflicts, self._on_loaded)

    def on_changes(self, changes) -> None:
        """A sync left or settled conflicts (``dxfield.changes.Changes``): list them again,
        unless a merge is being edited (the next change or opening the view shows them)."""
        if changes.conflicts and not self.merged.document().isModified():
            self.refresh()

    def _on_loaded(self, rows) -> None:
        index = self.table.currentIndex()
        shown = self.model.conflict(index.row()).id if index.isValid() else None
        self.model.set_conflicts(rows)
        if rows:
            # The conflict on show stays on show when others arrive.
            ids = [row.id for row in rows]
            self.table.selectRow(ids.index(shown) if shown in ids else 0)
        else:
            for editor in (self.mine, self.theirs, self.merged):
                editor.clear()
            self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        for b in (self.keep_mine, self.keep_theirs, self.save_merge):
            b.setEnabled(on)

    def _on_current_changed(self, current: QModelIndex, _previous) -> None:
        if not current.isValid():
            self._set_enabled(False)
            return
        c = self.model.conflict(current.row())
        # A record kept aside has no value of mine: its reason stands there instead, and
        # any button marks it seen.
        self.mine.setPlainText(c.reason_text(language()) or ("" if c.mine is None else str(c.mine)))
        self.theirs.setPlainText("" if c.theirs is None else str(c.theirs))
        merged = c.merged if c.kind == "text" else c.current
        self.merged.setPlainText("" if merged is None else str(merged))
        self._set_enabled(True)

    def _resolve(self, choice: str) -> None:
        row = self.table.currentIndex().row()
        if row < 0:
            return
        c = self.model.conflict(row)
        value = self.merged.toPlainText() if choice == "merged" else None

        def work(session):
            return conflict_service.resolve(session, c.id, choice, value)

        def done(_result) -> None:
            emit(self.resolved)
            self.refresh()

        self.ops.write(work, done)

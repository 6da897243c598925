"""Search: one box, results with highlighted snippets; Enter opens the note at the hit."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from dxfield.search.query import locate_in_note

from ..errors import message_for
from ..ops import Ops

HTML_ROLE = Qt.ItemDataRole.UserRole + 10
HIT_ROLE = Qt.ItemDataRole.UserRole + 11

Index = QModelIndex | QPersistentModelIndex


def snippet_html(snippet: str, highlights: list[tuple[int, int]]) -> str:
    parts, at = [], 0
    for start, end in sorted(highlights):
        if start < at:
            continue
        parts.append(html.escape(snippet[at:start]))
        parts.append(
            f"<b style='background:#fff1a8; color:#202124'>{html.escape(snippet[start:end])}</b>"
        )
        at = end
    parts.append(html.escape(snippet[at:]))
    return "".join(parts).replace("\n", " ")


class SearchResultModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: list[Any] = []
        self._titles: dict[str, str] = {}

    def set_hits(self, hits: list[Any]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Any:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._hits)):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title}\n{hit.snippet}"
        if role == HTML_ROLE:
            title = html.escape(hit.title)
            if getattr(hit, "internal", False):
                internal = html.escape(self.tr("［内部］"))
                title += f" <span style='color:#8a5300'>{internal}</span>"
            return f"<div style='color:#5f6368'>{title}</div><div>{snippet_html(hit.snippet, hit.highlights)}</div>"
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.snippet
        return None


class HtmlDelegate(QStyledItemDelegate):
    """Draws the HTML of ``HTML_ROLE`` so highlights show in bold on a yellow ground."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(100, option.rect.width() - 12))
        return doc

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget
            )
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.left() + 6, option.rect.top() + 4)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(
                QPalette.ColorRole.Text, option.palette.highlightedText().color()
            )
        painter.setClipRect(QRectF(0, 0, option.rect.width() - 12, option.rect.height() - 4))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        self.initStyleOption(option, index)
        width = option.widget.viewport().width() if option.widget else 600
        option.rect.setWidth(width)
        doc = self._document(option, index)
        return QSize(width, int(doc.size().height()) + 8)


class SearchBox(QLineEdit):
    """Up/Down move through the results while the cursor stays in the box."""

    def __init__(self, results: QListView) -> None:
        super().__init__()
        self._results = results

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            model = self._results.model()
            if model.rowCount():
                row = self._results.currentIndex().row()
                row = row + (1 if event.key() == Qt.Key.Key_Down else -1)
                row = max(0, min(model.rowCount() - 1, row))
                self._results.setCurrentIndex(model.index(row, 0))
            return
        super().keyPressEvent(event)


class SearchPage(QWidget):
    def __init__(self, ops: Ops, navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._nav = navigator
        self._generation = 0
        self._open_when_done = False
        self.model = SearchResultModel(self)
        self.results = QListView()
        self.results.setObjectName("results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setUniformItemSizes(False)
        self.results.setWordWrap(True)
        self.results.setSpacing(2)
        self.results.activated.connect(self.open_hit)
        self.box = SearchBox(self.results)
        self.box.setObjectName("search_box")
        self.box.setPlaceholderText(
            self.tr("面談記録・アクション・アセスメントの自由記述を検索（例: 予算 研修）")
        )
        self.box.setClearButtonEnabled(True)
        font = self.box.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.box.setFont(font)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self._on_enter)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run_search)

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.box.text()
        self._generation += 1
        generation = self._generation

        def find(session):
            from dxfield.search import search

            return search(session, text, limit=50)

        self._ops.query(find, lambda hits: self._on_results(generation, hits), self._on_failed)

    def _on_results(self, generation: int, hits) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self.model.set_hits(hits)
        text = self.box.text().strip()
        self.status.setText(self.tr("%1件").replace("%1", str(len(hits))) if text else "")
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
        if self._open_when_done:
            self._open_when_done = False
            if hits:
                self.open_hit(self.results.currentIndex())

    def _on_failed(self, exc: BaseException) -> None:
        self.status.setText(message_for(exc))

    def _on_enter(self) -> None:
        if self._timer.isActive() or not self.model.rowCount():
            self._open_when_done = True
            self.run_search()
            return
        self.open_hit(self.results.currentIndex())

    def open_hit(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = self.model.hit(index.row())
        if hit.training_id:
            self._nav.open_training(hit.training_id)
        elif hit.kind == "note" and hit.visit_id:
            visit_id = hit.visit_id
            self._ops.query(
                lambda s: locate_in_note(s, hit),
                lambda found: self._nav.open_visit(visit_id, found[0], found[1]),
                self._on_failed,
            )
        elif hit.visit_id:
            self._nav.open_visit(hit.visit_id)
        elif hit.municipality_id:
            if hit.kind == "answer":
                self._nav.open_assessment(hit.municipality_id)
            else:
                self._nav.open_municipality(hit.municipality_id)

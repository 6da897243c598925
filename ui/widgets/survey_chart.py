"""A survey's Likert items as 100% bars (QPainter): one bar per item, the answers from the
most positive on the left, and the share of the top answers with its 95% interval beside it.

Readable in greyscale: the agreeing answers are dark and the others light, the figures are
written out, and the headline items are marked ★.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dxfield.surveys.results import ItemResult

# Most positive first: two teals (the top answers), a neutral grey, two light oranges.
SCALE_COLOURS = ("#1f6870", "#5c9aa0", "#d9d9d6", "#f0c7a8", "#d98a5f")


def agree_text(item: ItemResult) -> str:
    return item.agree.text() if item.agree is not None else "—"


class SurveyBarsWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[ItemResult] = []
        self._legend: Sequence[str] = ()
        self._empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(120)

    def set_items(self, items: Sequence[ItemResult], empty_text: str = "") -> None:
        self._items = [i for i in items if i.agree is not None]
        self._legend = [c.label for c in self._items[0].choices] if self._items else ()
        self._empty_text = empty_text
        self.updateGeometry()
        self.update()

    def items(self) -> list[ItemResult]:
        return list(self._items)

    # -- layout: the same for painting and for the height the widget asks for -------------

    def _legend_rows(self, width: float) -> list[list[tuple[float, str]]]:
        """Legend entries as (x, label), wrapped into as many lines as the width needs."""
        metrics = QFontMetrics(self.font())
        rows: list[list[tuple[float, str]]] = [[]]
        x = 4.0
        for label in self._legend:
            step = 16 + metrics.horizontalAdvance(label) + 14
            if rows[-1] and x + step > width:
                rows.append([])
                x = 4.0
            rows[-1].append((x, label))
            x += step
        return rows

    def _label_width(self, width: float) -> float:
        return width * 0.42

    def _row_heights(self, width: float) -> list[int]:
        metrics = QFontMetrics(self.font())
        label_w = int(self._label_width(width) - 8)
        minimum = metrics.height() * 2 + 14
        heights = []
        for item in self._items:
            text = ("★ " if item.headline else "") + item.text
            box = metrics.boundingRect(0, 0, label_w, 10_000, Qt.TextFlag.TextWordWrap, text)
            heights.append(max(minimum, box.height() + 10))
        return heights

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        line = QFontMetrics(self.font()).height() + 8
        legend = len(self._legend_rows(width)) * line + 4
        return legend + sum(self._row_heights(width)) + 4 if self._items else 120

    def sizeHint(self) -> QSize:
        return QSize(520, self.heightForWidth(520))

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 120)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self._items:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        metrics = QFontMetrics(self.font())
        text_colour = self.palette().text().color()
        line = metrics.height() + 8
        colours = {
            label: SCALE_COLOURS[n % len(SCALE_COLOURS)] for n, label in enumerate(self._legend)
        }
        for r, entries in enumerate(self._legend_rows(self.width())):
            for x, label in entries:
                box = QRectF(x, 4 + r * line, 12, 12)
                painter.fillRect(box, QColor(colours[label]))
                painter.setPen(QColor("#9aa0a6"))
                painter.drawRect(box)
                painter.setPen(text_colour)
                painter.drawText(QRectF(x + 16, r * line, 240, line), label)
        y = len(self._legend_rows(self.width())) * line + 4
        label_w = self._label_width(self.width())
        figure_w = metrics.horizontalAdvance("100%（100%–100%）") + 10
        bar_x = label_w + 6
        bar_w = max(40.0, self.width() - bar_x - figure_w - 4)
        for item, row_h in zip(self._items, self._row_heights(self.width()), strict=True):
            label = ("★ " if item.headline else "") + item.text
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(4, y, label_w - 8, row_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                label,
            )
            total = sum(c.count for c in item.choices) or 1
            bar_h = min(row_h - 16, metrics.height() * 2)
            bar = QRectF(bar_x, y + (row_h - bar_h) / 2, bar_w, bar_h)
            left = bar.left()
            for n, choice in enumerate(item.choices):
                width = bar.width() * choice.count / total
                cell = QRectF(left, bar.top(), width, bar.height())
                painter.fillRect(cell, QColor(SCALE_COLOURS[n % len(SCALE_COLOURS)]))
                if width > metrics.horizontalAdvance("88") + 4 and choice.count:
                    painter.setPen(QColor("white") if n < 2 else QColor("#202124"))
                    painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(choice.count))
                left += width
            painter.setPen(QPen(QColor("#9aa0a6")))
            painter.drawRect(bar)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(bar.right() + 6, y, figure_w, row_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                agree_text(item),
            )
            y += row_h

"""The assessment drawn with QPainter: a stage × domain heatmap and a per-domain radar.

No QtCharts: two small widgets, readable in greyscale (numbers in every cell, dashed vs solid
outlines on the radar), with Japanese labels in the application font.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

BASELINE_COLOUR = QColor("#3a6ea5")
EVALUATION_COLOUR = QColor("#d9822b")


@dataclass(frozen=True)
class Grid:
    """What the heatmap shows: values[row][col], each shaded by its share of the cell's
    maximum (fractions[row][col], 0..1, as the results model gives it), column totals."""

    row_labels: Sequence[str]
    col_labels: Sequence[str]
    values: Sequence[Sequence[int]]
    fractions: Sequence[Sequence[float]]
    totals: Sequence[int]
    total_label: str = ""
    footer: Sequence[str] = ()  # e.g. the support level under each column


def _shade(fraction: float) -> QColor:
    fraction = max(0.0, min(1.0, fraction))
    # From paper white to a deep teal: dark enough to read the order in black and white.
    start, end = (250, 250, 247), (31, 104, 112)
    return QColor(*(round(a + (b - a) * fraction) for a, b in zip(start, end, strict=True)))


class HeatmapWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid: Grid | None = None
        self._empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(220)

    def set_grid(self, grid: Grid | None, empty_text: str = "") -> None:
        self._grid = grid
        self._empty_text = empty_text
        self.update()

    def grid(self) -> Grid | None:
        return self._grid

    def sizeHint(self) -> QSize:
        rows = len(self._grid.row_labels) + 3 if self._grid else 6
        return QSize(560, 36 * rows + 10)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        grid = self._grid
        if grid is None or not grid.row_labels:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        metrics = QFontMetrics(self.font())
        label_w = max(metrics.horizontalAdvance(t) for t in [*grid.row_labels, grid.total_label])
        label_w += 16
        rows = len(grid.row_labels) + 1 + (1 if grid.footer else 0)
        widest = max(metrics.horizontalAdvance(t) for t in grid.col_labels)
        cell_w = (self.width() - label_w - 4) / max(1, len(grid.col_labels))
        wrap = widest > cell_w - 6  # long domain names take two lines rather than an ellipsis
        header_h = metrics.height() * (2 if wrap else 1) + 12
        cell_h = max(metrics.height() + 14, (self.height() - header_h - 4) / rows)
        pen = QPen(QColor("#9aa0a6"))
        for c, label in enumerate(grid.col_labels):
            rect = QRectF(label_w + c * cell_w, 0, cell_w, header_h)
            painter.setPen(self.palette().text().color())
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWrapAnywhere
            painter.drawText(rect.adjusted(2, 0, -2, 0), flags, label)
        for r, label in enumerate(grid.row_labels):
            y = header_h + r * cell_h
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(4, y, label_w - 8, cell_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
            for c in range(len(grid.col_labels)):
                value, fraction = grid.values[r][c], grid.fractions[r][c]
                rect = QRectF(label_w + c * cell_w, y, cell_w, cell_h)
                painter.fillRect(rect, _shade(fraction))
                painter.setPen(pen)
                painter.drawRect(rect)
                painter.setPen(QColor("white") if fraction > 0.55 else QColor("#202124"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{value}")
        y = header_h + len(grid.row_labels) * cell_h
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(self.palette().text().color())
        painter.drawText(
            QRectF(4, y, label_w - 8, cell_h), Qt.AlignmentFlag.AlignVCenter, grid.total_label
        )
        for c, total in enumerate(grid.totals):
            rect = QRectF(label_w + c * cell_w, y, cell_w, cell_h)
            painter.fillRect(rect, QColor("#e8eaed"))
            painter.setPen(pen)
            painter.drawRect(rect)
            painter.setPen(self.palette().text().color())
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(total))
        painter.setFont(self.font())
        if grid.footer:
            y += cell_h
            for c, text in enumerate(grid.footer):
                rect = QRectF(label_w + c * cell_w, y, cell_w, cell_h)
                painter.drawText(
                    rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text
                )


@dataclass(frozen=True)
class RadarSeries:
    label: str
    fractions: Sequence[float]  # 0..1 per axis
    colour: QColor
    dashed: bool = False


class RadarWidget(QWidget):
    """One axis per domain; the baseline dashed, the evaluation solid, on the same web."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._axes: list[str] = []
        self._series: list[RadarSeries] = []
        self._empty_text = ""
        self.setMinimumSize(280, 260)

    def set_data(
        self, axes: Sequence[str], series: Sequence[RadarSeries], empty_text: str = ""
    ) -> None:
        self._axes = list(axes)
        self._series = list(series)
        self._empty_text = empty_text
        self.update()

    def series(self) -> list[RadarSeries]:
        return list(self._series)

    def sizeHint(self) -> QSize:
        return QSize(340, 300)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self._axes or not self._series:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        metrics = QFontMetrics(self.font())
        legend_h = metrics.height() + 8
        centre = QPointF(self.width() / 2, (self.height() - legend_h) / 2 + legend_h)
        label_w = max(metrics.horizontalAdvance(a) for a in self._axes) + 10
        radius = min(
            self.width() / 2 - label_w, (self.height() - legend_h) / 2 - metrics.height() - 8
        )
        radius = max(radius, 30)
        n = len(self._axes)

        def point(i: int, fraction: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            return QPointF(
                centre.x() + radius * fraction * math.cos(angle),
                centre.y() + radius * fraction * math.sin(angle),
            )

        painter.setPen(QPen(QColor("#c8ccd0"), 1))
        for ring in (0.25, 0.5, 0.75, 1.0):
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(n)]))
        for i, label in enumerate(self._axes):
            painter.setPen(QPen(QColor("#c8ccd0"), 1))
            painter.drawLine(centre, point(i, 1.0))
            tip = point(i, 1.0)
            w = metrics.horizontalAdvance(label) + 6
            h = metrics.height()
            dx = tip.x() - centre.x()
            dy = tip.y() - centre.y()
            x = tip.x() - w / 2 + (w / 2 + 4) * (1 if dx > 1 else -1 if dx < -1 else 0)
            y = tip.y() - h / 2 + (h / 2 + 4) * (1 if dy > 1 else -1 if dy < -1 else 0)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(x, y, w, h), Qt.AlignmentFlag.AlignCenter, label)
        for series in self._series:
            pen = QPen(series.colour, 2.5)
            if series.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            fill = QColor(series.colour)
            fill.setAlpha(40)
            painter.setBrush(fill)
            path = QPainterPath()
            polygon = QPolygonF([point(i, f) for i, f in enumerate(series.fractions)])
            path.addPolygon(polygon)
            path.closeSubpath()
            painter.drawPath(path)
            painter.setBrush(series.colour)
            for p in polygon:
                painter.drawEllipse(p, 3, 3)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        x = 8.0
        for series in self._series:
            pen = QPen(series.colour, 2.5)
            if series.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, legend_h / 2), QPointF(x + 24, legend_h / 2))
            painter.setPen(self.palette().text().color())
            w = metrics.horizontalAdvance(series.label) + 4
            painter.drawText(
                QRectF(x + 28, 0, w, legend_h), Qt.AlignmentFlag.AlignVCenter, series.label
            )
            x += 28 + w + 16

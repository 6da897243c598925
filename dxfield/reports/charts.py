"""Charts for the assessment: the 4×4 heatmap, the radar, before/after bars.

Drawn for a black-and-white printer: values are printed as numbers and the greys only
support them; baseline and evaluation differ by line style (dashed / solid), not colour.
Every label uses the Japanese font (reportlab's charts default to Helvetica, which has no
Japanese glyphs).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import register_fonts

BASELINE_LABEL = "当初"
EVALUATION_LABEL = "評価"
_BASELINE_GREY = colors.Color(0.55, 0.55, 0.55)
_EVALUATION_GREY = colors.Color(0.2, 0.2, 0.2)


def grey_for(ratio: float) -> colors.Color:
    """White for nothing, a mid grey for full marks: dark enough to see, light enough that
    the number on it stays readable."""
    ratio = min(max(ratio, 0.0), 1.0)
    level = 1.0 - 0.62 * ratio
    return colors.Color(level, level, level)


def _text_on(fill: colors.Color) -> colors.Color:
    return colors.white if fill.red < 0.55 else colors.black


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to ``size`` at which ``text`` fits in ``width``."""
    w = stringWidth(text, font, size)
    return size if w <= width else max(5.0, size * width / w)


def _drawing(width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    # The renderer starts each drawing in Helvetica unless told otherwise, which would put an
    # unembedded font into the PDF.
    d.initialFontName = register_fonts()
    return d


def _centered(d: Drawing, x: float, y: float, text: str, size: float, **kw: Any) -> None:
    d.add(String(x, y, text, fontName=register_fonts(), fontSize=size, textAnchor="middle", **kw))


def heatmap(
    score: Any,
    *,
    width: float = 100 * mm,
    change: Any = None,
    title: str = "",
) -> Drawing:
    """The sheet as a stage × domain grid with each cell's points, then the domain totals
    and the support level by score (点数による支援分類).

    With ``change`` (the year's ``SheetDiff``; ``score`` is then the evaluation) each cell
    shows the change instead: ``+2``, ``▲1``; ``—`` where the two sheets share no cell.
    """
    compare = change is not None
    font = register_fonts()
    stages, domains = list(score.stages), list(score.domains)
    label_w = min(28 * mm, width * 0.3)
    col_w = (width - label_w) / max(len(domains), 1)
    head_h, row_h = 9 * mm, 8.5 * mm
    foot_rows = 1 if compare else 2
    title_h = 6 * mm if title else 0
    height = title_h + head_h + row_h * (len(stages) + foot_rows)
    d = _drawing(width, height)
    top = height - title_h
    if title:
        d.add(String(0, height - 4 * mm, title, fontName=font, fontSize=9))

    for j, (_key, label) in enumerate(domains):
        x = label_w + j * col_w
        d.add(Rect(x, top - head_h, col_w, head_h, fillColor=colors.white, strokeColor=None))
        size = _fit(label, font, 8, col_w - 2)
        _centered(d, x + col_w / 2, top - head_h + 3 * mm, label, size)

    for i, (stage_key, stage_label) in enumerate(stages):
        y = top - head_h - (i + 1) * row_h
        size = _fit(stage_label, font, 8, label_w - 4)
        d.add(String(2, y + row_h / 2 - 3, stage_label, fontName=font, fontSize=size))
        for j, (domain_key, _label) in enumerate(domains):
            x = label_w + j * col_w
            value = score.cell(stage_key, domain_key)
            top_value = score.cell_limit(stage_key, domain_key)
            delta = change.cell(stage_key, domain_key) if compare else None
            if compare:
                positive = delta is not None and delta > 0
                fill = grey_for(delta / top_value if top_value else 0) if positive else None
                text = "—" if delta is None else signed(delta)
            else:
                fill = grey_for(score.cell_fraction(stage_key, domain_key))
                text = str(value)
            d.add(
                Rect(
                    x,
                    y,
                    col_w,
                    row_h,
                    fillColor=fill or colors.white,
                    strokeColor=colors.black,
                    strokeWidth=0.5,
                    # A fall is outlined dashed, so it shows without colour.
                    strokeDashArray=(2, 1.5) if delta is not None and delta < 0 else None,
                )
            )
            ink = _text_on(fill) if fill is not None else colors.black
            _centered(d, x + col_w / 2, y + row_h / 2 - 4, text, 12, fillColor=ink)
            if not compare and top_value:
                d.add(
                    String(
                        x + col_w - 2,
                        y + 2,
                        f"/{top_value}",
                        fontName=font,
                        fontSize=6,
                        textAnchor="end",
                        fillColor=ink,
                    )
                )

    y = top - head_h - (len(stages) + 1) * row_h
    d.add(Line(0, y + row_h, width, y + row_h, strokeWidth=1.2))
    d.add(String(2, y + row_h / 2 - 3, "合計点", fontName=font, fontSize=8))
    for j, (domain_key, _label) in enumerate(domains):
        x = label_w + j * col_w
        if compare:
            moved = change.domain_total(domain_key)
            text = "—" if moved is None else signed(moved)
        else:
            text = f"{score.domain_total(domain_key)} / {score.domain_limit(domain_key)}"
        _centered(d, x + col_w / 2, y + row_h / 2 - 3.5, text, 10)
    if not compare:
        y -= row_h
        d.add(String(2, y + row_h / 2 - 3, "支援分類", fontName=font, fontSize=8))
        for j, (domain_key, _label) in enumerate(domains):
            x = label_w + j * col_w
            label = score.level_label(domain_key) or "—"
            _centered(d, x + col_w / 2, y + row_h / 2 - 3, label, _fit(label, font, 9, col_w - 2))
    return d


def signed(delta: int) -> str:
    # ▲ for a fall, as Japanese public documents write negatives.
    if delta > 0:
        return f"+{delta}"
    if delta < 0:
        return f"▲{-delta}"
    return "±0"


class _PercentSpider(SpiderChart):
    """A spider chart on a fixed 0–100 % scale, so two charts can be compared by eye."""

    def normalizeData(self, outer=0.0):
        self._norm = 100.0
        return [[min(max(v, 0.0), 100.0) / 100.0 for v in row] for row in self.data]


def radar(
    baseline: Any = None,
    evaluation: Any = None,
    *,
    width: float = 80 * mm,
    height: float = 70 * mm,
) -> Drawing | None:
    """Each domain's total as a share of its maximum (outer ring = full marks); baseline
    dashed, evaluation solid."""
    series = [(s, name) for s, name in ((baseline, BASELINE_LABEL), (evaluation, EVALUATION_LABEL))]
    series = [(s, name) for s, name in series if s is not None]
    if not series:
        return None
    font = register_fonts()
    domains = list(series[0][0].domains)
    legend_h = 7 * mm
    d = _drawing(width, height)
    # Left and right spokes carry horizontal labels as wide as 「データ利活用」.
    pad_x, pad_y = 17 * mm, 6 * mm
    diameter = min(width - 2 * pad_x, height - legend_h - 2 * pad_y)
    chart = _PercentSpider()
    chart.width = chart.height = diameter
    chart.x = (width - diameter) / 2
    chart.y = legend_h + pad_y + (height - legend_h - 2 * pad_y - diameter) / 2
    chart.data = [[100.0 * s.domain_fraction(key) for key, _ in domains] for s, _ in series]
    chart.labels = [label for _, label in domains]
    chart.spokes.strokeColor = colors.Color(0.6, 0.6, 0.6)
    chart.spokes.strokeWidth = 0.4
    chart.spokes.labelRadius = 1.08
    chart.spokeLabels.fontName = font
    chart.spokeLabels.fontSize = 8
    chart.strandLabels.fontName = font
    for n, (_score, name) in enumerate(series):
        strand = chart.strands[n]
        is_baseline = name == BASELINE_LABEL
        strand.strokeColor = _BASELINE_GREY if is_baseline else _EVALUATION_GREY
        strand.strokeWidth = 1.2 if is_baseline else 1.8
        strand.strokeDashArray = (3, 2) if is_baseline else None
        strand.fillColor = None
        strand.name = name
    # Rings at 25/50/75/100 % so a reader can tell the scale.
    cx, cy = chart.x + diameter / 2, chart.y + diameter / 2
    radius = diameter / 2
    count = len(domains)
    for ring in (0.25, 0.5, 0.75, 1.0):
        points: list[float] = []
        for k in range(count):
            angle = math.radians(90 - 360 * k / count)
            points += [cx + radius * ring * math.cos(angle), cy + radius * ring * math.sin(angle)]
        d.add(
            Polygon(
                points,
                fillColor=None,
                strokeColor=colors.Color(0.75, 0.75, 0.75),
                strokeWidth=0.35,
            )
        )
    d.add(chart)
    _legend(d, [(name, name == BASELINE_LABEL) for _s, name in series], y=1 * mm, x=pad_x / 2)
    return d


def _legend(d: Drawing, items: Sequence[tuple[str, bool]], *, y: float, x: float = 0) -> None:
    font = register_fonts()
    for name, is_baseline in items:
        d.add(
            Line(
                x,
                y + 2.5,
                x + 8 * mm,
                y + 2.5,
                strokeColor=_BASELINE_GREY if is_baseline else _EVALUATION_GREY,
                strokeWidth=1.2 if is_baseline else 1.8,
                strokeDashArray=(3, 2) if is_baseline else None,
            )
        )
        d.add(String(x + 9.5 * mm, y, name, fontName=font, fontSize=7.5))
        x += 9.5 * mm + stringWidth(name, font, 7.5) + 5 * mm


def before_after_bars(
    baseline: Any, evaluation: Any, *, width: float = 170 * mm, height: float = 58 * mm
) -> Drawing:
    """Each domain's total before and after, side by side, with the numbers on the bars."""
    domains = list(evaluation.domains)
    return paired_bars(
        [label for _, label in domains],
        [baseline.domain_total(key) for key, _ in domains],
        [evaluation.domain_total(key) for key, _ in domains],
        top=max([evaluation.domain_limit(key) for key, _ in domains] + [1]),
        width=width,
        height=height,
    )


def _bar_chart(
    labels: Sequence[str],
    series: Sequence[Sequence[float]],
    greys: Sequence[float],
    *,
    width: float,
    plot_height: float,
    top: float,
    step: float,
    label_size: float,
    value_format: str,
) -> VerticalBarChart:
    """Vertical bars in the reports' style: one grey a series, black outlines, each bar's
    value printed on it, Japanese labels under the bars."""
    font = register_fonts()
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 12 * mm
    chart.width, chart.height = width - 16 * mm, plot_height
    chart.data = [list(values) for values in series]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = label_size
    chart.categoryAxis.labels.dy = -3
    for n, grey in enumerate(greys):
        chart.bars[n].fillColor = colors.Color(grey, grey, grey)
    chart.bars.strokeColor = colors.black
    chart.bars.strokeWidth = 0.5
    chart.barLabelFormat = value_format
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7.5
    chart.barLabels.nudge = 6
    return chart


def paired_bars(
    labels: Sequence[str],
    before: Sequence[float],
    after: Sequence[float],
    *,
    top: float,
    value_format: str = "%d",
    width: float = 170 * mm,
    height: float = 58 * mm,
) -> Drawing:
    """Two bars per label, baseline (light) and evaluation (dark), with their values printed."""
    d = _drawing(width, height)
    chart = _bar_chart(
        labels,
        [before, after],
        (0.85, 0.3),
        width=width,
        plot_height=height - 18 * mm,
        top=top,
        step=max(1, math.ceil(top / 5)),
        label_size=8,
        value_format=value_format,
    )
    chart.groupSpacing = 10
    d.add(chart)
    _legend_boxes(
        d, [(BASELINE_LABEL, 0.85), (EVALUATION_LABEL, 0.3)], x=chart.x, y=height - 5 * mm
    )
    return d


def _legend_boxes(d: Drawing, items: Sequence[tuple[str, float]], *, x: float, y: float) -> None:
    font = register_fonts()
    for name, grey in items:
        d.add(Rect(x, y, 4 * mm, 3 * mm, fillColor=colors.Color(grey, grey, grey), strokeWidth=0.5))
        d.add(String(x + 5.5 * mm, y + 0.3 * mm, name, fontName=font, fontSize=7.5))
        x += 5.5 * mm + stringWidth(name, font, 7.5) + 6 * mm


def count_bars(
    labels: Sequence[str],
    values: Sequence[int],
    *,
    top: int,
    width: float = 170 * mm,
    height: float = 55 * mm,
) -> Drawing:
    """One grey bar per label with its count printed on it (e.g. municipalities per phase)."""
    d = _drawing(width, height)
    chart = _bar_chart(
        labels,
        [values],
        (0.6,),
        width=width,
        plot_height=height - 16 * mm,
        top=max(top, 1),
        step=max(1, math.ceil(max(top, 1) / 6)),
        label_size=7.5,
        value_format="%d",
    )
    d.add(chart)
    return d


def share_bars(
    rows: Sequence[tuple[str, float | None, tuple[float, float] | None]],
    *,
    target: float,
    width: float = 170 * mm,
    row_height: float = 7 * mm,
) -> Drawing:
    """One horizontal bar per label: a share (0–1) with its interval as a whisker, the share
    printed beside it, and the target as a dashed line. A label without a share gets no bar."""
    font = register_fonts()
    label_w = 30 * mm
    value_w = 14 * mm
    plot_w = width - label_w - value_w
    top_pad, bottom_pad = 6 * mm, 6 * mm
    height = top_pad + bottom_pad + row_height * len(rows)
    d = _drawing(width, height)
    x0 = label_w
    base = bottom_pad
    for tick in (0, 0.2, 0.4, 0.6, 0.8, 1.0):
        x = x0 + plot_w * tick
        d.add(Line(x, base, x, height - top_pad, strokeColor=colors.Color(0.85, 0.85, 0.85)))
        _centered(d, x, base - 4 * mm, f"{tick:.0%}", 7)
    for i, (label, share, interval) in enumerate(rows):
        y = height - top_pad - row_height * (i + 1)
        d.add(String(0, y + row_height / 2 - 1.2 * mm, label, fontName=font, fontSize=8))
        if share is None:
            d.add(
                String(x0 + 1 * mm, y + row_height / 2 - 1.2 * mm, "—", fontName=font, fontSize=8)
            )
            continue
        grey = 0.3 if share >= target else 0.7
        d.add(
            Rect(
                x0,
                y + 1.2 * mm,
                plot_w * share,
                row_height - 2.4 * mm,
                fillColor=colors.Color(grey, grey, grey),
                strokeColor=colors.black,
                strokeWidth=0.5,
            )
        )
        if interval is not None:
            lo, hi = (x0 + plot_w * v for v in interval)
            mid = y + row_height / 2
            d.add(Line(lo, mid, hi, mid, strokeColor=colors.black, strokeWidth=0.8))
            for x in (lo, hi):
                d.add(Line(x, mid - 1.2 * mm, x, mid + 1.2 * mm, strokeWidth=0.8))
        d.add(
            String(
                x0 + plot_w + 1.5 * mm,
                y + row_height / 2 - 1.2 * mm,
                f"{share:.0%}",
                fontName=font,
                fontSize=8,
            )
        )
    tx = x0 + plot_w * target
    d.add(Line(tx, base, tx, height - top_pad + 1 * mm, strokeDashArray=(3, 2), strokeWidth=1.2))
    _centered(d, tx, height - top_pad + 2 * mm, f"目標 {target:.0%}", 7)
    return d

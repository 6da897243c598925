"""Building blocks several reports share: tables, date wording, the assessment panel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from .. import fiscal
from ..assessment.results import AssessmentResults
from . import charts
from .data import ActionRow, NoteBlock
from .layout import CONTENT_WIDTH, INK, RULE, SHADE, para, styles, table_style, text_block


def day_text(day: date | datetime | None) -> str:
    return fiscal.wareki(day, with_seireki=True) if day else "—"


def short_day(day: date | None) -> str:
    """A compact date for table cells: 令和7年9月30日（2025/9/30）."""
    if day is None:
        return "—"
    return f"{fiscal.wareki(day)}（{day.year}/{day.month}/{day.day}）"


def when_text(starts: datetime, ends: datetime) -> str:
    same_day = starts.date() == ends.date()
    end = f"{ends:%H:%M}" if same_day else f"{day_text(ends)} {ends:%H:%M}"
    return f"{day_text(starts)} {starts:%H:%M}〜{end}"


def key_value_table(rows: Sequence[tuple[str, str]], *, label_width: float = 38 * mm) -> Table:
    """Label/value rows with a shaded label column (shading prints as a light grey)."""
    st = styles()
    data = [[para(label, st.cell_head), para(value or "—", st.cell)] for label, value in rows]
    table = Table(data, colWidths=[label_width, CONTENT_WIDTH - label_width], hAlign="LEFT")
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BACKGROUND", (0, 0), (0, -1), SHADE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        )
    )
    return table


def grid_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    right_columns: Sequence[int] = (),
) -> Table:
    """A ruled table with a shaded header row that repeats on every page."""
    st = styles()

    def cell(text: str, column: int) -> Flowable:
        return para(text, st.cell_right if column in right_columns else st.cell)

    data = [[para(h, st.cell_head) for h in header]]
    data += [[cell(str(v), c) for c, v in enumerate(row)] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("LINEBELOW", (0, 0), (-1, 0), 1.0, INK),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        )
    )
    return table


def assessment_panel(scores: AssessmentResults, *, year: int) -> list[Flowable]:
    """The latest sheet as a heatmap beside a radar of baseline (and evaluation)."""
    st = styles()
    latest = scores.latest
    if latest is None:
        return [
            para(
                f"{fiscal.fiscal_year_label(year)}のアセスメントシートの結果はまだ登録されていません。",
                st.body,
            )
        ]
    which = "評価" if scores.evaluation is not None else "当初（ベースライン）"
    heat_w = 88 * mm
    heat = charts.heatmap(latest, width=heat_w, title=f"{which}の点数（段階 × 分野）")
    spider = charts.radar(
        scores.baseline,
        scores.evaluation,
        width=CONTENT_WIDTH - heat_w - 2 * mm,
        height=heat.height,
    )
    row = Table(
        [[heat, spider]],
        colWidths=[heat_w + 2 * mm, CONTENT_WIDTH - heat_w - 2 * mm],
        hAlign="LEFT",
    )
    row.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        )
    )
    completeness = getattr(latest, "completeness", None)
    caption = (
        "マスの数字は各段階・分野の点数（右下は満点）。"
        "レーダーは分野ごとの得点率で、外周が満点です。"
    )
    if completeness is not None and completeness < 1:
        caption += f" 回答率 {completeness:.0%}（未回答の設問は0点として集計）。"
    return [KeepTogether([row, Spacer(1, 2 * mm), para(caption, st.small)])]


def note_blocks(notes: Sequence[NoteBlock]) -> list[Flowable]:
    """Note sections under their labels; a label stays with its first lines."""
    st = styles()
    out: list[Flowable] = []
    for note in notes:
        body = text_block(note.body, st.body)
        out.append(KeepTogether([para(f"■ {note.label}", st.body), *body[:2]]))
        out.extend(body[2:])
        out.append(Spacer(1, 2 * mm))
    return out


def actions_table(actions: Sequence[ActionRow], *, empty: str) -> list[Flowable]:
    """Agreed actions: what, who, by when, how far."""
    if not actions:
        return [para(empty, styles().body)]
    widths = [11 * mm, 0, 36 * mm, 32 * mm, 17 * mm]
    widths[1] = CONTENT_WIDTH - sum(widths)
    rows = [
        [str(n), a.title, a.owner, short_day(a.due_on), a.status]
        for n, a in enumerate(actions, start=1)
    ]
    return [grid_table(["No.", "内容", "担当", "期限", "状況"], rows, widths, right_columns=(0,))]

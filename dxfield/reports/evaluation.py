"""The municipality's evaluation report (成果把握): the year's baseline against its evaluation,
per cell and per domain, with charts and the advisors' narrative."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import fiscal
from ..assessment.engine import load_results
from ..assessment.results import AssessmentResults
from ..assessment.template import get_template, template_definition
from ..models import ActionItem, Municipality, Phase, Visit
from . import charts
from .blocks import actions_table, assessment_panel, day_text, grid_table, note_blocks
from .data import ActionRow, NoteBlock, action_row, printable_notes
from .layout import (
    CONTENT_WIDTH,
    ISSUER,
    masthead,
    para,
    render,
    section,
    styles,
    table_style,
    text_block,
)

TITLE = "成果把握報告書"


@dataclass(frozen=True)
class VisitSummary:
    starts_at: datetime
    phase: str
    method: str
    status: str
    notes: tuple[NoteBlock, ...] = ()
    is_evaluation: bool = False


@dataclass(frozen=True)
class EvaluationData:
    municipality: str
    municipality_code: str
    fiscal_year: int
    scores: AssessmentResults
    visits: tuple[VisitSummary, ...] = ()
    actions: tuple[ActionRow, ...] = ()
    # (question, answer) of the evaluation sheet's free-text questions: the town's own words.
    free_text: tuple[tuple[str, str], ...] = ()


def _free_text(session: Session, score: Any) -> tuple[tuple[str, str], ...]:
    if score is None or not score.free_text:
        return ()
    defn = template_definition(get_template(session, score.template_version))
    answered = [
        (defn.question(code), text) for code, text in score.free_text.items() if text.strip()
    ]
    answered.sort(key=lambda qa: qa[0].position if qa[0] else 10**6)
    return tuple((q.text if q else "", text) for q, text in answered)


def load_evaluation(
    session: Session, municipality: Municipality, fiscal_year: int
) -> EvaluationData:
    visits = session.scalars(
        select(Visit)
        .where(
            Visit.municipality_id == municipality.id,
            Visit.fiscal_year == fiscal_year,
            Visit.deleted.is_(False),
        )
        .order_by(Visit.starts_at)
    ).all()
    summaries = tuple(
        VisitSummary(
            v.starts_at,
            v.phase.label,
            v.method.label,
            v.status.label,
            # Only the evaluation meetings' notes form the narrative; internal ones never.
            printable_notes(session, v.id) if v.phase is Phase.EVALUATION else (),
            v.phase is Phase.EVALUATION,
        )
        for v in visits
    )
    items = session.scalars(
        select(ActionItem)
        .join(Visit, Visit.id == ActionItem.visit_id)
        .where(
            ActionItem.municipality_id == municipality.id,
            ActionItem.deleted.is_(False),
            Visit.fiscal_year == fiscal_year,
        )
        .order_by(Visit.starts_at, ActionItem.position)
    ).all()
    actions = tuple(action_row(i) for i in items)
    scores = load_results(session, municipality.id, fiscal_year)
    return EvaluationData(
        municipality=municipality.name,
        municipality_code=municipality.code,
        fiscal_year=fiscal_year,
        scores=scores,
        visits=summaries,
        actions=actions,
        free_text=_free_text(session, scores.evaluation),
    )


def _comparison(data: EvaluationData) -> list[Flowable]:
    st = styles()
    scores = data.scores
    if not scores.both:
        missing = "評価" if scores.baseline is not None else "当初（ベースライン）"
        if scores.latest is None:
            missing = "当初（ベースライン）と評価"
        return [
            para(f"{missing}のアセスメントシートが未登録のため、比較できません。", st.body),
            Spacer(1, 2 * mm),
            *assessment_panel(scores, year=data.fiscal_year),
        ]
    base, final = scores.baseline, scores.evaluation
    rows = [
        [
            row.label,
            _out_of(row.baseline, row.baseline_max),
            _out_of(row.evaluation, row.evaluation_max),
            "—" if row.change is None else charts.signed(row.change),
            row.baseline_level or "—",
            row.evaluation_level or "—",
        ]
        for row in scores.domain_changes()
    ]
    widths = [30 * mm, 24 * mm, 24 * mm, 18 * mm, 0, 0]
    widths[4] = widths[5] = (CONTENT_WIDTH - sum(widths[:4])) / 2
    table = grid_table(
        ["分野", "当初", "評価", "増減", "支援分類（当初）", "支援分類（評価）"],
        rows,
        widths,
        right_columns=(1, 2, 3),
    )
    half = (CONTENT_WIDTH - 6 * mm) / 2
    grids = Table(
        [
            [
                charts.heatmap(base, width=half, title="当初（ベースライン）"),
                charts.heatmap(final, width=half, title="評価"),
            ]
        ],
        colWidths=[half + 6 * mm, half],
        hAlign="LEFT",
    )
    grids.setStyle(
        table_style(("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"))
    )
    change = Table(
        [
            [
                charts.heatmap(final, change=scores.diff, width=half, title="増減（評価 − 当初）"),
                charts.radar(base, final, width=half, height=62 * mm),
            ]
        ],
        colWidths=[half + 6 * mm, half],
        hAlign="LEFT",
    )
    change.setStyle(
        table_style(("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"))
    )
    return [
        table,
        Spacer(1, 4 * mm),
        charts.before_after_bars(base, final, width=CONTENT_WIDTH),
        *section("段階 × 分野の点数", [grids]),
        Spacer(1, 3 * mm),
        KeepTogether([change]),
        para(
            "増減の表は評価から当初を引いた点数です（▲は減少。減少したマスは破線で囲んでいます）。",
            st.small,
        ),
    ]


def _out_of(points: int | None, maximum: int | None) -> str:
    return "—" if points is None else f"{points} / {maximum}"


def _narrative(data: EvaluationData) -> list[Flowable]:
    st = styles()
    meetings = [v for v in data.visits if v.is_evaluation and v.notes]
    if not meetings:
        return [para("評価面談の記録はまだありません。", st.body)]
    out: list[Flowable] = []
    for meeting in meetings:
        out.append(
            para(f"{day_text(meeting.starts_at)}　{meeting.phase}（{meeting.method}）", st.small)
        )
        out.extend(note_blocks(meeting.notes))
    return out


def _municipality_words(data: EvaluationData) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = []
    for question, answer in data.free_text:
        body = text_block(answer, st.body)
        out.append(KeepTogether([para(question, st.small), *body[:2]]))
        out.extend(body[2:])
        out.append(Spacer(1, 2 * mm))
    return out


def _history(data: EvaluationData) -> list[Flowable]:
    st = styles()
    if not data.visits:
        return [para("この年度の面談の記録はありません。", st.body)]
    rows = [[day_text(v.starts_at), v.phase, v.method, v.status] for v in data.visits]
    widths = [70 * mm, 40 * mm, 34 * mm, 0]
    widths[3] = CONTENT_WIDTH - sum(widths[:3])
    return [grid_table(["日付", "相談区分", "方法", "状況"], rows, widths)]


def evaluation_story(data: EvaluationData) -> list[Flowable]:
    st = styles()
    year_label = fiscal.fiscal_year_label(data.fiscal_year)
    return [
        *masthead(
            f"evaluation:{data.municipality_code}:{data.fiscal_year}",
            f"{year_label}　{ISSUER}（よろず相談）",
            f"{TITLE}　{data.municipality}",
        ),
        para(
            "当初（4〜5月）のアセスメントと評価（1〜2月）の差から、1年間の取組の成果を把握します。",
            st.subtitle,
        ),
        *section("アセスメントの比較", _comparison(data)),
        *section("アドバイザー所見（評価面談より）", _narrative(data)),
        *(
            section("貴団体のご回答（評価シートの自由記述）", _municipality_words(data))
            if data.free_text
            else []
        ),
        *section(
            "今年度の対応事項",
            actions_table(data.actions, empty="この年度に合意した対応事項はありません。"),
        ),
        *section("今年度の面談", _history(data)),
    ]


def render_evaluation(data: EvaluationData, *, issued_on: date | None = None) -> bytes:
    return render(
        evaluation_story(data),
        title=f"{TITLE} {data.municipality} {data.fiscal_year}年度",
        issued_on=issued_on or date.today(),
    )

"""The programme summary: the 30 municipalities through the six phases, with their support
levels, on one page, and the year at a glance in a chart on the next."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import fiscal
from ..assessment.engine import load_results
from ..assessment.template import current_template, template_definition
from ..models import Area, Municipality, Phase, Visit, VisitStatus
from . import charts
from .blocks import grid_table
from .layout import (
    CONTENT_WIDTH,
    INK,
    ISSUER,
    RULE,
    SHADE,
    masthead,
    para,
    render,
    section,
    styles,
    table_style,
)

TITLE = "支援状況一覧"
DONE, PLANNED, NONE = "●", "○", "－"
# Column headers in two lines: the board's phase columns are narrow.
PHASE_HEADER = {
    Phase.ASSESSMENT_SHEET: ("アセス", "メント"),
    Phase.INTAKE: ("初回", "面談"),
    Phase.OVERALL: ("全体", "相談"),
    Phase.DOMAIN: ("分野別", "相談"),
    Phase.MONITORING: ("任意", "相談"),
    Phase.EVALUATION: ("評価", "面談"),
}
# The levels that need the most support are shaded darkest, to be found at a glance.
LEVEL_SHADES = (colors.Color(0.78, 0.78, 0.78), colors.Color(0.9, 0.9, 0.9))


@dataclass(frozen=True)
class MunicipalityRow:
    name: str
    area: str
    phases: tuple[str, ...]  # DONE / PLANNED / NONE per Phase, in order
    levels: tuple[str, ...]  # support level label per domain ("" if not assessed)


@dataclass(frozen=True)
class SummaryData:
    fiscal_year: int
    domains: tuple[tuple[str, str], ...]
    rows: tuple[MunicipalityRow, ...]
    # Support level labels from most support to least (the template's order).
    level_order: tuple[str, ...] = ()


def load_summary(session: Session, fiscal_year: int) -> SummaryData:
    towns = session.scalars(
        select(Municipality).where(Municipality.deleted.is_(False)).order_by(Municipality.code)
    ).all()
    marks: dict[tuple[str, Phase], str] = {}
    for town_id, phase, status in session.execute(
        select(Visit.municipality_id, Visit.phase, Visit.status).where(
            Visit.fiscal_year == fiscal_year,
            Visit.deleted.is_(False),
            Visit.status != VisitStatus.CANCELLED,
        )
    ):
        mark = DONE if status == VisitStatus.DONE else PLANNED
        if marks.get((town_id, phase)) != DONE:
            marks[(town_id, phase)] = mark
    domains: tuple[tuple[str, str], ...] = ()
    rows = []
    for town in towns:
        scores = load_results(session, town.id, fiscal_year)
        if scores.baseline is not None:  # the sheet phase is done when the sheet is in
            marks[(town.id, Phase.ASSESSMENT_SHEET)] = DONE
        latest = scores.latest
        if latest is not None and not domains:
            domains = tuple(latest.domains)
        rows.append((town, latest))
    out = []
    for town, latest in rows:
        levels = tuple(
            (latest.level_label(key) if latest is not None else "") for key, _ in domains
        )
        out.append(
            MunicipalityRow(
                town.name,
                town.area.label,
                tuple(marks.get((town.id, p), NONE) for p in Phase),
                levels,
            )
        )
    order = [lvl.label for lvl in template_definition(current_template(session)).support_levels]
    seen = {lvl for r in out for lvl in r.levels if lvl}
    order += sorted(seen - set(order))
    return SummaryData(fiscal_year, domains, tuple(out), tuple(order))


def _board(data: SummaryData) -> Table:
    st = styles()
    small, centred = st.small, st.small_centred
    domain_w = 17 * mm
    name_w, area_w = 24 * mm, 11 * mm
    phase_w = (CONTENT_WIDTH - name_w - area_w - domain_w * len(data.domains)) / len(Phase)
    header = [
        para("市町村", small),
        para("地域", small),
        *([para(line, centred) for line in PHASE_HEADER[p]] for p in Phase),
        *(para(label, centred) for _, label in data.domains),
    ]
    body = [
        [
            para(r.name, small),
            para(r.area, small),
            *(para(mark, centred) for mark in r.phases),
            *(para(level or "—", centred) for level in r.levels),
        ]
        for r in data.rows
    ]
    table = Table(
        [header, *body],
        colWidths=[name_w, area_w, *[phase_w] * len(Phase), *[domain_w] * len(data.domains)],
        repeatRows=1,
        hAlign="LEFT",
    )
    first_domain = 2 + len(Phase)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 1.0, INK),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBEFORE", (first_domain, 0), (first_domain, -1), 1.0, INK),
    ]
    rank = {label: n for n, label in enumerate(data.level_order)}
    for i, row in enumerate(data.rows, start=1):
        for j, level in enumerate(row.levels):
            n = rank.get(level, len(LEVEL_SHADES))
            if n < len(LEVEL_SHADES):
                cell = (first_domain + j, i)
                commands.append(("BACKGROUND", cell, cell, LEVEL_SHADES[n]))
    table.setStyle(table_style(*commands))
    return table


def _charts(data: SummaryData) -> list[Flowable]:
    st = styles()
    done = [sum(1 for r in data.rows if r.phases[i] == DONE) for i in range(len(Phase))]
    out: list[Flowable] = section(
        "フェーズごとの実施状況（実施済の市町村数）",
        [
            charts.count_bars(
                [p.label for p in Phase], done, top=len(data.rows), width=CONTENT_WIDTH
            )
        ],
    )
    if data.domains:
        present = {lvl for r in data.rows for lvl in r.levels if lvl}
        levels = [lvl for lvl in data.level_order if lvl in present]
        counts = [Counter(r.levels[j] for r in data.rows) for j in range(len(data.domains))]
        header = ["分野", *levels, "未回答"]
        rows = [
            [label, *(str(counts[j][lvl]) for lvl in levels), str(counts[j][""])]
            for j, (_key, label) in enumerate(data.domains)
        ]
        first = 40 * mm
        rest = (CONTENT_WIDTH - first) / (len(header) - 1)
        out += section(
            "分野ごとの支援分類（市町村数）",
            [
                grid_table(
                    header,
                    rows,
                    [first, *[rest] * (len(header) - 1)],
                    right_columns=range(1, len(header)),
                )
            ],
        )
    areas = Counter(r.area for r in data.rows)
    out += [
        Spacer(1, 4 * mm),
        para(
            f"対象 {len(data.rows)} 市町村（"
            + "、".join(f"{a.label} {areas[a.label]}" for a in Area)
            + "）。支援分類は最新のアセスメントシート（評価があれば評価、なければ当初）によります。",
            st.small,
        ),
    ]
    return out


def summary_story(data: SummaryData) -> list[Flowable]:
    st = styles()
    year_label = fiscal.fiscal_year_label(data.fiscal_year)
    return [
        *masthead(
            f"summary:{data.fiscal_year}",
            f"{year_label}　{ISSUER}（よろず相談）",
            f"{TITLE}（{year_label}）",
        ),
        para(
            f"{DONE} 実施済　{PLANNED} 予定　{NONE} 未定　"
            "支援分類は最新のアセスメントシートによるもので、支援の手厚い区分ほど濃く網掛けしています。",
            st.small,
        ),
        Spacer(1, 2 * mm),
        _board(data),
        PageBreak(),
        KeepTogether(_charts(data)),
    ]


def render_summary(data: SummaryData, *, issued_on: date | None = None) -> bytes:
    return render(
        summary_story(data),
        title=f"{TITLE} {data.fiscal_year}年度",
        issued_on=issued_on or date.today(),
    )

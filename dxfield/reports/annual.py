"""The year's report to the prefecture (実績報告) as a PDF: what was done, for whom, and what
changed. Figures come from ``annual_data.AnnualData`` only; this module lays them out (A4,
IPAexGothic embedded, 和暦, every figure printed as a number so it reads in black and white).
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from .. import fiscal
from ..assessment.results import AssessmentOutcome
from ..models import Area, NeedStatus, Phase
from . import charts
from .annual_data import NONE, AnnualData, Counts, TrainingRow
from .annual_survey import SurveyRow
from .blocks import grid_table, key_value_table
from .layout import CONTENT_WIDTH, ISSUER, masthead, para, render, section, styles

TITLE = "市町村行政DX推進事業 実績報告"
PHASE_SHORT = {
    Phase.ASSESSMENT_SHEET: "アセスメント",
    Phase.INTAKE: "初回面談",
    Phase.OVERALL: "全体相談",
    Phase.DOMAIN: "分野別相談",
    Phase.MONITORING: "任意相談",
    Phase.EVALUATION: "評価面談",
}


def mean_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}"


def counts_text(c: Counts) -> str:
    """A municipality's visits in one phase: held, then planned and cancelled if any."""
    if c == NONE:
        return "—"
    parts = [str(c.done)]
    if c.planned:
        parts.append(f"予{c.planned}")
    if c.cancelled:
        parts.append(f"中{c.cancelled}")
    return "・".join(parts)


def headline_text(row: SurveyRow | None) -> str:
    if row is None or not row.answered:
        return "回答なし"
    low_high = (
        f"（95%信頼区間 {percent(row.interval[0])}〜{percent(row.interval[1])}）"
        if row.interval
        else ""
    )
    return f"{percent(row.share)}（{row.agree}/{row.answered}人）{low_high}"


def overview_rows(data: AnnualData) -> list[tuple[str, str]]:
    """The year in a few lines (the PDF's first section and the workbook's first sheet)."""
    v = data.visits
    full = [row.phase.label for row in data.phases if row.reached == data.municipalities]
    people = [t.attendees for t in data.trainings]
    held = sum(t.sessions.done for t in data.trainings)
    survey = data.survey
    if survey.year is None:
        survey_text = "集計できる回答はありません"
    else:
        target = "達成" if survey.year.met else "未達"
        survey_text = (
            f"回答 {survey.year.responses}件。「{survey.headline_label}」"
            f"{headline_text(survey.year)}、目標{percent(survey.target)}に対し{target}"
        )
    a = data.assessment
    od = data.opendata
    rows = [
        ("よろず相談（訪問・面談）", f"実施 {v.done}件、予定 {v.planned}件、中止 {v.cancelled}件"),
        ("全市町村で実施したフェーズ", "、".join(full) or "なし"),
        (
            "研修",
            f"実施 {held}回、受講者 {sum(people)}名（首長・幹部 "
            f"{sum(t.leaders for t in data.trainings)}名、職員 {sum(t.staff for t in data.trainings)}名、"
            f"県 {sum(t.prefecture for t in data.trainings)}名）",
        ),
        ("研修アンケート", survey_text),
        (
            "アセスメントシート",
            f"当初 {a.baseline_responses}市町村、評価 {a.evaluation_responses}市町村"
            f"（両方 {a.paired}市町村）",
        ),
        ("オープンデータ取組", f"{len(od.published)} / {od.municipalities}市町村"),
        (
            "ニーズ・要望",
            f"{data.needs_total}件（{data.needs_municipalities}市町村）、"
            f"採用 {data.needs_with(NeedStatus.ADOPTED)}件・検討中 "
            f"{data.needs_with(NeedStatus.CONSIDERING)}件、次年度提案のたたき台 {len(data.drafts)}版",
        ),
    ]
    return rows


def period_text(data: AnnualData) -> str:
    start, end = data.period
    return f"{fiscal.wareki(start)}〜{fiscal.wareki(end)}"


def _overview(data: AnnualData) -> list[Flowable]:
    return section("1. 概要", [key_value_table(overview_rows(data), label_width=46 * mm)])


def _visits(data: AnnualData) -> list[Flowable]:
    header = ["フェーズ"]
    for area in Area:
        header += [f"{area.label} 実施", "予定", "中止"]
    header += ["計 実施", "予定", "中止", "実施市町村"]
    rows = []
    for row in data.phases:
        cells = [row.phase.label]
        for area in Area:
            c = row.by_area.get(area, NONE)
            cells += [str(c.done), str(c.planned), str(c.cancelled)]
        t = row.total
        cells += [
            str(t.done),
            str(t.planned),
            str(t.cancelled),
            f"{row.reached}/{data.municipalities}",
        ]
        rows.append(cells)
    total = data.visits
    rows.append(
        ["計"]
        + [
            str(getattr(sum((r.by_area.get(a, NONE) for r in data.phases), NONE), f))
            for a in Area
            for f in ("done", "planned", "cancelled")
        ]
        + [str(total.done), str(total.planned), str(total.cancelled), ""]
    )
    first = 30 * mm
    rest = (CONTENT_WIDTH - first - 20 * mm) / 9
    table = grid_table(header, rows, [first, *[rest] * 9, 20 * mm], right_columns=range(1, 11))
    towns = _towns_table(data)
    return [
        *section("2. よろず相談の実施状況（フェーズ別・件数）", [table]),
        Spacer(1, 3 * mm),
        *section("3. 市町村別の実施状況", [towns]),
        para("数字は実施した件数。「予」は予定、「中」は中止の件数です。", styles().small),
    ]


def _towns_table(data: AnnualData):
    header = ["市町村", "地域", *(PHASE_SHORT[p] for p in Phase), "計"]
    rows = [
        [t.name, t.area.label, *(counts_text(c) for c in t.phases), counts_text(t.total)]
        for t in data.towns
    ]
    name_w, area_w, total_w = 26 * mm, 12 * mm, 18 * mm
    phase_w = (CONTENT_WIDTH - name_w - area_w - total_w) / len(Phase)
    return grid_table(
        header,
        rows,
        [name_w, area_w, *[phase_w] * len(Phase), total_w],
        right_columns=range(2, 3 + len(Phase)),
    )


# The columns of the trainings table up to the attendees (the PDF's and the workbook's).
TRAINING_HEADS = (
    "種類",
    "実施",
    "予定",
    "中止",
    "参加市町村",
    "首長・幹部",
    "職員",
    "県",
    "受講者計",
)


def training_counts(t: TrainingRow) -> tuple[int, ...]:
    """A kind's figures between its label and its attendees, in TRAINING_HEADS' order."""
    s = t.sessions
    return (s.done, s.planned, s.cancelled, t.municipalities, t.leaders, t.staff, t.prefecture)


def _trainings(data: AnnualData) -> list[Flowable]:
    header = [*TRAINING_HEADS, "回答"]
    rows = [
        [
            t.label,
            *map(str, training_counts(t)),
            str(t.attendees) + ("※" if t.uncounted else ""),
            str(t.responses),
        ]
        for t in data.trainings
    ]
    first = 28 * mm
    table = grid_table(
        header, rows, [first, *[(CONTENT_WIDTH - first) / 9] * 9], right_columns=range(1, 10)
    )
    body: list[Flowable] = [table]
    if any(t.uncounted for t in data.trainings):
        body.append(
            para("※ 受講者数を未集計の研修があります（計に含まれていません）。", styles().small)
        )
    return section("4. 研修の実施状況（受講者は実施済の研修の合計）", body)


def _survey(data: AnnualData) -> list[Flowable]:
    survey = data.survey
    st = styles()
    if survey.year is None:
        return section(
            "5. 研修アンケート", [para("集計できるアンケートの回答はありません。", st.body)]
        )
    header = ["研修", "研修数", "回答", "受講者", "回答率", f"「{survey.headline_label}」"]
    rows = [
        [
            r.label,
            str(r.trainings),
            str(r.responses),
            "—" if r.attendees is None else str(r.attendees),
            percent(r.response_rate),
            headline_text(r),
        ]
        for r in (*survey.by_kind, survey.year)
    ]
    widths = [28 * mm, 14 * mm, 14 * mm, 16 * mm, 16 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    return section(
        "5. 研修アンケート",
        [
            grid_table(header, rows, widths, right_columns=(1, 2, 3, 4)),
            para(
                f"上位2段階（そう思う・ややそう思う）の割合。目標は{percent(survey.target)}以上。"
                "受講者数を集計した研修の回答のみで回答率を算出しています。",
                st.small,
            ),
            Spacer(1, 2 * mm),
            charts.share_bars(
                [(r.label, r.share, r.interval) for r in (*survey.by_kind, survey.year)],
                target=survey.target,
                width=CONTENT_WIDTH,
            ),
            para(
                f"「{survey.headline_label}」の割合（横線は95%信頼区間、濃い棒は目標達成）。",
                st.small,
            ),
        ],
    )


def paired_note(a: AssessmentOutcome) -> str:
    """What 差 compares: the same municipalities in spring and winter. Mid-year the two means
    are of different municipalities, and their difference would say nothing."""
    note = f"※差は当初・評価の両方がある{a.paired}市町村で比較しています"
    if a.paired < max(a.baseline_responses, a.evaluation_responses):
        note += "（当初平均・評価平均は回答したすべての市町村の平均）"
    return note + "。"


def _assessment(data: AnnualData) -> list[Flowable]:
    a = data.assessment
    st = styles()
    header = ["分野", "満点", "当初平均", "評価平均", "差※", "改善", "維持", "後退"]
    rows = [
        [
            d.label,
            str(d.maximum),
            mean_text(d.baseline_mean),
            mean_text(d.evaluation_mean),
            signed(d.change),
            str(d.improved),
            str(d.unchanged),
            str(d.declined),
        ]
        for d in a.domains
    ]
    first = 34 * mm
    means = grid_table(
        header, rows, [first, *[(CONTENT_WIDTH - first) / 7] * 7], right_columns=range(1, 8)
    )
    dist_header = ["分野", *(f"{lv}（当初→評価）" for lv in a.levels)]
    dist_rows = [
        [
            d.label,
            *(
                f"{d.baseline_levels.get(lv, 0)} → {d.evaluation_levels.get(lv, 0)}"
                for lv in a.levels
            ),
        ]
        for d in a.domains
    ]
    dist = grid_table(
        dist_header,
        dist_rows,
        [first, *[(CONTENT_WIDTH - first) / max(len(a.levels), 1)] * len(a.levels)],
        right_columns=range(1, len(a.levels) + 1),
    )
    moves = [
        [d.label, f"{src} → {dst}", str(n)]
        for d in a.domains
        for (src, dst), n in d.transitions.items()
        if src != dst
    ]
    body: list[Flowable] = [
        para(
            f"アセスメントシートの当初（{a.baseline_responses}市町村）と評価（{a.evaluation_responses}市町村）。"
            "平均は分野ごとの合計点の県内平均、改善・維持・後退は両方に回答した市町村の支援分類の変化です。",
            st.small,
        ),
        Spacer(1, 1.5 * mm),
        means,
        Spacer(1, 1 * mm),
        para(paired_note(a), st.small),
    ]
    if a.baseline_responses and a.evaluation_responses:
        top = max([d.maximum for d in a.domains] + [1])
        body += [
            Spacer(1, 2 * mm),
            charts.paired_bars(
                [d.label for d in a.domains],
                [d.baseline_mean or 0 for d in a.domains],
                [d.evaluation_mean or 0 for d in a.domains],
                top=top,
                value_format="%.1f",
                width=CONTENT_WIDTH,
                height=55 * mm,
            ),
        ]
    out = section("6. アセスメント（当初から評価へ）", body)
    out += section("支援分類の分布（市町村数）", [dist])
    if moves:
        out += section(
            "支援分類が変わった市町村数",
            [
                grid_table(
                    ["分野", "変化", "市町村数"],
                    moves,
                    [first, CONTENT_WIDTH - first - 24 * mm, 24 * mm],
                    right_columns=(2,),
                )
            ],
        )
    return out


def _opendata(data: AnnualData) -> list[Flowable]:
    od = data.opendata
    st = styles()
    checked = (
        f"（{fiscal.wareki(od.checked_on)}時点の取組済自治体一覧による）" if od.checked_on else ""
    )
    rows = [
        [area.label, f"{p} / {n}", percent(p / n if n else None)]
        for area, (p, n) in od.by_area.items()
    ]
    rows.append(
        [
            "計",
            f"{len(od.published)} / {od.municipalities}",
            percent(len(od.published) / od.municipalities if od.municipalities else None),
        ]
    )
    body: list[Flowable] = [
        para(f"オープンデータに取り組む市町村{checked}。", st.body),
        grid_table(
            ["地域", "取組済", "割合"], rows, [40 * mm, 40 * mm, 30 * mm], right_columns=(1, 2)
        ),
    ]
    if od.published:
        body.append(para("取組済：" + "、".join(od.published), st.small))
    if od.unknown:
        body.append(para(f"未確認 {od.unknown}市町村（一覧を取り込むと確認されます）。", st.small))
    return section("7. オープンデータの取組状況", body)


def _needs(data: AnnualData) -> list[Flowable]:
    header = ["分野", "件数", "市町村", *(s.label for s in NeedStatus)]
    rows = [
        [
            r.label,
            str(r.total),
            str(r.municipalities),
            *(str(r.by_status.get(s, 0)) for s in NeedStatus),
        ]
        for r in data.needs
    ]
    rows.append(
        [
            "計",
            str(data.needs_total),
            str(data.needs_municipalities),
            *(str(data.needs_with(s)) for s in NeedStatus),
        ]
    )
    first = 34 * mm
    body: list[Flowable] = [
        grid_table(
            header, rows, [first, *[(CONTENT_WIDTH - first) / 6] * 6], right_columns=range(1, 7)
        )
    ]
    if data.drafts:
        # A few rows: the heading and its table stay on one page.
        body += [
            Spacer(1, 2 * mm),
            KeepTogether(
                [
                    para("次年度提案のたたき台の版", styles().body),
                    grid_table(
                        ["版", "日付", "施策", "ニーズ"],
                        [
                            [d.name, fiscal.wareki(d.issued_on), str(d.measures), str(d.needs)]
                            for d in data.drafts
                        ],
                        [60 * mm, 50 * mm, 25 * mm, 25 * mm],
                        right_columns=(2, 3),
                    ),
                ]
            ),
        ]
    return section("8. ニーズ・要望と次年度提案への反映（市町村数は要望した市町村）", body)


def annual_story(data: AnnualData) -> list[Flowable]:
    st = styles()
    year = fiscal.fiscal_year_label(data.fiscal_year)
    return [
        *masthead(f"annual:{data.fiscal_year}", f"{ISSUER}（よろず相談・研修）", f"{year} {TITLE}"),
        para(f"対象期間　{period_text(data)}　対象 {data.municipalities}市町村", st.subtitle),
        Spacer(1, 3 * mm),
        *_overview(data),
        *_visits(data),
        PageBreak(),
        *_trainings(data),
        *_survey(data),
        *_assessment(data),
        *_opendata(data),
        *_needs(data),
    ]


def render_annual(data: AnnualData, *, issued_on: date | None = None) -> bytes:
    return render(
        annual_story(data),
        title=f"{TITLE} {data.fiscal_year}年度",
        issued_on=issued_on or date.today(),
    )

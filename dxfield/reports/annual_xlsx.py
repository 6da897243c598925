"""The annual report's figures as an Excel workbook (one sheet per section), for the
prefecture to reuse in its own tables. The same ``AnnualData`` as the PDF and the JSON."""

from __future__ import annotations

from pathlib import Path

from .. import fiscal
from ..io.xlsx import Sheet, write_workbook
from ..models import Area, NeedStatus, Phase
from .annual import TITLE, TRAINING_HEADS, overview_rows, period_text, training_counts
from .annual_data import NONE, AnnualData
from .annual_data import round_mean as mean1
from .annual_survey import round_share as share2
from .layout import ISSUER

# Dates in the Japanese era as Excel shows them (令和7年5月31日); the cell keeps the date.
WAREKI_DATE = '[$-411]ggge"年"m"月"d"日"'
# 差 is over the municipalities that answered both sheets, not the two means beside it.
PAIRED_CHANGE = "差（両方回答の市町村で比較）"


def annual_sheets(data: AnnualData) -> list[Sheet]:
    phases = Sheet(
        "フェーズ別",
        [
            "フェーズ",
            *(f"{a.label} {what}" for a in Area for what in ("実施", "予定", "中止")),
            "計 実施",
            "計 予定",
            "計 中止",
            "実施市町村",
        ],
        [
            [
                row.phase.label,
                *(
                    getattr(row.by_area.get(a, NONE), f)
                    for a in Area
                    for f in ("done", "planned", "cancelled")
                ),
                row.total.done,
                row.total.planned,
                row.total.cancelled,
                row.reached,
            ]
            for row in data.phases
        ],
    )
    towns = Sheet(
        "市町村別",
        [
            "団体コード",
            "市町村",
            "地域",
            *(f"{p.label} {what}" for p in Phase for what in ("実施", "予定", "中止")),
        ],
        [
            [
                t.code,
                t.name,
                t.area.label,
                *(getattr(c, f) for c in t.phases for f in ("done", "planned", "cancelled")),
            ]
            for t in data.towns
        ],
    )
    trainings = Sheet(
        "研修",
        [*TRAINING_HEADS, "受講者未集計の研修", "アンケート回答"],
        [
            [t.label, *training_counts(t), t.attendees, t.uncounted, t.responses]
            for t in data.trainings
        ],
    )
    survey_rows = [*data.survey.by_kind, *([data.survey.year] if data.survey.year else [])]
    survey = Sheet(
        "アンケート",
        [
            "研修",
            "研修数",
            "回答",
            "受講者",
            "回答率",
            "実感あり",
            "回答者",
            "割合",
            "95%下限",
            "95%上限",
            "目標達成",
        ],
        [
            [
                r.label,
                r.trainings,
                r.responses,
                r.attendees,
                share2(r.response_rate),
                r.agree,
                r.answered,
                share2(r.share),
                share2(r.interval[0]) if r.interval else None,
                share2(r.interval[1]) if r.interval else None,
                None if r.met is None else ("達成" if r.met else "未達"),
            ]
            for r in survey_rows
        ],
        formats={h: "0%" for h in ("回答率", "割合", "95%下限", "95%上限")},
    )
    a = data.assessment
    assessment = Sheet(
        "アセスメント",
        [
            "分野",
            "満点",
            "当初平均",
            "評価平均",
            PAIRED_CHANGE,
            "両方回答 当初平均",
            "両方回答 評価平均",
            *(f"当初 {lv}" for lv in a.levels),
            *(f"評価 {lv}" for lv in a.levels),
            "両方回答",
            "改善",
            "維持",
            "後退",
        ],
        [
            [
                d.label,
                d.maximum,
                mean1(d.baseline_mean),
                mean1(d.evaluation_mean),
                mean1(d.change),
                mean1(d.paired_baseline_mean),
                mean1(d.paired_evaluation_mean),
                *(d.baseline_levels.get(lv, 0) for lv in a.levels),
                *(d.evaluation_levels.get(lv, 0) for lv in a.levels),
                d.paired,
                d.improved,
                d.unchanged,
                d.declined,
            ]
            for d in a.domains
        ],
        formats={
            h: "0.0"
            for h in (
                "当初平均",
                "評価平均",
                PAIRED_CHANGE,
                "両方回答 当初平均",
                "両方回答 評価平均",
            )
        },
    )
    transitions = Sheet(
        "支援分類の変化",
        ["分野", "当初", "評価", "市町村数"],
        [[d.label, src, dst, n] for d in a.domains for (src, dst), n in d.transitions.items()],
    )
    od = data.opendata
    opendata = Sheet(
        "オープンデータ",
        ["地域", "取組済", "市町村数"],
        [[area.label, p, n] for area, (p, n) in od.by_area.items()]
        + [["計", len(od.published), od.municipalities]],
    )
    needs = Sheet(
        "ニーズ",
        ["分野", "件数", "市町村", *(s.label for s in NeedStatus)],
        [
            [r.label, r.total, r.municipalities, *(r.by_status.get(s, 0) for s in NeedStatus)]
            for r in data.needs
        ],
    )
    drafts = Sheet(
        "たたき台の版",
        ["版", "日付", "施策", "ニーズ"],
        [[d.name, d.issued_on, d.measures, d.needs] for d in data.drafts],
        formats={"日付": WAREKI_DATE},
    )
    overview = Sheet(
        "概要",
        ["項目", "内容"],
        [
            ["報告", f"{fiscal.fiscal_year_label(data.fiscal_year)} {TITLE}"],
            ["発行", ISSUER],
            ["対象期間", period_text(data)],
            ["対象市町村", f"{data.municipalities}市町村"],
            *([label, text] for label, text in overview_rows(data)),
        ],
    )
    return [
        overview,
        phases,
        towns,
        trainings,
        survey,
        assessment,
        transitions,
        opendata,
        needs,
        drafts,
    ]


def write_annual_xlsx(data: AnnualData, path: str | Path) -> Path:
    return write_workbook(Path(path), annual_sheets(data))

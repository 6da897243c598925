"""Survey results as PDF (研修アンケート結果): one training, or a programme year by kind.

Loading is the survey results service (``dxfield.surveys.results``, the same figures the CLI's
``--json`` prints); this module only lays them out. Black and white first: the answers of the
five-point scale are five greys from dark (そう思う) to white, each segment carries its count,
and every share is written out with its 95% interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table
from sqlalchemy.orm import Session

from .. import fiscal
from ..enums import SurveyItemType, TrainingKind
from ..services.trainings import attendees, get_training
from ..surveys.results import (
    ItemResult,
    Share,
    SurveyResults,
    grouped_comments,
    results_by_kind,
    results_for_training,
    results_for_year,
)
from .blocks import grid_table, key_value_table, when_text
from .fonts import register_fonts
from .layout import (
    CONTENT_WIDTH,
    INK,
    ISSUER,
    SHADE,
    masthead,
    para,
    render,
    section,
    styles,
    table_style,
)

TITLE = "研修アンケート結果"
# Five greys, most positive darkest; the counts are printed on them.
SCALE_GREYS = (0.2, 0.45, 0.72, 0.88, 1.0)
NOTE = (
    "「{top}」の割合は、その設問に回答した人のうち上位2つの選択肢を選んだ人の割合です。"
    "括弧内は95%信頼区間（Wilsonのスコア法）で、回答者が少ないほど幅が広くなります。"
    "「{headline}」は、★の設問のすべてで上位2つを選んだ回答者の割合です。"
    "回答率は参加者数を集計した研修の参加者に対する回答の割合です。"
)


@dataclass(frozen=True)
class TrainingSurveyData:
    fiscal_year: int
    results: SurveyResults
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class YearSurveyData:
    fiscal_year: int
    whole: SurveyResults
    by_kind: dict[TrainingKind, SurveyResults]


def load_training_survey(session: Session, training_id: str) -> TrainingSurveyData:
    training = get_training(session, training_id)
    results = results_for_training(session, training_id)
    counts = attendees(training)

    def n(value: int | None) -> str:
        return "未集計" if value is None else f"{value}人"

    towns = "、".join(link.municipality.name for link in training.municipalities)
    facts = (
        ("研修", training.title),
        ("種類", training.kind.label),
        ("日時", when_text(training.starts_at, training.ends_at)),
        ("会場・方法", " ".join(x for x in (training.place, training.method.label) if x)),
        ("参加市町村", towns or "全市町村"),
        (
            "参加者",
            f"首長・幹部 {n(counts.leaders)}　職員 {n(counts.staff)}　県 {n(counts.prefecture)}"
            f"　計 {n(counts.total)}",
        ),
        ("回答", _responses_text(results)),
    )
    return TrainingSurveyData(training.fiscal_year, results, facts)


def load_year_survey(session: Session, year: int) -> YearSurveyData:
    return YearSurveyData(year, results_for_year(session, year), results_by_kind(session, year))


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def share_text(share: Share) -> str:
    return share.text(dash="〜", empty="回答なし")


def _responses_text(results: SurveyResults) -> str:
    rate = results.response_rate
    text = f"{results.responses}件　回答率 {_percent(rate)}"
    if results.uncounted_trainings and rate is not None:
        text += f"（参加者数が未集計の研修 {results.uncounted_trainings} 回を除く）"
    return text


# -- the chart ---------------------------------------------------------------------------


def likert_bars(items: Sequence[ItemResult], *, width: float = CONTENT_WIDTH) -> Drawing:
    """One 100% bar per Likert item: counts on the segments, the top-two share beside it."""
    font = register_fonts()
    likert = [i for i in items if i.agree is not None]
    legend = [c.label for c in likert[0].choices] if likert else []
    row_h, bar_h, label_w, figure_w = 11 * mm, 6 * mm, 62 * mm, 34 * mm
    legend_h = 8 * mm
    height = legend_h + row_h * len(likert) + 2 * mm
    d = Drawing(width, height)
    d.initialFontName = font
    x = 0.0
    for n, label in enumerate(legend):
        grey = SCALE_GREYS[min(n, len(SCALE_GREYS) - 1)]
        d.add(Rect(x, height - 5 * mm, 4 * mm, 3 * mm, fillColor=colors.Color(grey, grey, grey)))
        d.add(String(x + 5.5 * mm, height - 4.7 * mm, label, fontName=font, fontSize=7.5))
        x += 5.5 * mm + stringWidth(label, font, 7.5) + 5 * mm
    bar_w = width - label_w - figure_w
    for r, item in enumerate(likert):
        top = height - legend_h - r * row_h
        y = top - row_h / 2 - bar_h / 2
        lines = _wrap(("★" if item.headline else "") + item.text, font, 7.5, label_w - 3 * mm)
        line_h = 3.2 * mm
        first = y + bar_h / 2 + (len(lines) - 1) * line_h / 2 - 1 * mm
        for k, line in enumerate(lines):
            d.add(String(0, first - k * line_h, line, fontName=font, fontSize=7.5))
        total = sum(c.count for c in item.choices) or 1
        left = label_w
        for n, choice in enumerate(item.choices):
            w = bar_w * choice.count / total
            grey = SCALE_GREYS[min(n, len(SCALE_GREYS) - 1)]
            fill = colors.Color(grey, grey, grey)
            d.add(Rect(left, y, w, bar_h, fillColor=fill, strokeColor=INK, strokeWidth=0.4))
            if choice.count and w > stringWidth(str(choice.count), font, 7) + 2:
                d.add(
                    String(
                        left + w / 2,
                        y + bar_h / 2 - 2.4,
                        str(choice.count),
                        fontName=font,
                        fontSize=7,
                        textAnchor="middle",
                        fillColor=colors.white if grey < 0.55 else INK,
                    )
                )
            left += w
        d.add(
            String(
                label_w + bar_w + 2 * mm,
                y + bar_h / 2 - 2.8,
                share_text(item.agree),
                fontName=font,
                fontSize=8,
            )
        )
    return d


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break a label into lines that fit ``width`` (character by character: Japanese)."""
    lines, line = [], ""
    for ch in text:
        if stringWidth(line + ch, font, size) > width and line:
            lines.append(line)
            line = ch
        else:
            line += ch
    if line:
        lines.append(line)
    if len(lines) > 3:
        lines = [*lines[:2], lines[2][:-1] + "…"]
    return lines


# -- the story ---------------------------------------------------------------------------


def _headline(results: SurveyResults) -> Table:
    st = styles()
    met = {True: "目標達成", False: "目標未達", None: "—"}[results.meets_target]
    text = (
        f"{results.headline_label}　{share_text(results.headline)}"
        f"　目標 {results.headline_target:.0%}：{met}"
    )
    box = Table([[para(text, st.heading)]], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    box.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 1.2, INK),
            ("BACKGROUND", (0, 0), (-1, -1), SHADE),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        )
    )
    return box


def comment_lines(comments) -> dict[str, tuple[int, list[str]]]:
    """Per question: how many comments, and one line per different wording (with how many
    wrote it and from where, when more than one did)."""
    out: dict[str, tuple[int, list[str]]] = {}
    for g in grouped_comments(comments):
        count, lines = out.get(g.item_text, (0, []))
        towns = "、".join(g.municipalities)
        if g.count == 1:
            lines.append(f"・{g.text}" + (f"（{towns}）" if towns else ""))
        else:
            lines.append(f"・{g.text}（{g.count}件" + (f"：{towns}）" if towns else "）"))
        out[g.item_text] = (count + g.count, lines)
    return out


def results_story(results: SurveyResults) -> list[Flowable]:
    """The figures of one set of results: headline, chart, table, choices, comments."""
    st = styles()
    out: list[Flowable] = [_headline(results), Spacer(1, 3 * mm)]
    if not results.responses:
        return [*out, para("アンケートの回答はまだありません。", st.body)]
    likert = [i for i in results.items if i.agree is not None]
    top = "」「".join(results.top_box_labels)
    rows = [
        [("★" if i.headline else "") + i.text, str(i.agree.n), share_text(i.agree)] for i in likert
    ]
    widths = [CONTENT_WIDTH - 16 * mm - 38 * mm, 16 * mm, 38 * mm]
    out += section(
        f"設問ごとの回答（「{top}」の割合）",
        [
            likert_bars(results.items),
            Spacer(1, 2 * mm),
            grid_table(["設問", "回答数", "割合（95%信頼区間）"], rows, widths, right_columns=(1,)),
        ],
    )
    for item in results.items:
        if item.agree is None and item.item_type is not SurveyItemType.FREE_TEXT:
            counted = "、".join(f"{c.label} {c.count}" for c in item.choices)
            out.append(Spacer(1, 1.5 * mm))
            out.append(para(f"■ {item.text}（回答 {item.answered}）：{counted}", st.cell))
    if results.comments:
        body: list[Flowable] = []
        for question, (count, lines) in comment_lines(results.comments).items():
            paras = [para(line, st.cell) for line in lines]
            # The question stays with its first comments at a page break.
            head = para(f"■ {question}（{count}件）", st.cell_head)
            body.append(KeepTogether([head, *paras[:2]]))
            body.extend(paras[2:])
            body.append(Spacer(1, 2 * mm))
        out += section("自由記述", body)
    out += [
        Spacer(1, 3 * mm),
        para(
            NOTE.format(top="」「".join(results.top_box_labels), headline=results.headline_label),
            st.small,
        ),
    ]
    return out


def training_survey_story(data: TrainingSurveyData) -> list[Flowable]:
    year = data.fiscal_year
    return [
        *masthead("survey", f"{fiscal.fiscal_year_label(year)}　{ISSUER}", TITLE),
        Spacer(1, 2 * mm),
        key_value_table(data.facts, label_width=28 * mm),
        Spacer(1, 4 * mm),
        *results_story(data.results),
    ]


def year_survey_story(data: YearSurveyData) -> list[Flowable]:
    st = styles()
    label = fiscal.fiscal_year_label(data.fiscal_year)
    rows = [
        [
            kind.label,
            str(r.trainings),
            str(r.responses),
            _percent(r.response_rate),
            share_text(r.headline),
            {True: "達成", False: "未達", None: "—"}[r.meets_target],
        ]
        for kind, r in data.by_kind.items()
    ]
    whole = data.whole
    rows.append(
        [
            "年度計",
            str(whole.trainings),
            str(whole.responses),
            _percent(whole.response_rate),
            share_text(whole.headline),
            {True: "達成", False: "未達", None: "—"}[whole.meets_target],
        ]
    )
    widths = [30 * mm, 14 * mm, 16 * mm, 18 * mm, 0, 16 * mm]
    widths[4] = CONTENT_WIDTH - sum(widths)
    return [
        *masthead(f"survey:{data.fiscal_year}", f"{label}　{ISSUER}", f"{TITLE}（{label}）"),
        Spacer(1, 2 * mm),
        *section(
            f"研修の種類ごとの「{whole.headline_label}」",
            [
                grid_table(
                    ["種類", "回数", "回答", "回答率", "変化を実感（95%信頼区間）", "目標"],
                    rows,
                    widths,
                    right_columns=(1, 2, 3),
                )
            ],
        ),
        Spacer(1, 4 * mm),
        para(f"年度全体（{whole.trainings}回・{_responses_text(whole)}）", st.heading),
        *results_story(whole),
    ]


def render_training_survey(data: TrainingSurveyData, *, issued_on: date | None = None) -> bytes:
    return render(
        training_survey_story(data),
        title=f"{TITLE} {data.results.scope}",
        issued_on=issued_on or date.today(),
    )


def render_year_survey(data: YearSurveyData, *, issued_on: date | None = None) -> bytes:
    return render(
        year_survey_story(data),
        title=f"{TITLE} {data.fiscal_year}年度",
        issued_on=issued_on or date.today(),
    )

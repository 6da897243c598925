"""The proposal draft's wording, laid out once as plain blocks that both the Word document
(``proposal_docx``) and the PDF (``proposal_pdf``) render, so the two never say different
things."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import fiscal
from ..models import NeedStatus
from ..needs.proposal import Measure, ProposalContent

PLACEHOLDER = "（県・市町村との協議を踏まえて記入してください）"


@dataclass(frozen=True)
class Heading:
    level: int  # 1: chapter, 2: measure, 3: part of a measure
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    small: bool = False
    # Text the prefecture is expected to replace (set in grey italics in Word).
    placeholder: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the text width
    right: tuple[int, ...] = ()  # columns of numbers


Block = Heading | Para | Bullets | Grid


@dataclass(frozen=True)
class DraftDocument:
    title: str
    subtitle: str
    blocks: tuple[Block, ...]


def _status_line(counts: dict[str, int]) -> str:
    return "、".join(f"{s.label} {counts.get(s.value, 0)}件" for s in NeedStatus)


def _intro(content: ProposalContent) -> list[Block]:
    total = sum(content.status_counts.values())
    year = fiscal.fiscal_year_label(content.fiscal_year, with_seireki=False)
    target = fiscal.fiscal_year_label(content.target_year, with_seireki=False)
    blocks: list[Block] = [
        Heading(1, "1. はじめに"),
        Para(
            f"本書は、{target}の市町村行政DX推進事業の提案に向けたたたき台です。"
            f"{year}のアセスメントシート、よろず相談（面談）及び研修で市町村から寄せられた"
            f"ニーズ・要望 {total}件（{content.municipalities_heard}市町村）を整理し、"
            "採用又は検討中としたものを施策ごとにまとめました。"
            "9月以降に把握したニーズも順次反映し、版を重ねます。"
        ),
        Para(f"ニーズの検討状況：{_status_line(content.status_counts)}", small=True),
    ]
    if content.weakest:
        blocks += [
            Para(
                f"アセスメントシート（{content.basis}）で県内平均の得点率が低い段階・分野は次のとおりです。"
            ),
            Grid(
                ("段階", "分野", "県平均", "満点", "得点率"),
                tuple(
                    (stage, domain, f"{mean:.1f}", str(top), _percent(mean, top))
                    for stage, domain, mean, top in content.weakest
                ),
                (0.3, 0.24, 0.15, 0.13, 0.18),
                right=(2, 3, 4),
            ),
        ]
    return blocks


def _percent(mean: float, top: int) -> str:
    return f"{100 * mean / top:.0f}%" if top else "—"


def _grouped(m: Measure) -> tuple[str, ...]:
    """One bullet per distinct need, naming every municipality that said it."""
    said: dict[str, list[str]] = {}
    for n in m.needs:
        towns = said.setdefault(n.text, [])
        if n.municipality not in towns:
            towns.append(n.municipality)
    return tuple(f"{text}（{'、'.join(towns)}）" for text, towns in said.items())


def _measure(number: int, m: Measure) -> list[Block]:
    towns = m.towns
    adopted, considering = m.count(NeedStatus.ADOPTED), m.count(NeedStatus.CONSIDERING)
    asked = f"{len(towns)}市町村" + (f"・県全体 {m.prefecture_wide}件" if m.prefecture_wide else "")
    blocks: list[Block] = [
        Heading(2, f"施策{number}　{m.title}"),
        Heading(3, "施策の概要（案）"),
        Para(
            f"{m.domain_label}分野"
            + (f"の「{'」「'.join(m.themes)}」" if m.themes else "")
            + f"について、{asked}からニーズが寄せられています。"
            "寄せられたニーズを踏まえ、次の内容を検討します。"
        ),
        Bullets(_grouped(m)),
        Para(PLACEHOLDER, placeholder=True),
        Heading(3, "根拠"),
        Grid(
            ("項目", "内容"),
            (
                ("要望した市町村数", asked),
                ("市町村名", "、".join(towns) or "—"),
                ("ニーズの件数", f"{len(m.needs)}件（採用 {adopted}件・検討中 {considering}件）"),
            ),
            (0.28, 0.72),
        ),
    ]
    quotes = m.quotes
    if quotes:
        blocks += [
            Heading(3, "市町村の声（抜粋）"),
            Bullets(tuple(f"「{q}」（{who}）" for q, who in quotes)),
        ]
    if m.cells:
        blocks += [
            Heading(3, f"アセスメントの状況（{m.domain_label}）"),
            Grid(
                ("段階", "県平均", "満点", "得点率", "全区分中の低い順"),
                tuple(
                    (
                        c.stage_label,
                        f"{c.mean:.1f}",
                        str(c.maximum),
                        _percent(c.mean, c.maximum),
                        f"{c.rank}位",
                    )
                    for c in m.cells
                ),
                (0.32, 0.15, 0.13, 0.15, 0.25),
                right=(1, 2, 3, 4),
            ),
        ]
    notes = [f"{n.municipality}：{n.note}" for n in m.needs if n.note]
    if notes:
        blocks += [Heading(3, "検討メモ"), Bullets(tuple(notes))]
    return blocks


def draft_document(content: ProposalContent, *, issued_on: date, label: str = "") -> DraftDocument:
    version = f"{label}　" if label else ""
    subtitle = (
        f"{version}{fiscal.wareki(issued_on)}時点　和歌山県 市町村DX推進支援（たたき台・検討用）"
    )
    blocks: list[Block] = _intro(content)
    blocks.append(Heading(1, "2. 提案する施策"))
    if not content.measures:
        blocks.append(
            Para("採用又は検討中としたニーズはまだありません。ニーズの検討状況を更新してください。")
        )
    for number, measure in enumerate(content.measures, start=1):
        blocks += _measure(number, measure)
    blocks += [
        Heading(1, "3. 今後の進め方"),
        Para(
            "夏頃までに事業の枠組みを示し、県及び市町村の合意と庁内調整を図ります。"
            "アセスメントシートの結果、よろず相談及び合同研修会で把握したニーズにより、本たたき台を肉付けします。"
        ),
        Para(PLACEHOLDER, placeholder=True),
    ]
    return DraftDocument(content.title, subtitle, tuple(blocks))

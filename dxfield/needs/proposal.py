"""Next year's proposal draft (次年度の市町村行政DX推進事業に係る提案のたたき台) as data.

``build_proposal`` groups the needs marked 採用 or 検討中 into proposed measures (施策): by
the measure a need was assigned to, else by domain and its first theme tag. Each measure
carries its evidence: how many municipalities asked and which, short quotes, and the
prefecture's assessment cells of its domain (weakest first).

The result is a snapshot (``ProposalContent``) that round-trips through JSON: it is stored
in ``ProposalDraft.content`` so an old version can be printed again and compared with a
newer one without the needs as they are today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from .. import fiscal
from ..models import NeedStatus
from ..models.need import OTHER_DOMAIN
from ..services.needs import PROPOSED, NeedRow, list_needs, need_domains
from .overview import (
    AssessmentBasis,
    AssessmentCell,
    assessment_basis,
    assessment_cells,
    theme_label,
)

FORMAT = 1
QUOTE_LENGTH = 60  # characters of a quote shown as evidence
QUOTES_PER_MEASURE = 5


def proposal_title(fiscal_year: int) -> str:
    target = fiscal.fiscal_year_label(fiscal_year + 1, with_seireki=False)
    return f"{target} 市町村行政DX推進事業に係る提案のたたき台"


def short_quote(text: str, limit: int = QUOTE_LENGTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class MeasureNeed:
    id: str
    municipality: str  # name, or 「県全体」
    municipality_code: str | None
    text: str
    quote: str
    status: str  # NeedStatus value
    origin: str
    heard_on: str | None  # ISO date
    note: str


@dataclass(frozen=True)
class CellEvidence:
    stage_label: str
    mean: float
    maximum: int
    rank: int  # among all cells of the sheet; 1 = weakest


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    domain: str
    domain_label: str
    themes: tuple[str, ...]
    needs: tuple[MeasureNeed, ...]
    cells: tuple[CellEvidence, ...]  # the domain's cells, weakest first

    @property
    def towns(self) -> tuple[str, ...]:
        """Names of the municipalities that asked, each once, in the order first met."""
        return tuple(dict.fromkeys(n.municipality for n in self.needs if n.municipality_code))

    @property
    def prefecture_wide(self) -> int:
        return sum(1 for n in self.needs if not n.municipality_code)

    def count(self, status: NeedStatus) -> int:
        return sum(1 for n in self.needs if n.status == status.value)

    @property
    def quotes(self) -> tuple[tuple[str, str], ...]:
        """Up to ``QUOTES_PER_MEASURE`` (quote, who and where): one per municipality, words
        not quoted yet first, so the evidence shows the range of what was asked."""
        picked: list[tuple[str, str]] = []
        towns: set[str] = set()
        said: set[str] = set()
        for fresh_words_only in (True, False):
            for n in self.needs:
                words = short_quote(n.quote or n.text)
                if not words or n.municipality in towns or (fresh_words_only and words in said):
                    continue
                towns.add(n.municipality)
                said.add(words)
                picked.append((words, f"{n.municipality}・{n.origin}"))
        return tuple(picked[:QUOTES_PER_MEASURE])


@dataclass(frozen=True)
class ProposalContent:
    fiscal_year: int
    title: str
    basis: str  # which assessment sheets the cells come from; "" if none
    measures: tuple[Measure, ...]
    # Needs of the year by status value (all statuses), for the introduction.
    status_counts: dict[str, int] = field(default_factory=dict)
    municipalities_heard: int = 0  # municipalities with any need this year
    weakest: tuple[tuple[str, str, float, int], ...] = ()  # (stage, domain, mean, max)

    @property
    def target_year(self) -> int:
        return self.fiscal_year + 1

    @property
    def need_ids(self) -> set[str]:
        return {n.id for m in self.measures for n in m.needs}

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "fiscal_year": self.fiscal_year,
            "title": self.title,
            "basis": self.basis,
            "status_counts": dict(self.status_counts),
            "municipalities_heard": self.municipalities_heard,
            "weakest": [list(w) for w in self.weakest],
            "measures": [
                {
                    "key": m.key,
                    "title": m.title,
                    "domain": m.domain,
                    "domain_label": m.domain_label,
                    "themes": list(m.themes),
                    "needs": [n.__dict__.copy() for n in m.needs],
                    "cells": [c.__dict__.copy() for c in m.cells],
                }
                for m in self.measures
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProposalContent:
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown proposal snapshot format {data.get('format')!r}")
        return cls(
            fiscal_year=int(data["fiscal_year"]),
            title=str(data["title"]),
            basis=str(data.get("basis", "")),
            status_counts={str(k): int(v) for k, v in data.get("status_counts", {}).items()},
            municipalities_heard=int(data.get("municipalities_heard", 0)),
            weakest=tuple(
                (str(s), str(d), float(m), int(x)) for s, d, m, x in data.get("weakest", [])
            ),
            measures=tuple(
                Measure(
                    key=str(m["key"]),
                    title=str(m["title"]),
                    domain=str(m["domain"]),
                    domain_label=str(m["domain_label"]),
                    themes=tuple(m.get("themes", ())),
                    needs=tuple(MeasureNeed(**n) for n in m.get("needs", ())),
                    cells=tuple(CellEvidence(**c) for c in m.get("cells", ())),
                )
                for m in data.get("measures", ())
            ),
        )


def year_assessment(
    session: Session, fiscal_year: int
) -> tuple[AssessmentBasis | None, tuple[AssessmentCell, ...]]:
    """The sheets the needs of ``fiscal_year`` are weighed against, and their cells."""
    basis = assessment_basis(session, fiscal_year)
    return basis, assessment_cells(session, basis)


def _group_key(row: NeedRow) -> tuple[str, str]:
    """(key, title) of the measure a need feeds."""
    if row.measure:
        return f"measure:{row.measure}", row.measure
    theme = row.themes[0] if row.themes else ""
    if theme:
        title = f"{theme}（{row.domain_label}）"
    elif row.domain == OTHER_DOMAIN:
        title = "その他の要望"
    else:
        title = f"{row.domain_label}（{theme_label('')}）"
    return f"{row.domain}:{theme}", title


def _measure_need(row: NeedRow) -> MeasureNeed:
    return MeasureNeed(
        id=row.id,
        municipality=row.place,
        municipality_code=row.municipality_code,
        text=row.text,
        quote=row.quote,
        status=row.status.value,
        origin=row.origin,
        heard_on=row.heard_on.isoformat() if row.heard_on else None,
        note=row.note,
    )


def _cells_of(domain: str, cells: tuple[AssessmentCell, ...]) -> tuple[CellEvidence, ...]:
    return tuple(
        CellEvidence(c.stage_label, round(c.mean, 2), c.maximum, c.rank)
        for c in cells
        if c.domain == domain
    )


def build_proposal(
    session: Session,
    fiscal_year: int,
    *,
    rows: list[NeedRow] | None = None,
    assessment: tuple[AssessmentBasis | None, tuple[AssessmentCell, ...]] | None = None,
) -> ProposalContent:
    """The draft as the needs of ``fiscal_year`` stand now (or as ``rows``, the year's needs
    as they stood on some earlier day, say). ``assessment`` (basis, cells) saves scoring the
    sheets again when several versions of one year are built."""
    everything = list_needs(session, year=fiscal_year) if rows is None else rows
    rows = [r for r in everything if r.status in PROPOSED]
    if assessment is None:
        assessment = year_assessment(session, fiscal_year)
    basis, cells = assessment
    order = {key: n for n, (key, _label) in enumerate(need_domains(session))}
    groups: dict[str, list[NeedRow]] = {}
    titles: dict[str, str] = {}
    for row in sorted(
        rows, key=lambda r: (r.municipality_code or "999999", r.heard_on or date.max)
    ):
        key, title = _group_key(row)
        groups.setdefault(key, []).append(row)
        titles.setdefault(key, title)
    measures = []
    for key, members in groups.items():
        domains = [m.domain for m in members]
        domain = max(dict.fromkeys(domains), key=domains.count)
        themes = tuple(dict.fromkeys(t for m in members for t in m.themes))
        measures.append(
            Measure(
                key=key,
                title=titles[key],
                domain=domain,
                domain_label=dict(need_domains(session)).get(domain, domain),
                themes=themes,
                needs=tuple(_measure_need(m) for m in members),
                cells=_cells_of(domain, cells),
            )
        )
    # Most municipalities first; adopted before considered; then the sheet's domain order.
    measures.sort(
        key=lambda m: (
            -len(m.towns),
            -m.count(NeedStatus.ADOPTED),
            order.get(m.domain, 99),
            m.title,
        )
    )
    return ProposalContent(
        fiscal_year=fiscal_year,
        title=proposal_title(fiscal_year),
        basis=basis.label if basis else "",
        measures=tuple(measures),
        status_counts={s.value: sum(1 for r in everything if r.status is s) for s in NeedStatus},
        municipalities_heard=len({r.municipality_id for r in everything if r.municipality_id}),
        weakest=tuple(
            (c.stage_label, c.domain_label, round(c.mean, 2), c.maximum) for c in cells[:5]
        ),
    )


# --- comparing two versions ----------------------------------------------------------------


@dataclass(frozen=True)
class ProposalComparison:
    """What changed from ``old`` to ``new``: measures by key, needs by id."""

    measures_added: tuple[str, ...]  # titles
    measures_removed: tuple[str, ...]
    needs_added: tuple[MeasureNeed, ...]
    needs_removed: tuple[MeasureNeed, ...]
    # (need, old status, new status) for needs in both whose status moved (検討中 → 採用).
    status_changed: tuple[tuple[MeasureNeed, str, str], ...]

    @property
    def unchanged(self) -> bool:
        return not (
            self.measures_added
            or self.measures_removed
            or self.needs_added
            or self.needs_removed
            or self.status_changed
        )

    def as_json(self) -> dict[str, Any]:
        def need(n: MeasureNeed) -> dict[str, Any]:
            return {"id": n.id, "municipality": n.municipality, "text": n.text}

        return {
            "measures_added": list(self.measures_added),
            "measures_removed": list(self.measures_removed),
            "needs_added": [need(n) for n in self.needs_added],
            "needs_removed": [need(n) for n in self.needs_removed],
            "status_changed": [
                {**need(n), "from": old, "to": new} for n, old, new in self.status_changed
            ],
        }


def compare(old: ProposalContent, new: ProposalContent) -> ProposalComparison:
    old_measures = {m.key: m for m in old.measures}
    new_measures = {m.key: m for m in new.measures}
    old_needs = {n.id: n for m in old.measures for n in m.needs}
    new_needs = {n.id: n for m in new.measures for n in m.needs}
    return ProposalComparison(
        measures_added=tuple(new_measures[k].title for k in new_measures if k not in old_measures),
        measures_removed=tuple(
            old_measures[k].title for k in old_measures if k not in new_measures
        ),
        needs_added=tuple(n for i, n in new_needs.items() if i not in old_needs),
        needs_removed=tuple(n for i, n in old_needs.items() if i not in new_needs),
        status_changed=tuple(
            (n, old_needs[i].status, n.status)
            for i, n in new_needs.items()
            if i in old_needs and old_needs[i].status != n.status
        ),
    )

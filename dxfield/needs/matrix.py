"""Needs across the 30 municipalities: domain × theme with counts and who asked, beside the
prefecture's weakest assessment cells — the view itself, built from rows already read.

Nothing here reads the store: ``dxfield.needs.overview`` reads it through the ORM and
``dxfield.quickread_sheets`` with the stdlib, and both build the view with ``build_overview``,
``basis_from_counts`` and ``cells_from_summary``, so the two roads cannot drift apart.

The assessment side is the engine's prefecture summary (``assessment.results.summarize``):
the mean score of each stage × domain cell over the municipalities that answered, against
the cell's full marks. Weakness is the mean as a share of full marks, so cells with more
questions do not look stronger for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..enums import NeedStatus, ResponseKind
from .rows import NeedRow
from .themes import theme_labels

if TYPE_CHECKING:
    from ..assessment.results import PrefectureSummary

NO_THEME = ""  # the column of needs without a tag (「テーマなし」)
NO_THEME_LABEL = "テーマなし"
WEAKEST = 5  # cells flagged as the weakest


@dataclass(frozen=True)
class Town:
    code: str
    name: str


@dataclass(frozen=True)
class MatrixCell:
    """Needs of one domain carrying one tag (a need with two tags counts in both columns)."""

    needs: int
    towns: tuple[Town, ...]  # municipalities that asked, by code
    prefecture_wide: int  # needs not from one municipality
    need_ids: tuple[str, ...]

    @property
    def municipalities(self) -> int:
        return len(self.towns)


@dataclass(frozen=True)
class AssessmentCell:
    stage: str
    stage_label: str
    domain: str
    domain_label: str
    mean: float
    maximum: int
    rank: int  # 1 = the weakest cell of the sheet

    @property
    def ratio(self) -> float:
        return self.mean / self.maximum if self.maximum else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "stage_label": self.stage_label,
            "domain": self.domain,
            "domain_label": self.domain_label,
            "mean": round(self.mean, 2),
            "max": self.maximum,
            "ratio": round(self.ratio, 3),
            "rank": self.rank,
        }


@dataclass(frozen=True)
class AssessmentBasis:
    """Which sheets the cells were computed from."""

    fiscal_year: int
    kind: ResponseKind
    responses: int

    @property
    def label(self) -> str:
        return f"{self.fiscal_year}年度 {self.kind.label}（{self.responses}市町村）"


@dataclass(frozen=True)
class NeedsOverview:
    fiscal_year: int
    statuses: tuple[NeedStatus, ...]  # the statuses counted (all by default)
    domains: tuple[tuple[str, str], ...]
    themes: tuple[str, ...]  # columns, NO_THEME last if any need has no tag
    cells: dict[tuple[str, str], MatrixCell]
    domain_totals: dict[str, MatrixCell]  # each need once
    theme_totals: dict[str, MatrixCell]
    total: MatrixCell
    status_counts: dict[NeedStatus, int]
    basis: AssessmentBasis | None
    assessment: tuple[AssessmentCell, ...]  # every cell, weakest first

    def cell(self, domain: str, theme: str) -> MatrixCell:
        return self.cells.get((domain, theme), EMPTY)

    @property
    def weakest(self) -> tuple[AssessmentCell, ...]:
        return self.assessment[:WEAKEST]

    def weakest_in(self, domain: str) -> tuple[AssessmentCell, ...]:
        """The domain's cells, weakest first."""
        return tuple(c for c in self.assessment if c.domain == domain)

    def as_json(self) -> dict[str, Any]:
        def cell_json(c: MatrixCell) -> dict[str, Any]:
            return {
                "needs": c.needs,
                "municipalities": [{"code": t.code, "name": t.name} for t in c.towns],
                "prefecture_wide": c.prefecture_wide,
            }

        labels = dict(self.domains)
        return {
            "fiscal_year": self.fiscal_year,
            "statuses": [s.value for s in self.statuses],
            "domains": [{"key": k, "label": v} for k, v in self.domains],
            "themes": list(self.themes),
            "cells": [
                {"domain": d, "domain_label": labels[d], "theme": t, **cell_json(c)}
                for (d, t), c in self.cells.items()
            ],
            "domain_totals": {d: cell_json(c) for d, c in self.domain_totals.items()},
            "theme_totals": {t: cell_json(c) for t, c in self.theme_totals.items()},
            "total": cell_json(self.total),
            "status_counts": {s.value: n for s, n in self.status_counts.items()},
            "assessment": {
                "basis": (
                    {
                        "fiscal_year": self.basis.fiscal_year,
                        "kind": self.basis.kind.value,
                        "responses": self.basis.responses,
                    }
                    if self.basis
                    else None
                ),
                "cells": [c.as_json() for c in self.assessment],
            },
        }


EMPTY = MatrixCell(0, (), 0, ())


def _collect(rows: Iterable[NeedRow]) -> MatrixCell:
    rows = list(rows)
    towns = {(r.municipality_code, r.municipality) for r in rows if r.municipality_id}
    return MatrixCell(
        needs=len(rows),
        towns=tuple(Town(code, name) for code, name in sorted(towns)),
        prefecture_wide=sum(1 for r in rows if not r.municipality_id),
        need_ids=tuple(r.id for r in rows),
    )


def _themes_of(row: NeedRow) -> tuple[str, ...]:
    return row.themes or (NO_THEME,)


def basis_from_counts(
    counts: Mapping[tuple[int, ResponseKind], int], fiscal_year: int
) -> AssessmentBasis | None:
    """The sheets to weigh needs heard in ``fiscal_year`` against, from the live responses
    counted by (year, kind) up to that year: that spring's baseline; before it is in, the
    latest earlier year's evaluation, else its baseline."""
    candidates = [(fiscal_year, ResponseKind.BASELINE)]
    for year in sorted({y for y, _k in counts if y < fiscal_year}, reverse=True):
        candidates += [(year, ResponseKind.EVALUATION), (year, ResponseKind.BASELINE)]
    for year, kind in candidates:
        if counts.get((year, kind)):
            return AssessmentBasis(year, kind, counts[(year, kind)])
    return None


def cells_from_summary(summary: PrefectureSummary | None) -> tuple[AssessmentCell, ...]:
    """Every stage × domain cell's prefecture mean, weakest (lowest share of full marks)
    first; empty without a summary."""
    if summary is None:
        return ()
    stages, domains = dict(summary.stages), dict(summary.domains)
    cells = [
        (s, d, mean, summary.cell_max.get((s, d), 0))
        for (s, d), mean in summary.cell_means.items()
        if s in stages and d in domains
    ]
    order = sorted(cells, key=lambda c: (c[2] / c[3] if c[3] else 1.0, c[2]))
    return tuple(
        AssessmentCell(s, stages[s], d, domains[d], mean, top, rank)
        for rank, (s, d, mean, top) in enumerate(order, start=1)
    )


def wanted_statuses(statuses: Iterable[NeedStatus] | None) -> tuple[NeedStatus, ...]:
    """The statuses counted: those given, else all."""
    return tuple(NeedStatus(s) for s in statuses) if statuses is not None else tuple(NeedStatus)


def build_overview(
    fiscal_year: int,
    wanted: tuple[NeedStatus, ...],
    rows: list[NeedRow],
    domains: tuple[tuple[str, str], ...],
    basis: AssessmentBasis | None,
    summary: PrefectureSummary | None,
) -> NeedsOverview:
    """The view of the year's needs ``rows`` (those of ``wanted`` statuses) by domain ×
    theme, beside the cells of the prefecture's ``summary`` of the ``basis`` sheets."""
    used = {t for r in rows for t in r.themes}
    known = [t for t in theme_labels() if t in used]
    others = sorted(used - set(known), key=lambda t: (-sum(t in r.themes for r in rows), t))
    themes = [*known, *others]
    if any(not r.themes for r in rows):
        themes.append(NO_THEME)
    cells = {}
    for d, _label in domains:
        for t in themes:
            picked = [r for r in rows if r.domain == d and t in _themes_of(r)]
            if picked:
                cells[(d, t)] = _collect(picked)
    return NeedsOverview(
        fiscal_year=fiscal_year,
        statuses=wanted,
        domains=domains,
        themes=tuple(themes),
        cells=cells,
        domain_totals={d: _collect(r for r in rows if r.domain == d) for d, _l in domains},
        theme_totals={t: _collect(r for r in rows if t in _themes_of(r)) for t in themes},
        total=_collect(rows),
        status_counts={s: sum(1 for r in rows if r.status is s) for s in wanted},
        basis=basis,
        assessment=cells_from_summary(summary),
    )


def theme_label(theme: str) -> str:
    return theme or NO_THEME_LABEL

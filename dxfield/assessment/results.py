"""Assessment results: the one model of what a sheet scored, and what it means.

A response's cells, per-cell maxima, domain totals, support levels and fractions
(``SheetScore``); the change from the spring baseline to the winter evaluation
(``SheetDiff``); a municipality's year with both (``AssessmentResults``); the prefecture's
responses of a year (``PrefectureSummary``) and its outcome from baseline to evaluation
(``AssessmentOutcome``). The municipality page, the PDFs, the annual report, the dashboard
and ``dxfield assessment show`` all read their numbers here, so that they cannot disagree.

Pure functions over a ``TemplateDef`` and answers by question code: no SQLAlchemy, no Qt
(an import-linter contract holds it), so a reader over the ORM (``dxfield.assessment.engine``)
and one over plain SQL rows can both feed it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from statistics import fmean
from typing import Any

from ..enums import AnswerType, ResponseKind
from .definition import TemplateDef, answer_points, normalize_answers

Cell = tuple[str, str]  # (stage key, domain key)


@dataclass(frozen=True)
class SupportLevel:
    key: str
    label: str


@dataclass(frozen=True)
class SheetScore:
    """One response's results. The screen (heatmap, radar, level table), the PDFs and the
    CLI read cells, maxima, levels and fractions through the methods below, so that they
    cannot disagree."""

    template_version: str
    stages: tuple[tuple[str, str], ...]
    domains: tuple[tuple[str, str], ...]
    cells: dict[Cell, int]
    cell_max: dict[Cell, int]
    domain_totals: dict[str, int]
    domain_max: dict[str, int]
    support_levels: dict[str, SupportLevel]
    question_points: dict[str, int]
    answered: int  # required questions with an answer
    required: int
    free_text: dict[str, str]

    @property
    def completeness(self) -> float:
        return self.answered / self.required if self.required else 1.0

    @property
    def total(self) -> int:
        return sum(self.domain_totals.values())

    @property
    def total_max(self) -> int:
        return sum(self.domain_max.values())

    def cell(self, stage: str, domain: str) -> int:
        return int(self.cells.get((stage, domain), 0) or 0)

    def cell_limit(self, stage: str, domain: str) -> int:
        return int(self.cell_max.get((stage, domain), 0) or 0)

    def domain_total(self, domain: str) -> int:
        return int(self.domain_totals.get(domain, 0) or 0)

    def domain_limit(self, domain: str) -> int:
        return int(self.domain_max.get(domain, 0) or 0)

    def cell_fraction(self, stage: str, domain: str) -> float:
        """The cell's points as a share of its maximum, 0 to 1 (0 when it has none)."""
        top = self.cell_limit(stage, domain)
        return min(1.0, self.cell(stage, domain) / top) if top else 0.0

    def domain_fraction(self, domain: str) -> float:
        """The domain's points as a share of its maximum, 0 to 1 (0 when it has none)."""
        top = self.domain_limit(domain)
        return min(1.0, self.domain_total(domain) / top) if top else 0.0

    def level_label(self, domain: str) -> str:
        """The support level (支援分類) the domain's points earn; empty when none."""
        level = self.support_levels.get(domain)
        return level.label if level is not None else ""


@dataclass(frozen=True)
class SheetDiff:
    """Evaluation minus baseline (成果把握): positive numbers are progress."""

    stages: tuple[tuple[str, str], ...]
    domains: tuple[tuple[str, str], ...]
    cells: dict[Cell, int]
    domain_totals: dict[str, int]
    # domain -> (baseline level, evaluation level)
    level_changes: dict[str, tuple[SupportLevel, SupportLevel]]
    total: int
    same_template: bool
    # The two sheets' totals over the domains compared: ``total`` is their difference.
    baseline_total: int = 0
    evaluation_total: int = 0

    def changed_levels(self) -> dict[str, tuple[SupportLevel, SupportLevel]]:
        return {d: pair for d, pair in self.level_changes.items() if pair[0] != pair[1]}

    def cell(self, stage: str, domain: str) -> int | None:
        """The cell's change; None where the two sheets do not share the cell."""
        return self.cells.get((stage, domain))

    def domain_total(self, domain: str) -> int | None:
        """The domain total's change; None where the two sheets do not share the domain."""
        return self.domain_totals.get(domain)


def support_level(defn: TemplateDef, domain: str, total: int) -> SupportLevel:
    """The level a domain total earns: the last threshold the total reaches."""
    chosen = defn.support_levels[0]
    for level, minimum in defn.thresholds(domain):
        if total >= minimum:
            chosen = level
    return SupportLevel(chosen.key, chosen.label)


def score(defn: TemplateDef, answers: Mapping[str, Any]) -> SheetScore:
    """Score answers (by question code; values as stored or as typed) on ``defn``."""
    normalized = normalize_answers(defn, answers)

    cells = {(s, d): 0 for s, _ in defn.stages for d, _ in defn.domains}
    cell_max = dict(cells)
    points: dict[str, int] = {}
    free_text: dict[str, str] = {}
    answered = required = 0
    for q in defn.questions:
        value = normalized.get(q.code)
        if q.required:
            required += 1
            answered += value is not None
        if q.answer_type is AnswerType.FREE_TEXT:
            if value:
                free_text[q.code] = value
            continue
        points[q.code] = answer_points(q, value)
        cells[q.cell] += points[q.code]
        cell_max[q.cell] += q.max_points
    totals = {d: sum(cells[(s, d)] for s, _ in defn.stages) for d, _ in defn.domains}
    return SheetScore(
        template_version=defn.template_version,
        stages=defn.stages,
        domains=defn.domains,
        cells=cells,
        cell_max=cell_max,
        domain_totals=totals,
        domain_max={d: sum(cell_max[(s, d)] for s, _ in defn.stages) for d, _ in defn.domains},
        support_levels={d: support_level(defn, d, t) for d, t in totals.items()},
        question_points=points,
        answered=answered,
        required=required,
        free_text=free_text,
    )


def diff(baseline: SheetScore, evaluation: SheetScore) -> SheetDiff:
    """Per-cell and per-domain change from the baseline to the evaluation.

    Two template versions are compared on the stages and domains they share.
    """
    base_domains = dict(baseline.domains)
    base_stages = dict(baseline.stages)
    stages = tuple((k, label) for k, label in evaluation.stages if k in base_stages)
    domains = tuple((k, label) for k, label in evaluation.domains if k in base_domains)
    cells = {
        (s, d): evaluation.cells[(s, d)] - baseline.cells[(s, d)]
        for s, _ in stages
        for d, _ in domains
    }
    totals = {d: evaluation.domain_totals[d] - baseline.domain_totals[d] for d, _ in domains}
    return SheetDiff(
        stages=stages,
        domains=domains,
        cells=cells,
        domain_totals=totals,
        level_changes={
            d: (baseline.support_levels[d], evaluation.support_levels[d]) for d, _ in domains
        },
        total=sum(totals.values()),
        same_template=baseline.template_version == evaluation.template_version,
        baseline_total=sum(baseline.domain_totals[d] for d, _ in domains),
        evaluation_total=sum(evaluation.domain_totals[d] for d, _ in domains),
    )


# -- a municipality's year -----------------------------------------------------------------


@dataclass(frozen=True)
class DomainChange:
    """One domain of a municipality's year, as the comparison tables show it. A side that
    was not answered (or whose template lacks the domain) is None; ``change`` comes from the
    diff, so it is None unless both sheets have the domain."""

    key: str
    label: str
    baseline: int | None
    baseline_max: int | None
    evaluation: int | None
    evaluation_max: int | None
    change: int | None
    baseline_level: str | None  # the support level's label ("" when none); None: no sheet
    evaluation_level: str | None


@dataclass(frozen=True)
class AssessmentResults:
    """A municipality's baseline and evaluation for one year (either may be missing), and
    the difference (成果把握) when both are in."""

    baseline: SheetScore | None = None
    evaluation: SheetScore | None = None

    @property
    def latest(self) -> SheetScore | None:
        """The evaluation if it is in, else the baseline: the sheet that says where the
        municipality stands now."""
        return self.evaluation if self.evaluation is not None else self.baseline

    @property
    def both(self) -> bool:
        return self.baseline is not None and self.evaluation is not None

    def __bool__(self) -> bool:
        return self.latest is not None

    @cached_property
    def diff(self) -> SheetDiff | None:
        return diff(self.baseline, self.evaluation) if self.both else None

    @property
    def domains(self) -> tuple[tuple[str, str], ...]:
        """The domains to show: the latest sheet's (those the diff is stated on)."""
        latest = self.latest
        return latest.domains if latest is not None else ()

    def domain_changes(self) -> tuple[DomainChange, ...]:
        base, final, change = self.baseline, self.evaluation, self.diff

        def side(sheet: SheetScore | None, key: str, values: str) -> int | None:
            return None if sheet is None else getattr(sheet, values).get(key)

        def level(sheet: SheetScore | None, key: str) -> str | None:
            return None if sheet is None else sheet.level_label(key)

        return tuple(
            DomainChange(
                key=key,
                label=label,
                baseline=side(base, key, "domain_totals"),
                baseline_max=side(base, key, "domain_max"),
                evaluation=side(final, key, "domain_totals"),
                evaluation_max=side(final, key, "domain_max"),
                change=change.domain_total(key) if change is not None else None,
                baseline_level=level(base, key),
                evaluation_level=level(final, key),
            )
            for key, label in self.domains
        )


# -- the prefecture as a whole ------------------------------------------------------------


@dataclass(frozen=True)
class DomainStats:
    mean: float
    min: int
    max: int
    level_counts: dict[str, int]  # support level key -> number of municipalities


@dataclass(frozen=True)
class MunicipalityScore:
    municipality_id: str
    code: str
    name: str
    score: SheetScore


@dataclass(frozen=True)
class PrefectureSummary:
    fiscal_year: int
    kind: ResponseKind
    stages: tuple[tuple[str, str], ...]
    domains: tuple[tuple[str, str], ...]
    support_levels: tuple[SupportLevel, ...]
    domain_stats: dict[str, DomainStats]
    cell_means: dict[Cell, float]
    municipalities: list[MunicipalityScore] = field(default_factory=list)
    # The axis template's maxima: what the means are out of.
    cell_max: dict[Cell, int] = field(default_factory=dict)
    domain_max: dict[str, int] = field(default_factory=dict)

    @property
    def responses(self) -> int:
        return len(self.municipalities)


def summarize(
    defn: TemplateDef, fiscal_year: int, kind: ResponseKind, scores: Iterable[MunicipalityScore]
) -> PrefectureSummary:
    """Aggregate sheet scores. ``defn`` gives the axes; other versions count where they match."""
    rows = list(scores)
    stats: dict[str, DomainStats] = {}
    for d, _ in defn.domains:
        totals = [r.score.domain_totals[d] for r in rows if d in r.score.domain_totals]
        counts = {lv.key: 0 for lv in defn.support_levels}
        for r in rows:
            level = r.score.support_levels.get(d)
            if level is not None:
                counts[level.key] = counts.get(level.key, 0) + 1
        stats[d] = DomainStats(
            mean=fmean(totals) if totals else 0.0,
            min=min(totals, default=0),
            max=max(totals, default=0),
            level_counts=counts,
        )
    empty = score(defn, {})
    cell_means = {}
    for s, _ in defn.stages:
        for d, _ in defn.domains:
            values = [r.score.cells[(s, d)] for r in rows if (s, d) in r.score.cells]
            cell_means[(s, d)] = fmean(values) if values else 0.0
    return PrefectureSummary(
        fiscal_year=fiscal_year,
        kind=kind,
        stages=defn.stages,
        domains=defn.domains,
        support_levels=tuple(SupportLevel(lv.key, lv.label) for lv in defn.support_levels),
        domain_stats=stats,
        cell_means=cell_means,
        municipalities=sorted(rows, key=lambda r: r.code),
        cell_max=empty.cell_max,
        domain_max=empty.domain_max,
    )


# -- the prefecture from baseline to evaluation ----------------------------------------------


@dataclass(frozen=True)
class DomainOutcome:
    """One domain from the spring baseline to the winter evaluation.

    The two means are over every municipality that answered that sheet; the change is over
    the municipalities that answered both (``paired``), as the level moves are: mid-year,
    with only some evaluations in, the two means are of different towns and their
    difference says nothing about progress."""

    domain: str
    label: str
    maximum: int
    baseline_mean: float | None
    evaluation_mean: float | None
    baseline_levels: dict[str, int]  # level label -> municipalities
    evaluation_levels: dict[str, int]
    paired: int  # municipalities with both sheets
    improved: int  # of those: moved to a level needing less support
    unchanged: int
    declined: int
    transitions: dict[tuple[str, str], int]  # (baseline level, evaluation level) -> n
    # The two means over the ``paired`` municipalities only (None when there are none).
    paired_baseline_mean: float | None = None
    paired_evaluation_mean: float | None = None

    @property
    def change(self) -> float | None:
        """Evaluation minus baseline over the municipalities with both sheets."""
        if self.paired_baseline_mean is None or self.paired_evaluation_mean is None:
            return None
        return self.paired_evaluation_mean - self.paired_baseline_mean


@dataclass(frozen=True)
class AssessmentOutcome:
    baseline_responses: int
    evaluation_responses: int
    levels: tuple[str, ...]  # labels, most support first
    domains: tuple[DomainOutcome, ...]
    paired: int = 0  # municipalities with both sheets: those the changes compare


def outcome(base: PrefectureSummary, final: PrefectureSummary) -> AssessmentOutcome:
    """The year's outcome (成果把握) over the prefecture: each domain's mean and levels in
    spring and winter, and how the municipalities that answered both moved between levels."""
    axis = final if final.responses else base
    order = [lv.key for lv in axis.support_levels]
    labels = {lv.key: lv.label for lv in axis.support_levels}
    base_by_town = {m.municipality_id: m.score for m in base.municipalities}

    def rank(key: str) -> int:
        return order.index(key) if key in order else -1

    both = [
        (base_by_town[m.municipality_id], m.score)
        for m in final.municipalities
        if m.municipality_id in base_by_town
    ]
    domains = []
    for key, label in axis.domains:
        # The towns whose two sheets both have the domain (two template versions may not).
        sheets = [
            (spring, winter)
            for spring, winter in both
            if key in spring.domain_totals and key in winter.domain_totals
        ]
        pairs = [
            (spring.support_levels.get(key), winter.support_levels.get(key))
            for spring, winter in sheets
        ]
        pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
        moves = Counter((a.key, b.key) for a, b in pairs)
        domains.append(
            DomainOutcome(
                domain=key,
                label=label,
                # No sheet in the year: no maximum to speak of.
                maximum=axis.domain_max.get(key, 0) if axis.responses else 0,
                baseline_mean=_mean(base, key),
                evaluation_mean=_mean(final, key),
                baseline_levels=_level_counts(base, key, order, labels),
                evaluation_levels=_level_counts(final, key, order, labels),
                paired=len(pairs),
                paired_baseline_mean=_paired_mean([spring for spring, _ in sheets], key),
                paired_evaluation_mean=_paired_mean([winter for _, winter in sheets], key),
                improved=sum(n for (a, b), n in moves.items() if rank(b) > rank(a)),
                unchanged=sum(n for (a, b), n in moves.items() if a == b),
                declined=sum(n for (a, b), n in moves.items() if rank(b) < rank(a)),
                transitions={
                    (labels.get(a, a), labels.get(b, b)): n
                    for (a, b), n in sorted(
                        moves.items(), key=lambda kv: (rank(kv[0][0]), rank(kv[0][1]))
                    )
                },
            )
        )
    return AssessmentOutcome(
        base.responses,
        final.responses,
        tuple(labels[k] for k in order),
        tuple(domains),
        paired=len(both),
    )


def _paired_mean(sheets: Iterable[SheetScore], domain: str) -> float | None:
    totals = [sheet.domain_totals[domain] for sheet in sheets]
    return fmean(totals) if totals else None


def _mean(summary: PrefectureSummary, domain: str) -> float | None:
    if not summary.responses or domain not in summary.domain_stats:
        return None
    return summary.domain_stats[domain].mean


def _level_counts(
    summary: PrefectureSummary, domain: str, order: list[str], labels: dict[str, str]
) -> dict[str, int]:
    counts = summary.domain_stats[domain].level_counts if domain in summary.domain_stats else {}
    return {labels[k]: counts.get(k, 0) for k in order} if summary.responses else {}

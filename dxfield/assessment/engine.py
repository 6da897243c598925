"""Scoring the assessment sheet: cells, domain totals, support levels, diff, prefecture view.

``score`` and ``diff`` are pure functions of a ``TemplateDef`` and answers by question code;
the session-taking helpers only fetch what they need and call them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..models import AnswerType, AssessmentResponse, Municipality, ResponseKind
from .definition import QuestionDef, TemplateDef, answer_points, normalize_answer
from .template import current_template, template_definition

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

    def changed_levels(self) -> dict[str, tuple[SupportLevel, SupportLevel]]:
        return {d: pair for d, pair in self.level_changes.items() if pair[0] != pair[1]}


def support_level(defn: TemplateDef, domain: str, total: int) -> SupportLevel:
    """The level a domain total earns: the last threshold the total reaches."""
    chosen = defn.support_levels[0]
    for level, minimum in defn.thresholds(domain):
        if total >= minimum:
            chosen = level
    return SupportLevel(chosen.key, chosen.label)


def score(defn: TemplateDef, answers: Mapping[str, Any]) -> SheetScore:
    """Score answers (by question code; values as stored or as typed) on ``defn``."""
    normalized: dict[str, Any] = {}
    for code, raw in answers.items():
        question = defn.question(code)
        if question is None:
            raise ValidationError(
                f"{code}: no such question in template {defn.template_version}", field=code
            )
        normalized[code] = normalize_answer(question, raw)

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


def score_response(session: Session, response: AssessmentResponse) -> SheetScore:
    from ..services.assessments import answers_by_code

    return score(template_definition(response.template), answers_by_code(session, response))


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
    )


def prefecture_summary(session: Session, fiscal_year: int, kind: ResponseKind) -> PrefectureSummary:
    """Every live response of a year and kind, scored and aggregated."""
    from ..services.assessments import answers_by_code

    kind = ResponseKind(kind)
    responses = session.execute(
        select(AssessmentResponse, Municipality)
        .join(Municipality, Municipality.id == AssessmentResponse.municipality_id)
        .where(
            AssessmentResponse.fiscal_year == fiscal_year,
            AssessmentResponse.kind == kind,
            AssessmentResponse.deleted.is_(False),
        )
    ).all()
    scores = [
        MunicipalityScore(
            municipality_id=m.id,
            code=m.code,
            name=m.name,
            score=score(template_definition(r.template), answers_by_code(session, r)),
        )
        for r, m in responses
    ]
    templates = {r.template_id: r.template for r, _m in responses}
    axis = next(iter(templates.values())) if len(templates) == 1 else current_template(session)
    return summarize(template_definition(axis), fiscal_year, kind, scores)


# -- answers for given scores -------------------------------------------------------------


def _options(q: QuestionDef) -> dict[int, Any]:
    """For each number of points the question can give, one answer that gives it."""
    found: dict[int, Any] = {}

    def offer(value: Any) -> None:
        found.setdefault(answer_points(q, value), value)

    match q.answer_type:
        case AnswerType.SINGLE_CHOICE:
            for c in q.choices:
                offer(c.value)
        case AnswerType.YES_NO:
            offer(False)
            offer(True)
        case AnswerType.NUMBER:
            for band in q.bands:
                value = int(band.min) if q.integer else band.min
                if q.min_value is not None:
                    value = max(value, q.min_value)
                offer(value)
        case AnswerType.MULTI_CHOICE:
            plain = [c for c in q.choices if not c.exclusive]
            for c in q.choices:
                if c.exclusive:
                    offer([c.value])
            for n in range(1, len(plain) + 1):
                for subset in itertools.combinations(plain, n):
                    offer([c.value for c in subset])
    return found


def answers_for_cells(defn: TemplateDef, targets: Mapping[Cell, int]) -> dict[str, Any]:
    """Answers to every scored question so that each cell scores exactly ``targets[cell]``
    (0 where a cell is not named). Raises ``ValueError`` if a target cannot be reached.

    Used to reproduce a known sheet, e.g. the proposal's example, and to build demo data.
    """
    answers: dict[str, Any] = {}
    for s, _ in defn.stages:
        for d, _ in defn.domains:
            want = targets.get((s, d), 0)
            questions = defn.cell_questions(s, d)
            options = [sorted(_options(q).items()) for q in questions]
            for combo in itertools.product(*options):
                if sum(points for points, _v in combo) == want:
                    answers.update(
                        {q.code: value for q, (_p, value) in zip(questions, combo, strict=True)}
                    )
                    break
            else:
                raise ValueError(f"cell ({s}, {d}) cannot score {want}")
    return answers

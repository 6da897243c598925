"""The assessment results read from the store: a response, a municipality's year, the
prefecture's year; and answers that reach given scores.

The results model and its arithmetic live in ``dxfield.assessment.results`` (pure, no
SQLAlchemy); the helpers here only fetch rows and hand them to it. Its names are re-exported
so ``from dxfield.assessment.engine import score, diff, SheetScore`` keeps working.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AnswerType, AssessmentResponse, Municipality, ResponseKind
from .definition import QuestionDef, TemplateDef, answer_points
from .results import (
    AssessmentOutcome,
    AssessmentResults,
    Cell,
    DomainChange,
    DomainOutcome,
    DomainStats,
    MunicipalityScore,
    PrefectureSummary,
    SheetDiff,
    SheetScore,
    SupportLevel,
    diff,
    outcome,
    score,
    summarize,
    support_level,
)
from .template import current_template, template_definition

__all__ = [
    "AssessmentOutcome",
    "AssessmentResults",
    "Cell",
    "DomainChange",
    "DomainOutcome",
    "DomainStats",
    "MunicipalityScore",
    "PrefectureSummary",
    "SheetDiff",
    "SheetScore",
    "SupportLevel",
    "answers_for_cells",
    "diff",
    "load_results",
    "outcome",
    "prefecture_summary",
    "score",
    "score_response",
    "summarize",
    "support_level",
]


def score_response(session: Session, response: AssessmentResponse) -> SheetScore:
    from ..services.assessments import answers_by_code

    return score(template_definition(response.template), answers_by_code(session, response))


def load_results(session: Session, municipality_id: str, fiscal_year: int) -> AssessmentResults:
    """The municipality's baseline and evaluation of ``fiscal_year`` (those answered)."""
    from ..services.assessments import get_response

    found = {}
    for kind in (ResponseKind.BASELINE, ResponseKind.EVALUATION):
        response = get_response(session, municipality_id, fiscal_year, kind)
        found[kind] = score_response(session, response) if response is not None else None
    return AssessmentResults(found[ResponseKind.BASELINE], found[ResponseKind.EVALUATION])


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

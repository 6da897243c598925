"""Assessment results as the reports read them (``dxfield.assessment.engine.SheetScore``).

Layouts only read a ``SheetScore``'s fields (stages, domains, cells, cell_max, domain_totals,
domain_max, support_levels, completeness), through the helpers here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ..assessment.engine import SheetScore, score_response
from ..models import ResponseKind
from ..services.assessments import get_response


@dataclass(frozen=True)
class Scores:
    """A municipality's baseline and evaluation for one year; either may be missing."""

    baseline: Any = None
    evaluation: Any = None

    @property
    def latest(self) -> Any:
        return self.evaluation if self.evaluation is not None else self.baseline

    @property
    def both(self) -> bool:
        return self.baseline is not None and self.evaluation is not None

    def __bool__(self) -> bool:
        return self.latest is not None


# The results model is the engine's ``SheetScore``; these names are how layouts read it.


def cell_value(score: SheetScore, stage: str, domain: str) -> int:
    return score.cell(stage, domain)


def cell_max(score: SheetScore, stage: str, domain: str) -> int:
    return score.cell_limit(stage, domain)


def domain_total(score: SheetScore, domain: str) -> int:
    return score.domain_total(domain)


def domain_max(score: SheetScore, domain: str) -> int:
    return score.domain_limit(domain)


def domain_percent(score: SheetScore, domain: str) -> float:
    return 100.0 * score.domain_fraction(domain)


def level_label(score: SheetScore, domain: str) -> str:
    return score.level_label(domain)


def load_scores(session: Session, municipality_id: str, fiscal_year: int) -> Scores:
    """Score the municipality's baseline and evaluation of ``fiscal_year`` (if answered)."""
    found = {}
    for kind in (ResponseKind.BASELINE, ResponseKind.EVALUATION):
        response = get_response(session, municipality_id, fiscal_year, kind)
        found[kind] = score_response(session, response) if response is not None else None
    return Scores(found[ResponseKind.BASELINE], found[ResponseKind.EVALUATION])

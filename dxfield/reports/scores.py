"""Assessment results as the reports read them (``dxfield.assessment.engine.SheetScore``).

Layouts only read a ``SheetScore``'s fields (stages, domains, cells, cell_max, domain_totals,
domain_max, support_levels, completeness), through the helpers here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ..assessment.engine import score_response
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


def _limit(value: Any, key: Any) -> int:
    # The maximum may be one number for every cell/domain or one per key.
    if isinstance(value, Mapping):
        return int(value.get(key, 0) or 0)
    return int(value or 0)


def cell_value(score: Any, stage: str, domain: str) -> int:
    return int(score.cells.get((stage, domain), 0) or 0)


def cell_max(score: Any, stage: str, domain: str) -> int:
    return _limit(score.cell_max, (stage, domain))


def domain_total(score: Any, domain: str) -> int:
    return int(score.domain_totals.get(domain, 0) or 0)


def domain_max(score: Any, domain: str) -> int:
    return _limit(score.domain_max, domain)


def domain_percent(score: Any, domain: str) -> float:
    top = domain_max(score, domain)
    return 100.0 * domain_total(score, domain) / top if top else 0.0


def level_label(score: Any, domain: str) -> str:
    level = score.support_levels.get(domain)
    return getattr(level, "label", "") if level is not None else ""


def load_scores(session: Session, municipality_id: str, fiscal_year: int) -> Scores:
    """Score the municipality's baseline and evaluation of ``fiscal_year`` (if answered)."""
    found = {}
    for kind in (ResponseKind.BASELINE, ResponseKind.EVALUATION):
        response = get_response(session, municipality_id, fiscal_year, kind)
        found[kind] = score_response(session, response) if response is not None else None
    return Scores(found[ResponseKind.BASELINE], found[ResponseKind.EVALUATION])

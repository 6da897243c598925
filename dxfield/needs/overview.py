"""Needs across the 30 municipalities, read through the ORM: the year's needs, the
assessment sheets they are weighed against and the prefecture's summary of those sheets.
The view and its names are ``dxfield.needs.matrix``'s (re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..assessment.engine import prefecture_summary
from ..models import AssessmentResponse, NeedStatus
from ..services.needs import list_needs, need_domains
from .matrix import (
    EMPTY,
    NO_THEME,
    NO_THEME_LABEL,
    WEAKEST,
    AssessmentBasis,
    AssessmentCell,
    MatrixCell,
    NeedsOverview,
    Town,
    basis_from_counts,
    build_overview,
    cells_from_summary,
    theme_label,
    wanted_statuses,
)

__all__ = [
    "EMPTY",
    "NO_THEME",
    "NO_THEME_LABEL",
    "WEAKEST",
    "AssessmentBasis",
    "AssessmentCell",
    "MatrixCell",
    "NeedsOverview",
    "Town",
    "assessment_basis",
    "assessment_cells",
    "needs_overview",
    "theme_label",
]


def assessment_basis(session: Session, fiscal_year: int) -> AssessmentBasis | None:
    """The sheets to weigh needs heard in ``fiscal_year`` against (``basis_from_counts``)."""
    counts = dict(
        ((year, kind), n)
        for year, kind, n in session.execute(
            select(AssessmentResponse.fiscal_year, AssessmentResponse.kind, func.count())
            .where(AssessmentResponse.deleted.is_(False))
            .where(AssessmentResponse.fiscal_year <= fiscal_year)
            .group_by(AssessmentResponse.fiscal_year, AssessmentResponse.kind)
        )
    )
    return basis_from_counts(counts, fiscal_year)


def assessment_cells(session: Session, basis: AssessmentBasis | None) -> tuple[AssessmentCell, ...]:
    """Every stage × domain cell's prefecture mean, weakest (lowest share of full marks)
    first; empty without a basis."""
    if basis is None:
        return ()
    return cells_from_summary(prefecture_summary(session, basis.fiscal_year, basis.kind))


def needs_overview(
    session: Session, fiscal_year: int, *, statuses: Iterable[NeedStatus] | None = None
) -> NeedsOverview:
    """Needs of ``fiscal_year`` (of ``statuses``, else all) by domain × theme."""
    wanted = wanted_statuses(statuses)
    rows = list_needs(session, year=fiscal_year, status=wanted)
    basis = assessment_basis(session, fiscal_year)
    summary = (
        prefecture_summary(session, basis.fiscal_year, basis.kind) if basis is not None else None
    )
    return build_overview(fiscal_year, wanted, rows, need_domains(session), basis, summary)

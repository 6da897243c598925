"""Survey results read through the ORM: per training, per kind of training, per municipality
and for the year. What is counted and how (the top box, the headline, Wilson intervals, the
response rate) is ``dxfield.surveys.tally``'s, shared with the stdlib reader of ``dxfield
survey`` (``dxfield.quickread_surveys``); its names are re-exported here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..enums import TrainingKind, VisitStatus
from ..models import Municipality, SurveyAnswer, SurveyResponse, SurveyTemplate, Training
from .definition import SurveyDef
from .tally import (
    CHUNK,
    Z95,
    ChoiceCount,
    Comment,
    CommentGroup,
    ItemResult,
    Share,
    SurveyResults,
    grouped_comments,
    of_town,
    tally,
    wilson,
    year_scope,
)
from .template import survey_definition

__all__ = [
    "CHUNK",
    "Z95",
    "ChoiceCount",
    "Comment",
    "CommentGroup",
    "ItemResult",
    "Share",
    "SurveyResults",
    "aggregate",
    "grouped_comments",
    "results_by_kind",
    "results_by_municipality",
    "results_for_training",
    "results_for_year",
    "wilson",
]


# -- loading -------------------------------------------------------------------------------


def _trainings(session: Session, **where) -> list[Training]:
    query = (
        select(Training)
        .where(Training.deleted.is_(False), Training.status != VisitStatus.CANCELLED)
        .options(selectinload(Training.municipalities))
        .order_by(Training.starts_at, Training.id)
    )
    if where.get("year") is not None:
        query = query.where(Training.fiscal_year == where["year"])
    if where.get("kind") is not None:
        query = query.where(Training.kind == where["kind"])
    if where.get("training_id") is not None:
        query = query.where(Training.id == where["training_id"])
    return list(session.scalars(query))


def _responses(
    session: Session, trainings: list[Training], municipality_id: str | None
) -> list[SurveyResponse]:
    ids = [t.id for t in trainings]
    found: list[SurveyResponse] = []
    for start in range(0, len(ids), CHUNK):
        query = select(SurveyResponse).where(
            SurveyResponse.training_id.in_(ids[start : start + CHUNK]),
            SurveyResponse.deleted.is_(False),
        )
        if municipality_id is not None:
            query = query.where(SurveyResponse.municipality_id == municipality_id)
        found.extend(session.scalars(query))
    return sorted(found, key=lambda r: (r.submitted_at or datetime.min, r.id))


def _answers(session: Session, responses: list[SurveyResponse]) -> dict[str, dict[str, Any]]:
    """response id -> {item id: value}"""
    ids = [r.id for r in responses]
    out: dict[str, dict[str, Any]] = {i: {} for i in ids}
    for start in range(0, len(ids), CHUNK):
        # Columns, not objects: a year's answers are thousands of rows.
        for response_id, item_id, value in session.execute(
            select(SurveyAnswer.response_id, SurveyAnswer.item_id, SurveyAnswer.value).where(
                SurveyAnswer.response_id.in_(ids[start : start + CHUNK]),
                SurveyAnswer.deleted.is_(False),
            )
        ):
            if value is not None:
                out[response_id][item_id] = value
    return out


# -- aggregation -----------------------------------------------------------------------------


def aggregate(
    session: Session,
    scope: str,
    trainings: list[Training],
    municipality_id: str | None = None,
) -> SurveyResults:
    """The results of ``trainings`` (of one municipality's respondents, if given)."""
    responses = _responses(session, trainings, municipality_id)
    answers = _answers(session, responses)
    defs: dict[str, SurveyDef] = {}
    for template_id in {r.template_id for r in responses}:
        defs[template_id] = survey_definition(session.get(SurveyTemplate, template_id))

    def first_survey() -> SurveyDef | None:
        from .template import survey_template_for

        return survey_definition(survey_template_for(session, trainings[0])) if trainings else None

    towns = _town_names(session, {r.municipality_id for r in responses if r.municipality_id})
    return tally(scope, trainings, responses, answers, defs, first_survey, towns, municipality_id)


def _town_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(Municipality.id, Municipality.name).where(Municipality.id.in_(ids))
    )
    return dict(rows.all())


# -- scopes ----------------------------------------------------------------------------------


def results_for_training(session: Session, training_id: str) -> SurveyResults:
    from ..services.trainings import get_training
    from ..trainingsummary import training_label

    training = get_training(session, training_id)
    scope = training_label(training)
    # A cancelled training keeps its own results visible.
    return aggregate(session, scope, [training])


def results_for_year(
    session: Session,
    year: int,
    *,
    kind: TrainingKind | None = None,
    municipality_id: str | None = None,
) -> SurveyResults:
    """All trainings of the year (of one kind), all respondents (of one municipality)."""
    trainings = _trainings(session, year=year, kind=kind)
    town = None
    if municipality_id is not None:
        answered = _answered_from(session, [t.id for t in trainings], municipality_id)
        trainings = of_town(trainings, municipality_id, answered)
        found = session.get(Municipality, municipality_id)
        town = found.name if found else municipality_id
    scope = year_scope(year, kind, town)
    return aggregate(session, scope, trainings, municipality_id)


def _answered_from(session: Session, training_ids: list[str], municipality_id: str) -> set[str]:
    """Those of ``training_ids`` with a live response from the municipality."""
    found: set[str] = set()
    for start in range(0, len(training_ids), CHUNK):
        found.update(
            session.scalars(
                select(SurveyResponse.training_id).where(
                    SurveyResponse.training_id.in_(training_ids[start : start + CHUNK]),
                    SurveyResponse.municipality_id == municipality_id,
                    SurveyResponse.deleted.is_(False),
                )
            )
        )
    return found


def results_by_kind(session: Session, year: int) -> dict[TrainingKind, SurveyResults]:
    """One result per kind of training held in the year."""
    kinds = sorted({t.kind for t in _trainings(session, year=year)}, key=list(TrainingKind).index)
    return {kind: results_for_year(session, year, kind=kind) for kind in kinds}


def results_by_municipality(session: Session, year: int) -> dict[str, SurveyResults]:
    """One result per municipality with respondents in the year, by municipality name."""
    trainings = _trainings(session, year=year)
    ids = {r.municipality_id for r in _responses(session, trainings, None) if r.municipality_id}
    towns = session.scalars(
        select(Municipality).where(Municipality.id.in_(ids)).order_by(Municipality.code)
    )
    return {town.name: results_for_year(session, year, municipality_id=town.id) for town in towns}

"""Assessment responses and their answers: create, answer, read back.

Answers are addressed by question code. Every answer of a call is checked against the
response's own template version before anything is written, so a bad value leaves the
store as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..assessment.definition import normalize_answers
from ..assessment.template import current_template, question_id, template_definition
from ..errors import DuplicateError, NotFoundError, ValidationError
from ..fiscal import MAX_YEAR, MIN_YEAR
from ..masterdata import ensure_programme_year
from ..messages import msg
from ..models import (
    Answer,
    AssessmentResponse,
    AssessmentTemplate,
    Municipality,
    Question,
    ResponseKind,
    ResponseSource,
)
from ..models.base import stable_id
from .common import put_answer


def _live_response(
    session: Session, municipality_id: str, fiscal_year: int, kind: ResponseKind
) -> AssessmentResponse | None:
    return session.scalar(
        select(AssessmentResponse).where(
            AssessmentResponse.municipality_id == municipality_id,
            AssessmentResponse.fiscal_year == fiscal_year,
            AssessmentResponse.kind == kind,
            AssessmentResponse.deleted.is_(False),
        )
    )


def create_response(
    session: Session,
    *,
    municipality_id: str,
    fiscal_year: int,
    kind: ResponseKind,
    template_id: str | None = None,
    answered_on: date | None = None,
    respondent: str = "",
    source: ResponseSource = ResponseSource.MANUAL,
    source_ref: str = "",
) -> AssessmentResponse:
    """A new, empty response. At most one live baseline and one live evaluation exist per
    municipality and year: a second raises ``DuplicateError``.
    """
    municipality = session.get(Municipality, municipality_id) if municipality_id else None
    if municipality is None or municipality.deleted:
        said = msg("assessment.unknown_municipality", id=municipality_id)
        raise ValidationError(said, field="municipality_id")
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int):
        raise ValidationError(msg("assessment.year_not_whole"), field="fiscal_year")
    if not MIN_YEAR <= fiscal_year <= MAX_YEAR:
        raise ValidationError(msg("import.year_implausible", year=fiscal_year), field="fiscal_year")
    try:
        kind = ResponseKind(kind)
        source = ResponseSource(source)
    except ValueError as exc:
        raise ValidationError(msg("assessment.bad_kind", detail=str(exc)), field="kind") from None
    if answered_on is not None and not isinstance(answered_on, date):
        raise ValidationError(msg("assessment.bad_date"), field="answered_on")
    if template_id is None:
        template = current_template(session)
    else:
        template = session.get(AssessmentTemplate, template_id)
        if template is None or template.deleted:
            said = msg("assessment.unknown_template", id=template_id)
            raise ValidationError(said, field="template_id")
    if _live_response(session, municipality_id, fiscal_year, kind) is not None:
        raise DuplicateError(
            msg(
                "assessment.duplicate",
                town=municipality.name,
                kind=kind.value,
                kind_label=kind.label,
                year=fiscal_year,
            ),
            municipality_id=municipality_id,
            fiscal_year=fiscal_year,
            kind=kind.value,
        )
    ensure_programme_year(session, fiscal_year)
    response = AssessmentResponse(
        municipality_id=municipality_id,
        fiscal_year=fiscal_year,
        template_id=template.id,
        kind=kind,
        answered_on=answered_on,
        respondent=respondent.strip(),
        source=source,
        source_ref=source_ref,
    )
    session.add(response)
    session.flush()
    return response


def _response(session: Session, response_id: str) -> AssessmentResponse:
    response = session.get(AssessmentResponse, response_id)
    if response is None or response.deleted:
        raise NotFoundError(msg("missing.assessment_response", id=response_id))
    return response


def set_answers(session: Session, response_id: str, answers: Mapping[str, Any]) -> bool:
    """Set answers by question code; ``None`` or empty text clears an answer. True if any
    answer changed.

    All values are checked first (``ValidationError`` with ``field`` = the question code);
    on any error nothing is written.
    """
    response = _response(session, response_id)
    template = response.template
    normalized = normalize_answers(template_definition(template), answers)

    existing = {
        a.question_id: a
        for a in session.scalars(select(Answer).where(Answer.response_id == response.id))
    }
    changed = False
    for code, value in normalized.items():
        qid = question_id(template.template_version, code)
        answer = existing.get(qid)
        if value is None:
            if answer is not None and not answer.deleted:
                answer.deleted = True  # a tombstone, so other replicas learn of the clearing
                changed = True
            continue
        changed |= put_answer(
            session,
            answer,
            value,
            Answer,
            id=stable_id("answer", response.id, qid),
            response_id=response.id,
            question_id=qid,
        )
    session.flush()
    return changed


def update_response(session: Session, response_id: str, **values: Any) -> None:
    """Change the response's own fields (date, respondent, source, source_ref)."""
    response = _response(session, response_id)
    allowed = {"answered_on", "respondent", "source", "source_ref"}
    unknown = set(values) - allowed
    if unknown:
        said = msg("assessment.fixed_fields", fields=sorted(unknown))
        raise ValidationError(said, field=min(unknown))
    answered_on = values.get("answered_on")
    if answered_on is not None and not isinstance(answered_on, date):
        raise ValidationError(msg("assessment.bad_date"), field="answered_on")
    if "source" in values:
        try:
            values["source"] = ResponseSource(values["source"])
        except ValueError:
            said = msg("assessment.unknown_source", value=values["source"])
            raise ValidationError(said, field="source") from None
    for key, value in values.items():
        setattr(response, key, value.strip() if isinstance(value, str) else value)
    session.flush()


def delete_response(session: Session, response_id: str) -> None:
    """Tombstone a response and its answers (frees the slot for a new one)."""
    response = _response(session, response_id)
    response.deleted = True
    for answer in session.scalars(select(Answer).where(Answer.response_id == response.id)):
        answer.deleted = True
    session.flush()


def get_response(
    session: Session, municipality_id: str, fiscal_year: int, kind: ResponseKind
) -> AssessmentResponse | None:
    return _live_response(session, municipality_id, fiscal_year, ResponseKind(kind))


def list_responses(
    session: Session,
    *,
    fiscal_year: int | None = None,
    kind: ResponseKind | None = None,
    municipality_id: str | None = None,
) -> list[AssessmentResponse]:
    query = select(AssessmentResponse).where(AssessmentResponse.deleted.is_(False))
    if fiscal_year is not None:
        query = query.where(AssessmentResponse.fiscal_year == fiscal_year)
    if kind is not None:
        query = query.where(AssessmentResponse.kind == ResponseKind(kind))
    if municipality_id is not None:
        query = query.where(AssessmentResponse.municipality_id == municipality_id)
    return list(session.scalars(query.order_by(AssessmentResponse.fiscal_year)))


def response_years(session: Session, municipality_id: str) -> list[int]:
    """Years with a live response for the municipality, newest first."""
    return list(
        session.scalars(
            select(AssessmentResponse.fiscal_year)
            .where(
                AssessmentResponse.municipality_id == municipality_id,
                AssessmentResponse.deleted.is_(False),
            )
            .distinct()
            .order_by(AssessmentResponse.fiscal_year.desc())
        )
    )


def answers_by_code(session: Session, response: AssessmentResponse) -> dict[str, Any]:
    """The live answers of a response, by question code."""
    rows = session.execute(
        select(Question.code, Answer.value)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.response_id == response.id, Answer.deleted.is_(False))
        .order_by(Question.position)
    )
    return {code: value for code, value in rows}


@dataclass(frozen=True)
class SheetData:
    """One municipality's sheet for a year and kind, as the entry page shows it: the
    template's definition, the stored answers by code, and the response (None: not yet)."""

    municipality_id: str
    year: int
    kind: ResponseKind
    definition: Any  # TemplateDef
    answers: dict[str, Any]
    response_id: str | None


def load_sheet(session: Session, municipality_id: str, year: int, kind: ResponseKind) -> SheetData:
    response = get_response(session, municipality_id, year, kind)
    template = response.template if response is not None else current_template(session)
    answers = answers_by_code(session, response) if response is not None else {}
    return SheetData(
        municipality_id,
        year,
        kind,
        template_definition(template),
        answers,
        response.id if response else None,
    )


def save_answers(session: Session, data: SheetData, answers: dict[str, Any]) -> str:
    """Save the sheet's answers, creating its response on the first answer; its id."""
    response = get_response(session, data.municipality_id, data.year, data.kind)
    if response is None:
        ensure_programme_year(session, data.year)
        response = create_response(
            session, municipality_id=data.municipality_id, fiscal_year=data.year, kind=data.kind
        )
        session.flush()
    set_answers(session, response.id, answers)
    return response.id

"""Storing survey responses of a training: stable ids, answers judged by the survey's rules.

A response's id comes from its training and its ``source_ref`` (the export's response id,
else its timestamp and answers), so importing the same export again, or on another laptop,
lands on the same record instead of a second one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFoundError, ValidationError
from ..messages import msg
from ..models import (
    AttendeeGroup,
    ResponseSource,
    SurveyAnswer,
    SurveyResponse,
    SurveyTemplate,
)
from ..models.base import stable_id
from ..surveys.template import survey_definition, survey_item_id
from .common import put_answer
from .trainings import get_training


def response_id(training_id: str, source_ref: str) -> str:
    return stable_id("survey_response", training_id, source_ref)


@dataclass(frozen=True)
class ResponseInput:
    """One participant's answers: ``answers`` maps item code to a value as people write it."""

    source_ref: str
    answers: Mapping[str, Any]
    municipality_id: str | None = None
    respondent_group: AttendeeGroup | None = None
    submitted_at: datetime | None = None
    source: ResponseSource = ResponseSource.WEB_FORM


def stored_answers(session: Session, response: SurveyResponse) -> dict[str, Any]:
    """A response's live answers by item code."""
    template = session.get(SurveyTemplate, response.template_id)
    codes = {survey_item_id(template.template_version, i.code): i.code for i in _items(template)}
    rows = session.scalars(
        select(SurveyAnswer).where(
            SurveyAnswer.response_id == response.id, SurveyAnswer.deleted.is_(False)
        )
    )
    return {codes[a.item_id]: a.value for a in rows if a.item_id in codes and a.value is not None}


def _items(template: SurveyTemplate):
    return survey_definition(template).items


def save_response(
    session: Session, training_id: str, template_id: str, data: ResponseInput
) -> tuple[SurveyResponse, bool]:
    """Add or update the response ``data.source_ref`` of a training. Returns it and whether
    anything changed; answers are checked against the survey first (``ValidationError``
    naming the item), so nothing is written for a response with a bad answer."""
    get_training(session, training_id)
    template = session.get(SurveyTemplate, template_id)
    if template is None or template.deleted:
        raise NotFoundError(msg("missing.survey_template", id=template_id))
    defn = survey_definition(template)
    answers: dict[str, Any] = {}
    for code, value in data.answers.items():
        item = defn.item(code)
        if item is None:
            said = msg("survey.not_an_item", code=code, version=defn.template_version)
            raise ValidationError(said, field=code)
        normalized = item.normalize(value)
        if normalized is not None:
            answers[code] = normalized
    rid = response_id(training_id, data.source_ref)
    response = session.get(SurveyResponse, rid)
    changed = False
    if response is None:
        response = SurveyResponse(id=rid, training_id=training_id, source_ref=data.source_ref)
        session.add(response)
        changed = True
    values = {
        "template_id": template.id,
        "municipality_id": data.municipality_id,
        "respondent_group": data.respondent_group,
        "submitted_at": data.submitted_at,
        "source": data.source,
        "deleted": False,
    }
    for name, value in values.items():
        if getattr(response, name) != value:
            setattr(response, name, value)
            changed = True
    session.flush()
    existing = {
        a.item_id: a
        for a in session.scalars(select(SurveyAnswer).where(SurveyAnswer.response_id == rid))
    }
    wanted = {survey_item_id(defn.template_version, code): v for code, v in answers.items()}
    for item_id, answer in existing.items():
        if item_id not in wanted and not answer.deleted:
            answer.deleted = True
            changed = True
    for item_id, value in wanted.items():
        changed |= put_answer(
            session,
            existing.get(item_id),
            value,
            SurveyAnswer,
            id=stable_id("survey_answer", rid, item_id),
            response_id=rid,
            item_id=item_id,
        )
    session.flush()
    return response, changed


def delete_response(session: Session, rid: str) -> None:
    response = session.get(SurveyResponse, rid)
    if response is None or response.deleted:
        raise NotFoundError(msg("missing.survey_response", id=rid))
    response.deleted = True


def list_responses(session: Session, training_id: str) -> list[SurveyResponse]:
    return list(
        session.scalars(
            select(SurveyResponse)
            .where(SurveyResponse.training_id == training_id, SurveyResponse.deleted.is_(False))
            .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
        )
    )

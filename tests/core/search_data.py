"""Builders of searchable records for the search tests."""

from __future__ import annotations

from datetime import datetime

from dxfield.masterdata import ensure_programme_year, municipality_id
from dxfield.models import (
    Answer,
    AnswerType,
    AssessmentResponse,
    AssessmentTemplate,
    NoteKind,
    OwnerSide,
    Question,
    ResponseKind,
)
from dxfield.models.base import stable_id
from dxfield.services.visits import add_action_item, set_note_section
from tests import factories

KINDS = list(NoteKind)


def visit_with_notes(session, bodies: list[str], *, town=factories.WAKAYAMA, day=10, **kw):
    """A visit whose note sections hold ``bodies`` (one section each, in print order)."""
    visit = factories.visit(
        session,
        municipality_id=municipality_id(town),
        starts_at=datetime(2025, 6, day, 10, 0),
        ends_at=datetime(2025, 6, day, 12, 0),
    )
    for kind, body in zip(KINDS, bodies, strict=False):
        set_note_section(session, visit.id, kind, body, **kw)
    session.flush()
    return visit


def action(session, visit, title: str):
    return add_action_item(session, visit.id, title, OwnerSide.ADVISORS)


def free_text_questions(session) -> tuple[Question, Question]:
    """A small template with one free-text and one number question."""
    template = AssessmentTemplate(
        id=stable_id("assessment_template", "search-test"),
        template_version="search-test",
        name="検索テスト用",
        definition={},
    )
    session.add(template)
    free = Question(
        template_id=template.id,
        code="FT-01",
        position=1,
        text="DX推進上の課題を自由にお書きください",
        answer_type=AnswerType.FREE_TEXT,
    )
    number = Question(
        template_id=template.id,
        code="NUM-01",
        position=2,
        text="情報担当職員数",
        answer_type=AnswerType.NUMBER,
    )
    session.add_all([free, number])
    session.flush()
    return free, number


def response(session, town=factories.KITAYAMA, template_id=None) -> AssessmentResponse:
    ensure_programme_year(session, 2025)
    row = AssessmentResponse(
        municipality_id=municipality_id(town),
        fiscal_year=2025,
        template_id=template_id or stable_id("assessment_template", "search-test"),
        kind=ResponseKind.BASELINE,
    )
    session.add(row)
    session.flush()
    return row


def answer(session, response_row, question, value) -> Answer:
    row = Answer(response_id=response_row.id, question_id=question.id, value=value)
    session.add(row)
    session.flush()
    return row

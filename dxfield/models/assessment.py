from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import AnswerType, ResponseKind, ResponseSource
from .base import Base, SyncMixin, str_enum
from .municipality import Municipality


class AssessmentTemplate(SyncMixin, Base):
    """A version of the assessment sheet (アセスメントシート).

    The sheet is data: ``definition`` holds the stages (縦軸), domains (横軸) and the
    support-level thresholds; questions are rows. Responses point at the version they were
    answered with, so loading a new version never changes an old result.
    Id = stable_id("assessment_template", template_version).
    """

    __tablename__ = "assessment_template"

    # The sheet's own version ("2025.1"); ``version`` is the row version every record has.
    template_version: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)

    questions: Mapped[list[Question]] = relationship(
        back_populates="template", order_by="Question.position"
    )


class Question(SyncMixin, Base):
    """One question of a template. Id = stable_id("question", template version, code)."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("template_id", "code"),)

    template_id: Mapped[str] = mapped_column(ForeignKey("assessment_template.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    # Stage and domain keys from the template definition; NULL for free-text questions that
    # belong to no cell of the sheet.
    stage: Mapped[str | None] = mapped_column(String(40))
    domain: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    help: Mapped[str] = mapped_column(Text, default="")
    answer_type: Mapped[AnswerType] = mapped_column(str_enum(AnswerType, "answer_type"))
    # [{"value": "...", "label": "...", "points": n}, ...] for choice questions;
    # {"min": a, "max": b, "points_per": p, "cap": c} style rules live in ``scoring``.
    choices: Mapped[list[Any]] = mapped_column(JSON, default=list)
    scoring: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    max_points: Mapped[int] = mapped_column(Integer, default=0, server_default=sql_text("0"))
    required: Mapped[bool] = mapped_column(default=True)

    template: Mapped[AssessmentTemplate] = relationship(back_populates="questions")


class AssessmentResponse(SyncMixin, Base):
    """One municipality's answers to the sheet for a year: the baseline or the evaluation."""

    __tablename__ = "assessment_response"
    __table_args__ = (
        # At most one live baseline and one live evaluation per municipality and year.
        Index(
            "uq_assessment_response_live",
            "municipality_id",
            "fiscal_year",
            "kind",
            unique=True,
            sqlite_where=sql_text("deleted = 0"),
            postgresql_where=sql_text("deleted = false"),
        ),
        # The dashboard's board: which towns answered a year's baseline (a search, not a
        # scan of every year's responses). Partial as the board's query (``deleted = 0``).
        Index(
            "ix_assessment_response_live_year_kind",
            "fiscal_year",
            "kind",
            "municipality_id",
            sqlite_where=sql_text("deleted = 0"),
            postgresql_where=sql_text("deleted = false"),
        ),
    )

    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"))
    fiscal_year: Mapped[int] = mapped_column(ForeignKey("programme_year.fiscal_year"))
    template_id: Mapped[str] = mapped_column(ForeignKey("assessment_template.id"))
    kind: Mapped[ResponseKind] = mapped_column(str_enum(ResponseKind, "response_kind"))
    answered_on: Mapped[date | None] = mapped_column(Date)
    respondent: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[ResponseSource] = mapped_column(
        str_enum(ResponseSource, "response_source"), default=ResponseSource.MANUAL
    )
    source_ref: Mapped[str] = mapped_column(String(300), default="")

    municipality: Mapped[Municipality] = relationship()
    template: Mapped[AssessmentTemplate] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response",
        primaryjoin="and_(AssessmentResponse.id == Answer.response_id, Answer.deleted == False)",
        viewonly=True,
    )


class Answer(SyncMixin, Base):
    """The answer to one question. Id = stable_id("answer", response_id, question_id).

    ``value`` is JSON: a choice value, a list of them, a bool, a number or a text.
    """

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    response_id: Mapped[str] = mapped_column(ForeignKey("assessment_response.id"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)

    response: Mapped[AssessmentResponse] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()

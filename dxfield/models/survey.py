"""Surveys of training participants (研修アンケート): templates as data, and the answers.

A survey template is loaded from ``resources/templates/survey/*.json`` like the assessment
sheet: stable ids from its version and item codes, untracked, identical on every replica,
never changed once loaded (a new wording is a new version). Responses come from the form
service's export; each response belongs to one training.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import AttendeeGroup, ResponseSource, SurveyItemType
from .base import Base, SyncMixin, str_enum
from .municipality import Municipality
from .training import Training


class SurveyTemplate(SyncMixin, Base):
    """A version of a survey. Id = stable_id("survey_template", template_version).

    ``definition`` holds what is not an item: the description, the training kinds it is the
    default for, and how many of a Likert scale's top answers count as agreeing.
    """

    __tablename__ = "survey_template"

    template_version: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)

    items: Mapped[list[SurveyItem]] = relationship(
        back_populates="template", order_by="SurveyItem.position"
    )


class SurveyItem(SyncMixin, Base):
    """One item of a survey. Id = stable_id("survey_item", template version, code).

    ``choices`` is ``[{"value", "label"}]`` in scale order, the most positive first for
    Likert items. ``headline`` items are the ones the programme reports as "felt a change"
    (認識共有・機運醸成の変化を実感).
    """

    __tablename__ = "survey_item"
    __table_args__ = (UniqueConstraint("template_id", "code"),)

    template_id: Mapped[str] = mapped_column(ForeignKey("survey_template.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    item_type: Mapped[SurveyItemType] = mapped_column(str_enum(SurveyItemType, "survey_item_type"))
    choices: Mapped[list[Any]] = mapped_column(JSON, default=list)
    headline: Mapped[bool] = mapped_column(default=False)
    required: Mapped[bool] = mapped_column(default=False)

    template: Mapped[SurveyTemplate] = relationship(back_populates="items")


class SurveyResponse(SyncMixin, Base):
    """One participant's answers to a training's survey.

    Id = stable_id("survey_response", training_id, source_ref), where ``source_ref`` names
    the row of the export (the form's response id, else its timestamp and answers): the same
    export imported on two laptops, or twice, makes the same records.
    """

    __tablename__ = "survey_response"
    __table_args__ = (Index("ix_survey_response_training", "training_id"),)

    training_id: Mapped[str] = mapped_column(ForeignKey("training.id"))
    template_id: Mapped[str] = mapped_column(ForeignKey("survey_template.id"))
    # The respondent's municipality and group, when the form asks (None: not known).
    municipality_id: Mapped[str | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    respondent_group: Mapped[AttendeeGroup | None] = mapped_column(
        str_enum(AttendeeGroup, "attendee_group"), nullable=True
    )
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    source: Mapped[ResponseSource] = mapped_column(
        str_enum(ResponseSource, "survey_response_source"), default=ResponseSource.WEB_FORM
    )
    source_ref: Mapped[str] = mapped_column(String(300), default="")

    training: Mapped[Training] = relationship()
    template: Mapped[SurveyTemplate] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="response",
        primaryjoin=(
            "and_(SurveyResponse.id == SurveyAnswer.response_id, SurveyAnswer.deleted == False)"
        ),
        viewonly=True,
    )


class SurveyAnswer(SyncMixin, Base):
    """The answer to one item. Id = stable_id("survey_answer", response_id, item_id).

    ``value`` is JSON: a choice value, a list of them (multiple choice) or a text.
    """

    __tablename__ = "survey_answer"
    __table_args__ = (UniqueConstraint("response_id", "item_id"),)

    response_id: Mapped[str] = mapped_column(ForeignKey("survey_response.id"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("survey_item.id"), index=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
    item: Mapped[SurveyItem] = relationship()

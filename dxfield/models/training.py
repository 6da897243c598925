"""Trainings (研修) of the programme year and the municipalities taking part.

A training is held for one municipality (DX入門研修 on site, often with a 全体相談 visit) or
for several at once (トップセミナー, 合同研修会); a training video (研修動画) is offered to
all. Attendance is counted per municipality by group: its leaders (首長・幹部) and its staff
(職員) on the municipality's row, the prefecture's own staff (県) on the training, since
they come for no municipality in particular.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import TrainingKind, TrainingMethod, VisitStatus
from .base import Base, SyncMixin, str_enum
from .municipality import Municipality
from .visit import Visit


class Training(SyncMixin, Base):
    """One training session, or one training video over the time it is offered.

    ``starts_at``/``ends_at`` are local wall-clock times in Japan, as for visits. The
    multi-line texts (``lecturers``, ``content``, ``materials``: one entry per line) merge
    line by line when two laptops edit them.
    """

    __tablename__ = "training"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(
            "prefecture_attendees IS NULL OR prefecture_attendees >= 0",
            name="prefecture_attendees_non_negative",
        ),
        Index("ix_training_year_starts_at", "fiscal_year", "starts_at"),
    )

    fiscal_year: Mapped[int] = mapped_column(ForeignKey("programme_year.fiscal_year"))
    kind: Mapped[TrainingKind] = mapped_column(str_enum(TrainingKind, "training_kind"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    method: Mapped[TrainingMethod] = mapped_column(str_enum(TrainingMethod, "training_method"))
    # The hall (会場) and, for online or on-demand trainings, the meeting or video address.
    place: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    # Who it is for, as the invitation says it (「市町村長」「全職員」「希望する職員」).
    audience: Mapped[str] = mapped_column(String(200), default="")
    lecturers: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    materials: Mapped[str] = mapped_column(Text, default="")
    # The visit it was held with (DX入門研修 during a 全体相談), if any.
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"), index=True)
    # The survey its participants are asked to answer; None: the default for its kind.
    survey_template_id: Mapped[str | None] = mapped_column(ForeignKey("survey_template.id"))
    prefecture_attendees: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[VisitStatus] = mapped_column(
        str_enum(VisitStatus, "training_status"), default=VisitStatus.PLANNED
    )

    visit: Mapped[Visit | None] = relationship()
    municipalities: Mapped[list[TrainingMunicipality]] = relationship(
        back_populates="training",
        primaryjoin=(
            "and_(Training.id == TrainingMunicipality.training_id,"
            " TrainingMunicipality.deleted == False)"
        ),
        viewonly=True,
    )


class TrainingMunicipality(SyncMixin, Base):
    """A municipality taking part in a training, with how many came (None: not counted).

    Id = stable_id("training_municipality", training_id, municipality_id): adding the same
    municipality on two laptops makes one record; removing it is a tombstone, adding it
    again revives the same record.
    """

    __tablename__ = "training_municipality"
    __table_args__ = (
        UniqueConstraint("training_id", "municipality_id"),
        CheckConstraint("leaders IS NULL OR leaders >= 0", name="leaders_non_negative"),
        CheckConstraint("staff IS NULL OR staff >= 0", name="staff_non_negative"),
    )

    training_id: Mapped[str] = mapped_column(ForeignKey("training.id"), index=True)
    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"), index=True)
    leaders: Mapped[int | None] = mapped_column(Integer)
    staff: Mapped[int | None] = mapped_column(Integer)

    training: Mapped[Training] = relationship(back_populates="municipalities")
    municipality: Mapped[Municipality] = relationship()

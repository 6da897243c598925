from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import ActionStatus, NoteKind, OwnerSide, Phase, VisitMethod, VisitStatus
from .base import Base, SyncMixin, str_enum
from .municipality import Municipality
from .programme import TeamMember


class Visit(SyncMixin, Base):
    """A meeting with a municipality in one phase of a programme year.

    ``starts_at``/``ends_at`` are local wall-clock times in Japan (JST has no DST), stored
    without a zone.
    """

    __tablename__ = "visit"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_visit_municipality_year", "municipality_id", "fiscal_year"),
        Index("ix_visit_starts_at", "starts_at"),
        # The dashboard's board: a year's live visits in start order, read from this index
        # alone (``dxfield.overview.board``). Partial, so that only a query that says
        # ``deleted = 0`` can take it (the ORM says ``deleted IS 0``): no other query's plan,
        # nor the order it gives rows that tie, changes because it is there.
        Index(
            "ix_visit_live_year_starts_at",
            "fiscal_year",
            "starts_at",
            "municipality_id",
            "phase",
            "status",
            "id",
            sqlite_where=text("deleted = 0"),
            postgresql_where=text("deleted = false"),
        ),
    )

    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"))
    fiscal_year: Mapped[int] = mapped_column(ForeignKey("programme_year.fiscal_year"))
    phase: Mapped[Phase] = mapped_column(str_enum(Phase, "phase"))
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    method: Mapped[VisitMethod] = mapped_column(str_enum(VisitMethod, "visit_method"))
    location: Mapped[str] = mapped_column(String(200), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    # The municipality's side, as free text (names and titles); the team is in VisitMember.
    participants: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[VisitStatus] = mapped_column(
        str_enum(VisitStatus, "visit_status"), default=VisitStatus.PLANNED
    )

    municipality: Mapped[Municipality] = relationship()
    members: Mapped[list[VisitMember]] = relationship(
        back_populates="visit",
        primaryjoin="and_(Visit.id == VisitMember.visit_id, VisitMember.deleted == False)",
        viewonly=True,
    )
    sections: Mapped[list[NoteSection]] = relationship(
        back_populates="visit",
        primaryjoin="and_(Visit.id == NoteSection.visit_id, NoteSection.deleted == False)",
        viewonly=True,
    )
    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="visit",
        primaryjoin="and_(Visit.id == ActionItem.visit_id, ActionItem.deleted == False)",
        viewonly=True,
        order_by="ActionItem.created_at",
    )


class VisitMember(SyncMixin, Base):
    """A team member taking part in a visit. Id = stable_id("visit_member", visit, member)."""

    __tablename__ = "visit_member"
    __table_args__ = (UniqueConstraint("visit_id", "member_id"),)

    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("team_member.id"), index=True)
    # Joins online while the others are on site (分野別相談: one specialist online).
    remote: Mapped[bool] = mapped_column(default=False)

    visit: Mapped[Visit] = relationship(back_populates="members")
    member: Mapped[TeamMember] = relationship()


class NoteSection(SyncMixin, Base):
    """One section of a visit's interview notes (面談記録).

    Id = stable_id("note_section", visit_id, kind): two laptops taking notes for the same
    visit offline write the *same* record, which sync then merges line by line.
    ``internal`` sections are for the team only and never appear on anything printed.
    """

    __tablename__ = "note_section"
    __table_args__ = (UniqueConstraint("visit_id", "kind"),)

    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    kind: Mapped[NoteKind] = mapped_column(str_enum(NoteKind, "note_kind"))
    body: Mapped[str] = mapped_column(Text, default="")
    internal: Mapped[bool] = mapped_column(default=False)

    visit: Mapped[Visit] = relationship(back_populates="sections")


class ActionItem(SyncMixin, Base):
    """Something agreed to be done (what, whose side, by when)."""

    __tablename__ = "action_item"
    __table_args__ = (
        Index("ix_action_item_municipality_status", "municipality_id", "status"),
        # The dashboard's overdue list (``dxfield.overview.overdue_actions``): the live open
        # items by due date, every column it shows, so the list is read from this small
        # index alone. SQLite takes a partial index only for a query whose WHERE has these
        # very terms, as that one has.
        Index(
            "ix_action_item_open_due_on",
            "due_on",
            "municipality_id",
            "visit_id",
            "title",
            "owner_side",
            "owner_name",
            "status",
            "id",
            sqlite_where=text("deleted = 0 AND status IN ('open', 'in_progress')"),
            postgresql_where=text("deleted = false AND status IN ('open', 'in_progress')"),
        ),
    )

    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"))
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    owner_side: Mapped[OwnerSide] = mapped_column(str_enum(OwnerSide, "owner_side"))
    owner_name: Mapped[str] = mapped_column(String(120), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    completed_on: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))

    municipality: Mapped[Municipality] = relationship()
    visit: Mapped[Visit | None] = relationship(back_populates="action_items")

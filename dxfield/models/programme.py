from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import Phase, Role
from .base import Base, SyncMixin, str_enum


class TeamMember(SyncMixin, Base):
    """An advisor, support staff member or prefecture officer on the team."""

    __tablename__ = "team_member"
    __table_args__ = (
        CheckConstraint("role = 'specialist' OR field = ''", name="field_only_for_specialists"),
    )

    name: Mapped[str] = mapped_column(String(80))
    kana: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[Role] = mapped_column(str_enum(Role, "team_role"))
    # Specialist advisors' field (BPR, 情報システム, データ利活用); empty for other roles.
    field: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)


class ProgrammeYear(SyncMixin, Base):
    """A programme year (年度): April to March. Id = stable_id("programme_year", year)."""

    __tablename__ = "programme_year"
    __table_args__ = (CheckConstraint("starts_on < ends_on", name="starts_before_end"),)

    fiscal_year: Mapped[int] = mapped_column(Integer, unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(40), default="")

    phase_windows: Mapped[list[PhaseWindow]] = relationship(
        back_populates="programme_year", order_by="PhaseWindow.starts_on"
    )


class PhaseWindow(SyncMixin, Base):
    """When a phase is due in a given year (時期目安). Defaults come from resources/phases.json."""

    __tablename__ = "phase_window"
    __table_args__ = (
        UniqueConstraint("programme_year_id", "phase"),
        CheckConstraint("starts_on <= ends_on", name="starts_before_end"),
    )

    programme_year_id: Mapped[str] = mapped_column(ForeignKey("programme_year.id"))
    phase: Mapped[Phase] = mapped_column(str_enum(Phase, "phase"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    programme_year: Mapped[ProgrammeYear] = relationship(back_populates="phase_windows")

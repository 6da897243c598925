"""The programme as a whole: its years, its team, whether the store holds any work yet."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ProgrammeYear, TeamMember, Visit
from .common import live


def known_years(session: Session) -> list[int]:
    """Programme years (年度) with a record or a visit, oldest first."""
    found = set(session.scalars(select(ProgrammeYear.fiscal_year)))
    found |= set(session.scalars(select(Visit.fiscal_year).distinct()))
    return sorted(found)


def has_visits(session: Session) -> bool:
    """Whether any visit was ever planned here (an empty store is offered the demo)."""
    return session.scalar(select(Visit.id).limit(1)) is not None


def active_members(session: Session) -> list[TeamMember]:
    """The team members who still work in the programme, by role, then reading (kana)."""
    query = live(TeamMember).where(TeamMember.active.is_(True))
    return list(session.scalars(query.order_by(TeamMember.role, TeamMember.kana, TeamMember.name)))

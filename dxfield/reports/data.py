"""What the reports print, read from the store into plain frozen data.

Reading and laying out are kept apart so layouts can be tested on hand-made data and so the
rule that matters most is enforced in one place: notes flagged internal are dropped *here*
and never reach a layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..assessment.engine import load_results
from ..assessment.results import AssessmentResults
from ..errors import NotFoundError
from ..messages import msg
from ..models import (
    ActionItem,
    Contact,
    Municipality,
    NoteKind,
    NoteSection,
    Phase,
    ResponseKind,
    Role,
    TeamMember,
    Visit,
    VisitMember,
    VisitStatus,
)

_ROLE_ORDER = {role: n for n, role in enumerate(Role)}
_NOTE_ORDER = {kind: n for n, kind in enumerate(NoteKind)}


@dataclass(frozen=True)
class TeamRow:
    name: str
    role: str
    remote: bool = False
    email: str = ""


@dataclass(frozen=True)
class NoteBlock:
    label: str
    body: str


@dataclass(frozen=True)
class ActionRow:
    title: str
    owner: str
    due_on: date | None
    status: str


@dataclass(frozen=True)
class NextVisit:
    starts_at: datetime
    ends_at: datetime
    phase: str
    method: str
    location: str = ""


@dataclass(frozen=True)
class ContactRow:
    name: str
    department: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class FormLinkBlock:
    """A web-form link printed on a handout with its QR code (made on the server, given
    by the person printing: the server keeps only its hash)."""

    url: str
    expires: str = ""  # as printed, e.g. 令和8年6月30日（火）17時


# The assessment sheet a visit's handout asks the municipality to answer on the web form: the
# baseline before and at the first meeting, the evaluation at the evaluation meeting.
SHEET_FOR_PHASE = {
    Phase.ASSESSMENT_SHEET: ResponseKind.BASELINE,
    Phase.INTAKE: ResponseKind.BASELINE,
    Phase.EVALUATION: ResponseKind.EVALUATION,
}


# Which assessment sheet: (municipality id, fiscal year, kind).
Sheet = tuple[str, int, ResponseKind]


@dataclass(frozen=True)
class SheetLinkTarget:
    """The web form a visit's handout can carry a link to (``sheet_link_target``)."""

    municipality_id: str
    municipality: str
    fiscal_year: int
    kind: ResponseKind

    @property
    def sheet(self) -> Sheet:
        """Which sheet: visits asking for the same one share one link."""
        return (self.municipality_id, self.fiscal_year, self.kind)


def sheet_link_target(session: Session, visit_id: str) -> SheetLinkTarget | None:
    """The municipality's assessment sheet of the visit's year that its handout can link to;
    None for a phase that asks for no sheet. ``NotFoundError`` for an unknown visit."""
    visit = live_visit(session, visit_id)
    kind = SHEET_FOR_PHASE.get(visit.phase)
    if kind is None:
        return None
    return SheetLinkTarget(visit.municipality_id, visit.municipality.name, visit.fiscal_year, kind)


@dataclass(frozen=True)
class HandoutData:
    """Everything a visit handout (面談記録) shows; nothing internal."""

    visit_id: str
    municipality: str
    municipality_code: str
    fiscal_year: int
    phase: str
    method: str
    status: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    agenda: str = ""
    participants: str = ""
    team: tuple[TeamRow, ...] = ()
    notes: tuple[NoteBlock, ...] = ()
    actions: tuple[ActionRow, ...] = ()
    scores: AssessmentResults = field(default_factory=AssessmentResults)
    next_visit: NextVisit | None = None
    contacts: tuple[ContactRow, ...] = ()
    form_link: FormLinkBlock | None = None


def live_visit(session: Session, visit_id: str) -> Visit:
    visit = session.get(Visit, visit_id) if visit_id else None
    if visit is None or visit.deleted:
        raise NotFoundError(msg("missing.visit", id=visit_id), visit_id=visit_id)
    return visit


def printable_notes(session: Session, visit_id: str) -> tuple[NoteBlock, ...]:
    """The visit's note sections that may leave the team, in print order."""
    rows = session.scalars(
        select(NoteSection).where(
            NoteSection.visit_id == visit_id,
            NoteSection.deleted.is_(False),
            NoteSection.internal.is_(False),
        )
    )
    kept = sorted((r for r in rows if r.body.strip()), key=lambda r: _NOTE_ORDER[r.kind])
    return tuple(NoteBlock(r.kind.label, r.body.strip("\n")) for r in kept)


def _team(session: Session, visit_id: str) -> tuple[TeamRow, ...]:
    rows = session.execute(
        select(TeamMember, VisitMember.remote)
        .join(VisitMember, VisitMember.member_id == TeamMember.id)
        .where(VisitMember.visit_id == visit_id, VisitMember.deleted.is_(False))
    ).all()
    rows.sort(key=lambda r: (_ROLE_ORDER[r[0].role], r[0].kana or r[0].name))
    return tuple(TeamRow(m.name, m.role.label, bool(remote), m.email) for m, remote in rows)


def _actions(session: Session, visit_id: str) -> tuple[ActionRow, ...]:
    items = session.scalars(
        select(ActionItem)
        .where(ActionItem.visit_id == visit_id, ActionItem.deleted.is_(False))
        .order_by(ActionItem.position, ActionItem.created_at)
    )
    return tuple(action_row(item) for item in items)


def action_row(item: ActionItem) -> ActionRow:
    owner = " ".join(filter(None, [item.owner_side.label, item.owner_name.strip()]))
    return ActionRow(item.title, owner, item.due_on, item.status.label)


def next_visit(session: Session, visit: Visit) -> NextVisit | None:
    later = session.scalar(
        select(Visit)
        .where(
            Visit.municipality_id == visit.municipality_id,
            Visit.deleted.is_(False),
            Visit.status != VisitStatus.CANCELLED,
            Visit.starts_at > visit.starts_at,
            Visit.id != visit.id,
        )
        .order_by(Visit.starts_at)
        .limit(1)
    )
    if later is None:
        return None
    return NextVisit(
        later.starts_at, later.ends_at, later.phase.label, later.method.label, later.location
    )


def contacts(session: Session, municipality_id: str) -> tuple[ContactRow, ...]:
    rows = session.scalars(
        select(Contact)
        .where(Contact.municipality_id == municipality_id, Contact.deleted.is_(False))
        .order_by(Contact.is_primary.desc(), Contact.kana, Contact.name)
    )
    # Contact.notes is the team's own remark about a person: never printed.
    return tuple(ContactRow(c.name, c.department, c.title, c.phone, c.email) for c in rows)


def load_handout(session: Session, visit_id: str, *, with_scores: bool = True) -> HandoutData:
    """Read one visit's handout; ``NotFoundError`` for an unknown or deleted visit."""
    visit = live_visit(session, visit_id)
    town: Municipality = visit.municipality
    return HandoutData(
        visit_id=visit.id,
        municipality=town.name,
        municipality_code=town.code,
        fiscal_year=visit.fiscal_year,
        phase=visit.phase.label,
        method=visit.method.label,
        status=visit.status.label,
        starts_at=visit.starts_at,
        ends_at=visit.ends_at,
        location=visit.location,
        agenda=visit.agenda,
        participants=visit.participants,
        team=_team(session, visit.id),
        notes=printable_notes(session, visit.id),
        actions=_actions(session, visit.id),
        scores=(
            load_results(session, town.id, visit.fiscal_year)
            if with_scores
            else AssessmentResults()
        ),
        next_visit=next_visit(session, visit),
        contacts=contacts(session, town.id),
    )


def visits_on(session: Session, day: date) -> list[Visit]:
    """The live, not cancelled visits of one day, in order of time."""
    start = datetime.combine(day, datetime.min.time())
    end = datetime.combine(day, datetime.max.time())
    return list(
        session.scalars(
            select(Visit)
            .where(
                Visit.deleted.is_(False),
                Visit.status != VisitStatus.CANCELLED,
                Visit.starts_at >= start,
                Visit.starts_at <= end,
            )
            .order_by(Visit.starts_at)
        )
    )

"""Planning and recording visits: validation, listing, team, notes and action items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import fiscal
from ..errors import NotFoundError, ValidationError
from ..masterdata import ensure_programme_year, phase_windows
from ..messages import Message, msg
from ..models import (
    ActionItem,
    ActionStatus,
    Municipality,
    NoteKind,
    NoteSection,
    OwnerSide,
    Phase,
    TeamMember,
    Visit,
    VisitMember,
    VisitMethod,
    VisitStatus,
)
from ..models.base import stable_id
from .common import live


@dataclass
class VisitInput:
    """What a person fills in to plan a visit. Validated as a whole by ``validate_visit``."""

    municipality_id: str
    phase: Phase
    starts_at: datetime
    ends_at: datetime
    method: VisitMethod
    location: str = ""
    agenda: str = ""
    participants: str = ""
    status: VisitStatus = VisitStatus.PLANNED
    member_ids: list[str] = field(default_factory=list)
    remote_member_ids: list[str] = field(default_factory=list)
    # The programme year (年度) the person is planning in, when a form has one chosen: a visit
    # outside it is refused (it would vanish from the year's views). None: any year.
    fiscal_year: int | None = None


@dataclass(frozen=True)
class VisitWarning:
    """Allowed but worth a second look; ``said`` is the message by its code."""

    field: str
    said: Message

    @property
    def message(self) -> str:
        return str(self.said)

    def text(self, language: str = "ja") -> str:
        return self.said.text(language)


def validate_visit(
    session: Session, data: VisitInput, *, visit_id: str | None = None
) -> list[VisitWarning]:
    """Raise ``ValidationError`` (naming the field, said by a code) for what cannot be saved;
    return warnings for what is allowed but worth a second look (outside the phase window, a
    team member booked at the same time elsewhere than ``visit_id``, the visit itself).
    """
    if not data.municipality_id or session.get(Municipality, data.municipality_id) is None:
        raise ValidationError(msg("visit.choose_municipality"), field="municipality_id")
    if not isinstance(data.starts_at, datetime):
        raise ValidationError(msg("visit.bad_start"), field="starts_at")
    if not isinstance(data.ends_at, datetime):
        raise ValidationError(msg("visit.bad_end"), field="ends_at")
    if data.ends_at <= data.starts_at:
        raise ValidationError(msg("visit.end_before_start"), field="ends_at")
    year = fiscal.fiscal_year_of(data.starts_at)
    if data.fiscal_year is not None and year != data.fiscal_year:
        label = fiscal.fiscal_year_label(data.fiscal_year, with_seireki=False)
        raise ValidationError(msg("visit.outside_year", year_label=label), field="starts_at")
    if fiscal.fiscal_year_of(data.ends_at) != year:
        raise ValidationError(msg("visit.across_years"), field="ends_at")
    for member_id in data.member_ids:
        if session.get(TeamMember, member_id) is None:
            raise ValidationError(
                msg("visit.unknown_member", member_id=member_id), field="member_ids"
            )
    warnings: list[VisitWarning] = []
    start, end = phase_windows(session, year)[data.phase]
    if data.starts_at.date() < start or data.starts_at.date() > end:
        window = {"phase": data.phase.label, "start": f"{start:%m/%d}", "end": f"{end:%m/%d}"}
        warnings.append(VisitWarning("starts_at", msg("visit.outside_phase_window", **window)))
    warnings.extend(_double_bookings(session, data, exclude_visit_id=visit_id))
    return warnings


def _double_bookings(
    session: Session, data: VisitInput, exclude_visit_id: str | None
) -> list[VisitWarning]:
    if not data.member_ids:
        return []
    query = (
        select(TeamMember.name, Municipality.name, Visit.starts_at)
        .join(VisitMember, VisitMember.member_id == TeamMember.id)
        .join(Visit, Visit.id == VisitMember.visit_id)
        .join(Municipality, Municipality.id == Visit.municipality_id)
        .where(
            VisitMember.member_id.in_(data.member_ids),
            VisitMember.deleted.is_(False),
            Visit.deleted.is_(False),
            Visit.status != VisitStatus.CANCELLED,
            Visit.starts_at < data.ends_at,
            Visit.ends_at > data.starts_at,
        )
    )
    if exclude_visit_id:
        query = query.where(Visit.id != exclude_visit_id)
    return [
        VisitWarning(
            "member_ids",
            msg("visit.double_booked", member=member, town=town, when=f"{starts:%m/%d %H:%M}"),
        )
        for member, town, starts in session.execute(query)
    ]


def _apply(session: Session, visit: Visit, data: VisitInput) -> None:
    year = fiscal.fiscal_year_of(data.starts_at)
    ensure_programme_year(session, year)
    if visit not in session:
        session.add(visit)
    for name in (
        "municipality_id",
        "phase",
        "starts_at",
        "ends_at",
        "method",
        "location",
        "agenda",
        "participants",
        "status",
    ):
        setattr(visit, name, getattr(data, name))
    visit.fiscal_year = year
    set_team(session, visit, data.member_ids, data.remote_member_ids)


def create_visit(
    session: Session, data: VisitInput, *, visit_id: str | None = None
) -> tuple[Visit, list[VisitWarning]]:
    """Validate and add a visit. ``visit_id`` gives it a chosen (e.g. stable) id."""
    warnings = validate_visit(session, data)
    visit = Visit(id=visit_id) if visit_id else Visit()
    _apply(session, visit, data)
    session.flush()
    return visit, warnings


def update_visit(
    session: Session, visit_id: str, data: VisitInput
) -> tuple[Visit, list[VisitWarning]]:
    visit = get_visit(session, visit_id)
    warnings = validate_visit(session, data, visit_id=visit_id)
    _apply(session, visit, data)
    session.flush()
    return visit, warnings


def save_visit(session: Session, data: VisitInput, visit_id: str | None = None) -> str:
    """Create the visit (no ``visit_id``) or update it; its id."""
    if visit_id:
        visit, _warnings = update_visit(session, visit_id, data)
    else:
        visit, _warnings = create_visit(session, data)
    return visit.id


def set_team(
    session: Session, visit: Visit, member_ids: list[str], remote_ids: list[str] | None = None
) -> None:
    remote = set(remote_ids or [])
    wanted = dict.fromkeys(member_ids)
    current = {
        m.member_id: m
        for m in session.scalars(select(VisitMember).where(VisitMember.visit_id == visit.id))
    }
    for member_id, row in current.items():
        if member_id not in wanted and not row.deleted:
            row.deleted = True
    for member_id in wanted:
        row = current.get(member_id)
        if row is None:
            session.add(
                VisitMember(
                    id=stable_id("visit_member", visit.id, member_id),
                    visit_id=visit.id,
                    member_id=member_id,
                    remote=member_id in remote,
                )
            )
        else:
            row.deleted = False
            row.remote = member_id in remote


def visit_input(session: Session, visit_id: str) -> VisitInput:
    """A stored visit as the form that edits it fills in."""
    v = get_visit(session, visit_id)
    return VisitInput(
        municipality_id=v.municipality_id,
        phase=v.phase,
        starts_at=v.starts_at,
        ends_at=v.ends_at,
        method=v.method,
        location=v.location,
        agenda=v.agenda,
        participants=v.participants,
        status=v.status,
        member_ids=[m.member_id for m in v.members],
        remote_member_ids=[m.member_id for m in v.members if m.remote],
    )


def get_visit(session: Session, visit_id: str) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted:
        raise NotFoundError(msg("missing.visit", id=visit_id), visit_id=visit_id)
    return visit


def list_visits(
    session: Session,
    *,
    municipality_id: str | None = None,
    year: int | None = None,
    phase: Phase | None = None,
    member_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Visit]:
    query = (
        live(Visit)
        .options(selectinload(Visit.municipality), selectinload(Visit.members))
        .order_by(Visit.starts_at)
    )
    if municipality_id:
        query = query.where(Visit.municipality_id == municipality_id)
    if year is not None:
        query = query.where(Visit.fiscal_year == year)
    if phase is not None:
        query = query.where(Visit.phase == phase)
    if member_id:
        query = query.join(VisitMember, VisitMember.visit_id == Visit.id).where(
            VisitMember.member_id == member_id, VisitMember.deleted.is_(False)
        )
    if start is not None:
        query = query.where(Visit.starts_at >= datetime.combine(start, datetime.min.time()))
    if end is not None:
        query = query.where(Visit.starts_at < datetime.combine(end, datetime.max.time()))
    return list(session.scalars(query))


def delete_visit(session: Session, visit_id: str) -> None:
    get_visit(session, visit_id).deleted = True


def mark_done(session: Session, visit_id: str) -> None:
    get_visit(session, visit_id).status = VisitStatus.DONE


# --- interview notes ---------------------------------------------------------------------


def note_section_id(visit_id: str, kind: NoteKind) -> str:
    return stable_id("note_section", visit_id, kind.value)


def get_notes(session: Session, visit_id: str) -> dict[NoteKind, NoteSection]:
    """The visit's note sections by kind (only those that exist)."""
    rows = session.scalars(
        select(NoteSection).where(NoteSection.visit_id == visit_id, NoteSection.deleted.is_(False))
    )
    return {row.kind: row for row in rows}


def set_note_section(
    session: Session,
    visit_id: str,
    kind: NoteKind,
    body: str,
    *,
    internal: bool | None = None,
) -> None:
    """Write one section of a visit's notes (created on first write)."""
    get_visit(session, visit_id)
    row = session.get(NoteSection, note_section_id(visit_id, kind))
    if row is None:
        row = NoteSection(
            id=note_section_id(visit_id, kind),
            visit_id=visit_id,
            kind=kind,
            body=body,
            internal=bool(internal),
        )
        session.add(row)
        return
    if row.body == body and (internal is None or row.internal == internal) and not row.deleted:
        return
    row.body = body
    row.deleted = False
    if internal is not None:
        row.internal = internal


# --- action items ------------------------------------------------------------------------


def add_action_item(
    session: Session,
    visit_id: str,
    title: str,
    owner_side: OwnerSide,
    *,
    owner_name: str = "",
    due_on: date | None = None,
) -> ActionItem:
    visit = get_visit(session, visit_id)
    if not title.strip():
        raise ValidationError(msg("action.no_title"), field="title")
    count = len(visit.action_items)
    item = ActionItem(
        municipality_id=visit.municipality_id,
        visit_id=visit.id,
        title=title.strip(),
        owner_side=owner_side,
        owner_name=owner_name,
        due_on=due_on,
        position=count,
    )
    session.add(item)
    session.flush()
    return item


def set_action_status(session: Session, item_id: str, status: ActionStatus) -> None:
    item = session.get(ActionItem, item_id)
    if item is None or item.deleted:
        raise NotFoundError(f"no action item with id {item_id}")
    item.status = status
    item.completed_on = date.today() if status == ActionStatus.DONE else None


def overdue_action_items(session: Session, today: date | None = None) -> list[ActionItem]:
    today = today or date.today()
    return list(
        session.scalars(
            select(ActionItem)
            .where(
                ActionItem.deleted.is_(False),
                ActionItem.status.in_([ActionStatus.OPEN, ActionStatus.IN_PROGRESS]),
                ActionItem.due_on < today,
            )
            .options(selectinload(ActionItem.municipality))
            .order_by(ActionItem.due_on)
        )
    )

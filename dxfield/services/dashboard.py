"""Read models for the desktop's overview pages: the phase board and a municipality's page.

Pure queries over a Session (no Qt), shaped for display: each function returns small frozen
dataclasses so a view never touches ORM objects outside the session that loaded them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..masterdata import phase_windows
from ..models import (
    ActionItem,
    ActionStatus,
    Area,
    AssessmentResponse,
    Contact,
    Municipality,
    NoteKind,
    NoteSection,
    Phase,
    ResponseKind,
    TeamMember,
    Visit,
    VisitMember,
    VisitStatus,
)
from ..surveys.results import results_for_year
from .trainings import training_summaries


class CellStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    PLANNED = "planned"
    DONE = "done"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class BoardCell:
    phase: Phase
    status: CellStatus
    visit_id: str | None  # the visit a click opens (latest relevant one), if any
    visit_count: int = 0


@dataclass(frozen=True)
class BoardRow:
    municipality_id: str
    name: str
    area: Area
    cells: tuple[BoardCell, ...]


@dataclass(frozen=True)
class VisitSummary:
    id: str
    municipality_id: str
    municipality: str
    phase: Phase
    starts_at: datetime
    ends_at: datetime
    method: str
    status: VisitStatus
    location: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionSummary:
    id: str
    municipality_id: str
    municipality: str
    visit_id: str | None
    title: str
    owner_side: str
    owner_name: str
    due_on: date | None
    status: ActionStatus


def _cell_status(visits: list[Visit], window: tuple[date, date], today: date) -> CellStatus:
    live = [v for v in visits if v.status != VisitStatus.CANCELLED]
    if any(v.status == VisitStatus.DONE for v in live):
        return CellStatus.DONE
    if any(v.starts_at.date() >= today for v in live):
        return CellStatus.PLANNED
    if today > window[1]:
        return CellStatus.OVERDUE
    # A past visit not marked done yet still counts as planned while the window is open.
    return CellStatus.PLANNED if live else CellStatus.NOT_STARTED


def board(
    session: Session, year: int, *, area: Area | None = None, today: date | None = None
) -> list[BoardRow]:
    """The municipalities × six phases board for programme year ``year``."""
    today = today or date.today()
    windows = phase_windows(session, year)
    query = select(Municipality).where(Municipality.deleted.is_(False)).order_by(Municipality.code)
    if area is not None:
        query = query.where(Municipality.area == area)
    towns = list(session.scalars(query))
    by_key: dict[tuple[str, Phase], list[Visit]] = {}
    for visit in session.scalars(
        select(Visit)
        .where(Visit.fiscal_year == year, Visit.deleted.is_(False))
        .order_by(Visit.starts_at)
    ):
        by_key.setdefault((visit.municipality_id, visit.phase), []).append(visit)
    answered = set(
        session.scalars(
            select(AssessmentResponse.municipality_id).where(
                AssessmentResponse.fiscal_year == year,
                AssessmentResponse.kind == ResponseKind.BASELINE,
                AssessmentResponse.deleted.is_(False),
            )
        )
    )
    rows = []
    for town in towns:
        cells = []
        for phase in Phase:
            visits = by_key.get((town.id, phase), [])
            status = _cell_status(visits, windows[phase], today)
            if phase == Phase.ASSESSMENT_SHEET and town.id in answered:
                status = CellStatus.DONE
            latest = visits[-1].id if visits else None
            cells.append(BoardCell(phase, status, latest, len(visits)))
        rows.append(BoardRow(town.id, town.name, town.area, tuple(cells)))
    return rows


def _visit_summaries(session: Session, *where, descending: bool = False) -> list[VisitSummary]:
    """Visits matching ``where`` as summaries: two column queries, no ORM objects (a
    municipality page lists ten years of visits and must open in well under 100 ms)."""
    order = Visit.starts_at.desc() if descending else Visit.starts_at
    rows = session.execute(
        select(
            Visit.id,
            Visit.municipality_id,
            Municipality.name,
            Visit.phase,
            Visit.starts_at,
            Visit.ends_at,
            Visit.method,
            Visit.status,
            Visit.location,
        )
        .join(Municipality, Municipality.id == Visit.municipality_id)
        .where(Visit.deleted.is_(False), *where)
        .order_by(order)
    ).all()
    members: dict[str, list[str]] = {}
    ids = [row.id for row in rows]
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        for visit_id, name in session.execute(
            select(VisitMember.visit_id, TeamMember.name)
            .join(TeamMember, TeamMember.id == VisitMember.member_id)
            .where(
                VisitMember.visit_id.in_(ids[start : start + 500]), VisitMember.deleted.is_(False)
            )
            .order_by(TeamMember.role, TeamMember.name)
        ):
            members.setdefault(visit_id, []).append(name)
    return [
        VisitSummary(
            id=row.id,
            municipality_id=row.municipality_id,
            municipality=row.name,
            phase=row.phase,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            method=row.method.label,
            status=row.status,
            location=row.location,
            members=tuple(members.get(row.id, ())),
        )
        for row in rows
    ]


def visits_between(
    session: Session,
    start: date,
    end: date,
    *,
    municipality_id: str | None = None,
    area: Area | None = None,
) -> list[VisitSummary]:
    """Visits starting on ``start`` .. ``end`` (inclusive), in time order."""
    where = [
        Visit.starts_at >= datetime.combine(start, datetime.min.time()),
        Visit.starts_at < datetime.combine(end + timedelta(days=1), datetime.min.time()),
    ]
    if municipality_id:
        where.append(Visit.municipality_id == municipality_id)
    if area is not None:
        where.append(Municipality.area == area)
    return _visit_summaries(session, *where)


def week_visits(session: Session, today: date | None = None) -> list[VisitSummary]:
    today = today or date.today()
    monday = today - timedelta(days=today.weekday())
    return visits_between(session, monday, monday + timedelta(days=6))


def _action_summary(item: ActionItem) -> ActionSummary:
    return ActionSummary(
        id=item.id,
        municipality_id=item.municipality_id,
        municipality=item.municipality.name,
        visit_id=item.visit_id,
        title=item.title,
        owner_side=item.owner_side.label,
        owner_name=item.owner_name,
        due_on=item.due_on,
        status=item.status,
    )


def overdue_actions(session: Session, today: date | None = None) -> list[ActionSummary]:
    from .visits import overdue_action_items

    return [_action_summary(a) for a in overdue_action_items(session, today)]


# --- the municipality page -------------------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    id: str | None
    name: str = ""
    kana: str = ""
    department: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""
    is_primary: bool = False
    notes: str = ""


@dataclass(frozen=True)
class NeedRow:
    visit_id: str
    day: date
    phase: Phase
    text: str


@dataclass(frozen=True)
class MunicipalityOverview:
    id: str
    code: str
    name: str
    kana: str
    area: Area
    kind_label: str
    population: int | None
    population_basis: str
    opendata_published: bool | None
    contacts: tuple[ContactRow, ...]
    visits: tuple[VisitSummary, ...]
    open_actions: tuple[ActionSummary, ...]
    needs: tuple[NeedRow, ...]
    baseline: object | None = None  # SheetScore from dxfield.assessment.engine
    evaluation: object | None = None
    diff: object | None = None
    assessment_note: str = field(default="")
    # Trainings it took part in, newest first (TrainingSummary from services.trainings), and
    # the year's survey results of its respondents (SurveyResults).
    trainings: tuple = ()
    survey: object | None = None


def _scores(session: Session, municipality_id: str, year: int):
    try:
        from ..assessment.engine import diff, score_response
        from .assessments import get_response
    except ImportError:  # the assessment engine is not part of this build yet
        return None, None, None
    base = get_response(session, municipality_id, year, ResponseKind.BASELINE)
    final = get_response(session, municipality_id, year, ResponseKind.EVALUATION)
    base_score = score_response(session, base) if base is not None else None
    final_score = score_response(session, final) if final is not None else None
    delta = diff(base_score, final_score) if base_score and final_score else None
    return base_score, final_score, delta


def municipality_overview(
    session: Session, municipality_id: str, year: int
) -> MunicipalityOverview:
    town = session.get(Municipality, municipality_id)
    if town is None or town.deleted:
        from ..errors import NotFoundError

        raise NotFoundError(f"no municipality with id {municipality_id}")
    contacts = session.scalars(
        select(Contact)
        .where(Contact.municipality_id == municipality_id, Contact.deleted.is_(False))
        .order_by(Contact.is_primary.desc(), Contact.name)
    )
    visits = _visit_summaries(session, Visit.municipality_id == municipality_id, descending=True)
    actions = session.scalars(
        select(ActionItem)
        .where(
            ActionItem.municipality_id == municipality_id,
            ActionItem.deleted.is_(False),
            ActionItem.status.in_([ActionStatus.OPEN, ActionStatus.IN_PROGRESS]),
        )
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on)
        .options(selectinload(ActionItem.municipality))
    )
    needs = session.execute(
        select(Visit.id, Visit.starts_at, Visit.phase, NoteSection.body)
        .join(NoteSection, NoteSection.visit_id == Visit.id)
        .where(
            Visit.municipality_id == municipality_id,
            Visit.deleted.is_(False),
            NoteSection.deleted.is_(False),
            NoteSection.kind == NoteKind.REQUESTS,
            NoteSection.body != "",
        )
        .order_by(Visit.starts_at.desc())
    )
    base, final, delta = _scores(session, municipality_id, year)
    return MunicipalityOverview(
        id=town.id,
        code=town.code,
        name=town.name,
        kana=town.kana,
        area=town.area,
        kind_label=town.kind.label,
        population=town.population,
        population_basis=town.population_basis,
        opendata_published=town.opendata_published,
        contacts=tuple(
            ContactRow(
                c.id, c.name, c.kana, c.department, c.title, c.phone, c.email, c.is_primary, c.notes
            )
            for c in contacts
        ),
        visits=tuple(visits),
        open_actions=tuple(_action_summary(a) for a in actions),
        needs=tuple(NeedRow(vid, start.date(), phase, body) for vid, start, phase, body in needs),
        baseline=base,
        evaluation=final,
        diff=delta,
        trainings=tuple(reversed(training_summaries(session, municipality_id=municipality_id))),
        survey=results_for_year(session, year, municipality_id=municipality_id),
    )

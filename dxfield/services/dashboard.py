"""Read models for the desktop's overview pages: the phase board and a municipality's page.

Pure queries over a Session (no Qt), shaped for display: each function returns small frozen
dataclasses so a view never touches ORM objects outside the session that loaded them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import formlinks, overview, quickread, townpage
from ..models import (
    Area,
    Municipality,
    ResponseKind,
    TeamMember,
    Visit,
    VisitMember,
)

# The dashboard's read model lives in ``dxfield.overview`` (plain SQL); its names stay here.
from ..overview import ActionSummary, BoardRow, VisitSummary
from ..overview import BoardCell as BoardCell
from ..overview import CellStatus as CellStatus
from ..surveys.results import results_for_year

if TYPE_CHECKING:  # imported when a municipality's page is read, not with the dashboard
    from ..assessment.results import AssessmentResults, SheetDiff, SheetScore
    from .trainings import TrainingSummary, YearTotals


def _raw(session: Session):
    """The session's own DB-API connection, inside its transaction (flushed first)."""
    session.flush()
    return session.connection().connection.driver_connection


def board(
    session: Session, year: int, *, area: Area | None = None, today: date | None = None
) -> list[BoardRow]:
    """The municipalities × six phases board for programme year ``year``."""
    return overview.board(_raw(session), year, area=area, today=today or date.today())


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
    return overview.week_visits(_raw(session), today or date.today())


def overdue_actions(session: Session, today: date | None = None) -> list[ActionSummary]:
    return overview.overdue_actions(_raw(session), today or date.today())


# --- the municipality page -------------------------------------------------------------

# The page's rows are read in plain SQL (``dxfield.townpage``); their names stay here.
ContactRow = townpage.ContactRow
NeedRow = townpage.NeedRow


@dataclass(frozen=True)
class DashboardData:
    """All the dashboard shows: the board of a year (and area), this week's visits, the
    overdue actions, the next 30 days' trainings and the year's training totals."""

    board: list[BoardRow]
    week: list[VisitSummary]
    overdue: list[ActionSummary]
    trainings: list[TrainingSummary]
    training_totals: YearTotals


def load_dashboard(session: Session, year: int, area: Area | None, today: date) -> DashboardData:
    from . import trainings  # imported when the dashboard loads, not with this module

    return DashboardData(
        board(session, year, area=area, today=today),
        week_visits(session, today),
        overdue_actions(session, today),
        trainings.upcoming_trainings(session, today),
        trainings.year_totals(session, year),
    )


def _results() -> AssessmentResults:
    """A year without sheets; the model is imported with a municipality's page, not here."""
    from ..assessment.results import AssessmentResults

    return AssessmentResults()


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
    # The year's baseline, evaluation and their difference (dxfield.assessment.results).
    assessment: AssessmentResults = field(default_factory=_results)
    assessment_note: str = field(default="")
    # The trainings of the year it took part in, newest first (TrainingSummary), and the
    # year's survey results of its respondents (SurveyResults).
    trainings: tuple = ()
    survey: object | None = None
    # The year's web-form links of this municipality: (ResponseKind, FormStatus) each.
    forms: tuple = ()
    # The year's needs registered for it (needs.rows.NeedRow), newest heard first.
    registered: tuple = ()

    @property
    def baseline(self) -> SheetScore | None:
        return self.assessment.baseline

    @property
    def evaluation(self) -> SheetScore | None:
        return self.assessment.evaluation

    @property
    def diff(self) -> SheetDiff | None:
        return self.assessment.diff


def _assessment(session: Session, municipality_id: str, year: int) -> AssessmentResults:
    """The year's sheets scored: answers read in plain SQL, each template's definition
    parsed once (the engine's cache) and read through the ORM only the first time."""
    # Imported on first use: the dashboard's module is read at start-up, the engine with
    # the templates only when a municipality's page opens.
    from ..assessment.results import AssessmentResults, score
    from ..assessment.template import cached_template_definition

    scored = {
        kind: score(
            cached_template_definition(session, sheet.template_id, sheet.template_version),
            sheet.answers,
        )
        for kind, sheet in townpage.sheets(_raw(session), municipality_id, year).items()
    }
    return AssessmentResults(scored.get(ResponseKind.BASELINE), scored.get(ResponseKind.EVALUATION))


def municipality_overview(
    session: Session, municipality_id: str, year: int
) -> MunicipalityOverview:
    """Everything a municipality's page shows for programme year ``year``: one read on the
    session's connection, no ORM objects (the page must open in well under 100 ms)."""
    from .needs import list_needs

    conn = _raw(session)
    town = townpage.town(conn, municipality_id)
    if town is None:
        from ..errors import NotFoundError

        raise NotFoundError(f"no municipality with id {municipality_id}")
    trainings = quickread.trainings(conn, year=year, town_id=municipality_id) or []
    return MunicipalityOverview(
        **town,
        contacts=townpage.contacts(conn, municipality_id),
        visits=tuple(townpage.visits(conn, municipality_id)),
        open_actions=townpage.open_actions(conn, municipality_id, town["name"]),
        needs=townpage.visit_requests(conn, municipality_id),
        assessment=_assessment(session, municipality_id, year),
        trainings=tuple(reversed(trainings)),
        survey=results_for_year(session, year, municipality_id=municipality_id),
        forms=_forms(session, municipality_id, year),
        registered=tuple(list_needs(session, year=year, municipality_id=municipality_id)),
    )


def _forms(session: Session, municipality_id: str, year: int) -> tuple:
    links = formlinks.read(_raw(session))
    out = []
    for kind in ResponseKind:
        status = formlinks.assessment_states(links, year, kind.value).get(municipality_id)
        if status is not None:
            out.append((kind, status))
    return tuple(out)


def prepare_municipality_overview(session: Session, year: int) -> None:
    """Read the first municipality's page once and drop it: SQLAlchemy compiles and caches
    each statement on first use and the scores import the assessment engine, so the first
    page a person opens costs what every later one does. Reads only."""
    from .needs import list_needs

    town_id = session.scalar(
        select(Municipality.id)
        .where(Municipality.deleted.is_(False))
        .order_by(Municipality.code)
        .limit(1)
    )
    if town_id is not None:
        municipality_overview(session, town_id, year)
        list_needs(session, year=year, municipality_id=town_id)

"""Planning and recording trainings (研修): validation, municipalities and attendance, listing.

The rules live here and nowhere else: the form, the CLI and the demo all save through
``create_training``/``update_training`` and show the ``ValidationError`` it raises (its
``field`` names the input, its ``code`` the rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .. import fiscal
from ..errors import NotFoundError, ValidationError
from ..masterdata import ensure_programme_year
from ..messages import msg
from ..models import (
    Municipality,
    SurveyResponse,
    SurveyTemplate,
    Training,
    TrainingKind,
    TrainingMethod,
    TrainingMunicipality,
    Visit,
    VisitStatus,
)
from ..models.base import stable_id
from ..trainingsummary import (
    NO_COUNT,
    AttendeeCounts,
    TrainingSummary,
    TrainingTown,
    build_summary,
    text_lines,
)

# Kinds held for particular municipalities; a video (研修動画) or "other" may be for all.
NEEDS_MUNICIPALITY = frozenset({TrainingKind.TOP_SEMINAR, TrainingKind.INTRO, TrainingKind.JOINT})
MAX_ATTENDEES = 10_000


@dataclass(frozen=True)
class Attendance:
    """A municipality taking part, with how many of its leaders and staff came (None:
    not counted yet)."""

    municipality_id: str
    leaders: int | None = None
    staff: int | None = None


@dataclass
class TrainingInput:
    """What a person fills in for a training. Validated as a whole by ``validate_training``."""

    kind: TrainingKind
    title: str
    starts_at: datetime
    ends_at: datetime
    method: TrainingMethod
    place: str = ""
    online_url: str = ""
    audience: str = ""
    lecturers: str = ""
    content: str = ""
    materials: str = ""
    visit_id: str | None = None
    survey_template_id: str | None = None
    prefecture_attendees: int | None = None
    status: VisitStatus = VisitStatus.PLANNED
    municipalities: list[Attendance] = field(default_factory=list)


def _count(value: int | None, name: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(msg("training.bad_count"), field=name)
    if value > MAX_ATTENDEES:
        raise ValidationError(msg("training.count_too_large"), field=name)


def validate_training(session: Session, data: TrainingInput) -> None:
    """Raise ``ValidationError`` naming the field for what cannot be saved."""
    if not data.title.strip():
        raise ValidationError(msg("training.no_title"), field="title")
    if len(data.title) > 200:
        raise ValidationError(msg("training.title_too_long", limit=200), field="title")
    if not isinstance(data.starts_at, datetime):
        raise ValidationError(msg("visit.bad_start"), field="starts_at")
    if not isinstance(data.ends_at, datetime):
        raise ValidationError(msg("visit.bad_end"), field="ends_at")
    if data.ends_at <= data.starts_at:
        raise ValidationError(msg("visit.end_before_start"), field="ends_at")
    if fiscal.fiscal_year_of(data.ends_at) != fiscal.fiscal_year_of(data.starts_at):
        raise ValidationError(msg("training.across_years"), field="ends_at")
    if data.method is TrainingMethod.ONSITE and not data.place.strip():
        raise ValidationError(msg("training.no_place"), field="place")
    _count(data.prefecture_attendees, "prefecture_attendees")
    seen: set[str] = set()
    for row in data.municipalities:
        if session.get(Municipality, row.municipality_id) is None:
            raise ValidationError(
                msg("training.unknown_municipality"),
                field="municipalities",
                value=row.municipality_id,
            )
        if row.municipality_id in seen:
            raise ValidationError(msg("training.municipality_twice"), field="municipalities")
        seen.add(row.municipality_id)
        _count(row.leaders, "municipalities")
        _count(row.staff, "municipalities")
    if data.kind in NEEDS_MUNICIPALITY and not seen:
        raise ValidationError(
            msg("training.needs_municipality"),
            field="municipalities",
            kind=data.kind.value,
        )
    if data.visit_id:
        visit = session.get(Visit, data.visit_id)
        if visit is None or visit.deleted:
            raise ValidationError(msg("training.visit_gone"), field="visit_id")
        if visit.municipality_id not in seen:
            raise ValidationError(msg("training.visit_not_taking_part"), field="visit_id")
    if data.survey_template_id:
        template = session.get(SurveyTemplate, data.survey_template_id)
        if template is None or template.deleted:
            raise ValidationError(msg("training.unknown_survey"), field="survey_template_id")


def _apply(session: Session, training: Training, data: TrainingInput) -> None:
    year = fiscal.fiscal_year_of(data.starts_at)
    ensure_programme_year(session, year)
    if training not in session:
        session.add(training)
    for name in (
        "kind",
        "starts_at",
        "ends_at",
        "method",
        "visit_id",
        "survey_template_id",
        "prefecture_attendees",
        "status",
    ):
        setattr(training, name, getattr(data, name))
    for name in ("title", "place", "online_url", "audience"):
        setattr(training, name, getattr(data, name).strip())
    for name in ("lecturers", "content", "materials"):
        setattr(training, name, _lines(getattr(data, name)))
    training.fiscal_year = year
    session.flush()
    set_municipalities(session, training.id, data.municipalities)


def _lines(text: str) -> str:
    """Multi-line text as sync merges it best: no trailing spaces, one newline at the end."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return "\n".join(lines) + "\n" if lines else ""


def create_training(
    session: Session, data: TrainingInput, *, training_id: str | None = None
) -> Training:
    """Validate and add a training. ``training_id`` gives it a chosen (e.g. stable) id."""
    validate_training(session, data)
    training = Training(id=training_id) if training_id else Training()
    _apply(session, training, data)
    return training


def update_training(session: Session, training_id: str, data: TrainingInput) -> Training:
    training = get_training(session, training_id)
    validate_training(session, data)
    _apply(session, training, data)
    return training


def link_id(training_id: str, municipality_id: str) -> str:
    return stable_id("training_municipality", training_id, municipality_id)


def set_municipalities(session: Session, training_id: str, rows: list[Attendance]) -> None:
    """Make the training's municipalities exactly ``rows``: removed ones are tombstoned,
    added ones revive their stable record, counts are set (an unchanged count is not an
    edit, so sync sends only what changed)."""
    wanted = {row.municipality_id: row for row in rows}
    current = {
        link.municipality_id: link
        for link in session.scalars(
            select(TrainingMunicipality).where(TrainingMunicipality.training_id == training_id)
        )
    }
    for municipality_id, link in current.items():
        if municipality_id not in wanted and not link.deleted:
            link.deleted = True
    for municipality_id, row in wanted.items():
        link = current.get(municipality_id)
        if link is None:
            session.add(
                TrainingMunicipality(
                    id=link_id(training_id, municipality_id),
                    training_id=training_id,
                    municipality_id=municipality_id,
                    leaders=row.leaders,
                    staff=row.staff,
                )
            )
            continue
        if link.deleted:
            link.deleted = False
        if link.leaders != row.leaders:
            link.leaders = row.leaders
        if link.staff != row.staff:
            link.staff = row.staff
    session.flush()


def get_training(session: Session, training_id: str) -> Training:
    training = session.get(Training, training_id)
    if training is None or training.deleted:
        raise NotFoundError(msg("missing.training", id=training_id), training_id=training_id)
    return training


def training_input(session: Session, training_id: str) -> TrainingInput:
    """A stored training as the form that edits it fills in."""
    t = get_training(session, training_id)
    return TrainingInput(
        kind=t.kind,
        title=t.title,
        starts_at=t.starts_at,
        ends_at=t.ends_at,
        method=t.method,
        place=t.place,
        online_url=t.online_url,
        audience=t.audience,
        lecturers=t.lecturers,
        content=t.content,
        materials=t.materials,
        visit_id=t.visit_id,
        survey_template_id=t.survey_template_id,
        prefecture_attendees=t.prefecture_attendees,
        status=t.status,
        municipalities=[
            Attendance(link.municipality_id, link.leaders, link.staff) for link in t.municipalities
        ],
    )


def delete_training(session: Session, training_id: str) -> None:
    """Tombstone the training; its survey responses stay (and are no longer counted)."""
    get_training(session, training_id).deleted = True


def set_status(session: Session, training_id: str, status: VisitStatus) -> None:
    training = get_training(session, training_id)
    if training.status != status:
        training.status = status


def list_trainings(
    session: Session,
    *,
    year: int | None = None,
    municipality_id: str | None = None,
    kind: TrainingKind | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Training]:
    """Live trainings, earliest first, with their municipalities loaded."""
    query = (
        select(Training)
        .where(Training.deleted.is_(False))
        .options(
            selectinload(Training.municipalities).selectinload(TrainingMunicipality.municipality),
            selectinload(Training.visit),
        )
        .order_by(Training.starts_at, Training.id)
    )
    if year is not None:
        query = query.where(Training.fiscal_year == year)
    if kind is not None:
        query = query.where(Training.kind == kind)
    if municipality_id:
        query = query.where(
            Training.id.in_(
                select(TrainingMunicipality.training_id).where(
                    TrainingMunicipality.municipality_id == municipality_id,
                    TrainingMunicipality.deleted.is_(False),
                )
            )
        )
    if start is not None:
        query = query.where(Training.ends_at >= datetime.combine(start, datetime.min.time()))
    if end is not None:
        query = query.where(Training.starts_at <= datetime.combine(end, datetime.max.time()))
    return list(session.scalars(query))


def trainings_of_visit(session: Session, visit_id: str) -> list[Training]:
    return list(
        session.scalars(
            select(Training)
            .where(Training.visit_id == visit_id, Training.deleted.is_(False))
            .order_by(Training.starts_at)
        )
    )


def attendees(training: Training, municipality_id: str | None = None) -> AttendeeCounts:
    """Who came: the municipalities' leaders and staff (one municipality's, if given) and,
    for the whole training, the prefecture's staff."""
    counts = NO_COUNT
    for link in training.municipalities:
        if municipality_id is None or link.municipality_id == municipality_id:
            counts = counts + AttendeeCounts(link.leaders, link.staff, None)
    if municipality_id is None:
        counts = counts + AttendeeCounts(None, None, training.prefecture_attendees)
    return counts


def response_counts(session: Session, training_ids: list[str]) -> dict[str, int]:
    """Live survey responses per training."""
    if not training_ids:
        return {}
    rows = session.execute(
        select(SurveyResponse.training_id, func.count())
        .where(SurveyResponse.training_id.in_(training_ids), SurveyResponse.deleted.is_(False))
        .group_by(SurveyResponse.training_id)
    )
    return {training_id: n for training_id, n in rows}


def summarise(training: Training, responses: int) -> TrainingSummary:
    return build_summary(
        id=training.id,
        fiscal_year=training.fiscal_year,
        kind=training.kind,
        title=training.title,
        starts_at=training.starts_at,
        ends_at=training.ends_at,
        method=training.method,
        place=training.place,
        online_url=training.online_url,
        audience=training.audience,
        lecturers=training.lecturers,
        towns=(
            TrainingTown(
                link.municipality_id,
                link.municipality.code,
                link.municipality.name,
                link.leaders,
                link.staff,
            )
            for link in training.municipalities
        ),
        prefecture_attendees=training.prefecture_attendees,
        responses=responses,
        status=training.status,
        visit_id=training.visit_id,
    )


def upcoming_trainings(session: Session, today: date, days: int = 30) -> list[TrainingSummary]:
    """Trainings starting within ``days`` of ``today``, or under way today (not cancelled).

    A video already published is no event to attend: it is left out until the next one.
    """
    rows = training_summaries(session, start=today, end=today + timedelta(days=days))
    return [
        r
        for r in rows
        if r.status is not VisitStatus.CANCELLED
        and (r.starts_at.date() >= today or r.method is not TrainingMethod.ON_DEMAND)
    ]


def training_summaries(session: Session, **filters) -> list[TrainingSummary]:
    """``list_trainings(**filters)`` as summaries, with survey responses counted in one query."""
    trainings = list_trainings(session, **filters)
    answered = response_counts(session, [t.id for t in trainings])
    return [summarise(t, answered.get(t.id, 0)) for t in trainings]


@dataclass(frozen=True)
class TrainingDetail:
    """Everything the trainings page shows of one training."""

    summary: TrainingSummary
    content: str
    materials: tuple[str, ...]
    visit: str  # the visit it was held with, as a person reads it ("" if none)
    survey: str  # the survey's name


def training_detail(session: Session, training_id: str) -> TrainingDetail:
    from ..surveys.template import survey_template_for

    training = get_training(session, training_id)
    visit = ""
    if training.visit is not None and not training.visit.deleted:
        v = training.visit
        visit = f"{v.starts_at:%Y-%m-%d %H:%M} {v.municipality.name} {v.phase.label}"
    return TrainingDetail(
        summary=summarise(training, response_counts(session, [training.id]).get(training.id, 0)),
        content=training.content,
        materials=text_lines(training.materials),
        visit=visit,
        survey=survey_template_for(session, training).name,
    )


@dataclass(frozen=True)
class YearTotals:
    """A programme year's trainings at a glance (the dashboard's line)."""

    held: int  # trainings held (done)
    attendees: int  # counted attendees of those
    responses: int
    headline: object  # surveys.results.Share
    target: float


def year_totals(session: Session, year: int) -> YearTotals:
    from ..surveys.results import results_for_year

    held = [t for t in list_trainings(session, year=year) if t.status is VisitStatus.DONE]
    results = results_for_year(session, year)
    return YearTotals(
        held=len(held),
        attendees=sum(attendees(t).total or 0 for t in held),
        responses=results.responses,
        headline=results.headline,
        target=results.headline_target,
    )

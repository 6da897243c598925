"""``install_demo``: the team, contacts and two programme years of visits, notes and actions.

Idempotent: every record has a stable id (``stable_id("demo", ...)``) and is only inserted
when missing, so a second run writes nothing (and queues nothing for sync). Visits are
checked by the same validation as a visit planned in the app.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import fiscal
from ..masterdata import ensure_master_data, ensure_programme_year, phase_windows
from ..models import (
    ActionItem,
    ActionStatus,
    Contact,
    Municipality,
    NoteKind,
    NoteSection,
    OwnerSide,
    Phase,
    ResponseKind,
    TeamMember,
    Visit,
    VisitStatus,
)
from ..models.base import stable_id
from ..services.visits import (
    VisitInput,
    create_visit,
    set_action_status,
    set_note_section,
)
from .corpus import NoteContext, compose, town_themes
from .people import TEAM, TEAM_BY_KEY, DemoContact, contacts_for
from .responses import ensure_response, trend_of
from .schedule import VisitPlan, plan_year
from .trainings import ensure_trainings


@dataclass
class DemoSummary:
    fiscal_years: list[int]
    team_members: int = 0
    contacts: int = 0
    visits: dict[str, dict[str, int]] = field(default_factory=dict)  # year -> status -> n
    visits_by_phase: dict[str, dict[str, int]] = field(default_factory=dict)  # year -> phase -> n
    note_sections: int = 0
    internal_notes: int = 0
    action_items: dict[str, int] = field(default_factory=dict)  # status -> n
    overdue_action_items: int = 0
    responses: dict[str, dict[str, int]] = field(default_factory=dict)  # year -> kind -> n
    trainings: dict[str, dict[str, int]] = field(default_factory=dict)  # year -> kind -> n
    survey_responses: dict[str, int] = field(default_factory=dict)  # year -> n
    outside_window: int = 0
    needs: dict[str, dict[str, int]] = field(default_factory=dict)  # year -> status -> n
    proposal_drafts: dict[str, int] = field(default_factory=dict)  # year -> versions
    # Team members, contacts, visits and responses this run created (0 on a second run).
    added: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def member_id(key: str) -> str:
    return stable_id("demo", "team_member", key)


def demo_visit_id(year: int, plan_key: str) -> str:
    return stable_id("demo", "visit", year, plan_key)


def ensure_team(session: Session) -> int:
    added = 0
    for member in TEAM:
        if session.get(TeamMember, member_id(member.key)) is None:
            session.add(
                TeamMember(
                    id=member_id(member.key),
                    name=member.name,
                    kana=member.kana,
                    role=member.role,
                    field=member.field,
                    email=member.email,
                )
            )
            added += 1
    session.flush()
    return added


def ensure_contacts(
    session: Session, towns: list[Municipality]
) -> tuple[dict[str, list[DemoContact]], int]:
    added = 0
    by_town = {}
    for town in towns:
        by_town[town.id] = contacts_for(town)
        for contact in by_town[town.id]:
            contact_id = stable_id("demo", "contact", contact.key)
            if session.get(Contact, contact_id) is None:
                session.add(
                    Contact(
                        id=contact_id,
                        municipality_id=town.id,
                        name=contact.name,
                        kana=contact.kana,
                        department=contact.department,
                        title=contact.title,
                        phone=contact.phone,
                        email=contact.email,
                        is_primary=contact.is_primary,
                    )
                )
                added += 1
    session.flush()
    return by_town, added


def attendees_text(town: Municipality, contacts: list[DemoContact], members: list[str]) -> str:
    town_side = "、".join(f"{c.department} {c.title} {c.name}" for c in contacts)
    advisors = "、".join(
        TEAM_BY_KEY[k].name for k in members if TEAM_BY_KEY[k].role.value != "prefecture"
    )
    prefecture = "、".join(
        TEAM_BY_KEY[k].name for k in members if TEAM_BY_KEY[k].role.value == "prefecture"
    )
    lines = [f"【{town.name}】{town_side}", f"【アドバイザー】{advisors}"]
    if prefecture:
        lines.append(f"【県】デジタル推進担当 {prefecture}")
    return "\n".join(lines)


def insert_visit(
    session: Session, year: int, plan: VisitPlan, participants: str
) -> tuple[Visit, bool]:
    """The demo visit for ``plan``, created (validated like any visit) if missing."""
    visit_id = demo_visit_id(year, plan.key)
    existing = session.get(Visit, visit_id)
    if existing is not None:
        return existing, False
    data = VisitInput(
        municipality_id=plan.town.id,
        phase=plan.phase,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        method=plan.method,
        location=plan.location,
        agenda=plan.agenda,
        participants=participants,
        status=plan.status,
        member_ids=[member_id(k) for k in plan.members],
        remote_member_ids=[member_id(k) for k in plan.remote],
    )
    visit, _warnings = create_visit(session, data, visit_id=visit_id)
    return visit, True


def add_notes_and_actions(
    session: Session,
    visit: Visit,
    plan: VisitPlan,
    contacts: list[DemoContact],
    today: date,
    *,
    trend: str = "",
    used: set[str] | None = None,
) -> None:
    rng = random.Random(f"demo:notes:{visit.id}")
    ctx = NoteContext(
        town=plan.town,
        phase=plan.phase,
        themes=town_themes(plan.town, visit.fiscal_year),
        domain=plan.domain,
        attendees=attendees_text(plan.town, contacts, plan.members),
        primary_contact=contacts[0].name,
        department=contacts[0].department,
    )
    draft = compose(rng, ctx, trend=trend, used=used)
    # One flush per visit instead of one per record: the services' look-ups would otherwise
    # flush the pending sections one at a time.
    with session.no_autoflush:
        for kind in NoteKind:
            if kind in draft.sections:
                body, internal = draft.sections[kind]
                set_note_section(session, visit.id, kind, body, internal=internal)
    visit_day = visit.starts_at.date()
    items = []
    for n, (title, side, days) in enumerate(draft.actions):
        owner = {
            OwnerSide.MUNICIPALITY: contacts[0].name,
            OwnerSide.ADVISORS: TEAM_BY_KEY[plan.members[0]].name,
            OwnerSide.PREFECTURE: TEAM_BY_KEY["pref1"].name,
        }[side]
        item = ActionItem(
            id=stable_id("demo", "action_item", visit.id, n),
            municipality_id=visit.municipality_id,
            visit_id=visit.id,
            title=title,
            owner_side=side,
            owner_name=owner,
            due_on=visit_day + timedelta(days=days),
            position=n,
        )
        session.add(item)
        items.append(item)
    session.flush()
    for item in items:
        status = _action_status(rng, item.due_on, today)
        if status != ActionStatus.OPEN:
            set_action_status(session, item.id, status)
        if status == ActionStatus.DONE:
            finished = item.due_on - timedelta(days=rng.randint(-5, 10))
            item.completed_on = min(max(finished, visit_day + timedelta(days=1)), today)


def _action_status(rng: random.Random, due: date, today: date) -> ActionStatus:
    if due >= today:
        return rng.choices(
            (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE), (5, 4, 1)
        )[0]
    age = (today - due).days
    # Last year's items are mostly closed; a few are carried over (and overdue).
    weights = (1, 1, 16, 1) if age > 120 else (1, 2, 9, 0.5)
    return rng.choices(
        (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED),
        weights,
    )[0]


# The demo's answer to the Digital Agency's list (オープンデータ取組済自治体一覧), as an
# import of it would set it: most cities and a few towns, about a third of the 30, as in a
# prefecture near the bottom of the national ranking.
DEMO_OPENDATA = (
    "302015",
    "302023",
    "302031",
    "302066",
    "302074",
    "302082",
    "302091",
    "303666",
    "304018",
    "304042",
)


def ensure_opendata(session: Session, towns: list[Municipality], today: date) -> int:
    """Mark which municipalities publish open data, unless a list was ever imported (the
    store's own answer stays). Returns how many were marked."""
    if any(t.opendata_checked_on is not None for t in towns):
        return 0
    checked = min(today, date(fiscal.fiscal_year_of(today), 6, 1))
    for town in towns:
        town.opendata_published = town.code in DEMO_OPENDATA
        town.opendata_url = (
            f"https://www.example.jp/opendata/{town.code}/" if town.opendata_published else ""
        )
        town.opendata_checked_on = checked
    return len(towns)


def install_demo(session: Session, *, today: date | None = None) -> DemoSummary:
    """Fill the store with last programme year (complete) and this one (up to ``today``).

    Only missing records are added: a later run with a later ``today`` adds what is new
    (another year) but does not move existing visits along.
    """
    today = today or date.today()
    current = fiscal.fiscal_year_of(today)
    years = [current - 1, current]
    ensure_master_data(session)
    added = ensure_team(session)
    towns = list(session.scalars(select(Municipality).where(Municipality.deleted.is_(False))))
    contacts, n = ensure_contacts(session, towns)
    added += n
    ensure_opendata(session, towns, today)
    outside = 0
    for year in years:
        said: dict[str, set[str]] = {}
        ensure_programme_year(session, year)
        windows = phase_windows(session, year)
        plans = plan_year(year, towns, windows, today)
        added += _ensure_responses(session, year, plans, contacts, today)
        for plan in plans:
            participants = "、".join(f"{c.title} {c.name}" for c in contacts[plan.town.id])
            visit, created = insert_visit(session, year, plan, participants)
            start, end = windows[plan.phase]
            outside += not (start <= plan.starts_at.date() <= end)
            if not created:
                continue
            added += 1
            if plan.status == VisitStatus.DONE:
                add_notes_and_actions(
                    session,
                    visit,
                    plan,
                    contacts[plan.town.id],
                    today,
                    trend=trend_of(plan.town, year),
                    used=said.setdefault(plan.town.id, set()),
                )
        session.flush()
        added += ensure_trainings(session, year, towns, today)
    session.flush()
    # Needs are heard in everything above (notes, sheets, trainings): promoted last.
    from .needs import ensure_needs

    for year in years:
        added += ensure_needs(session, year, today)
    summary = summarize(session, years, today)
    summary.outside_window = outside
    summary.added = added
    return summary


def _ensure_responses(
    session: Session,
    year: int,
    plans: list[VisitPlan],
    contacts: dict[str, list[DemoContact]],
    today: date,
) -> int:
    """The baseline (received at the assessment-sheet check) and, once the year is that far,
    the evaluation (answered a few days before the evaluation meeting)."""
    added = 0
    for plan in plans:
        if plan.status == VisitStatus.CANCELLED or plan.phase not in (
            Phase.ASSESSMENT_SHEET,
            Phase.EVALUATION,
        ):
            continue
        if plan.phase == Phase.ASSESSMENT_SHEET:
            kind, answered = ResponseKind.BASELINE, plan.starts_at.date()
        else:
            # A few days before the meeting, but not before the evaluation window opens.
            lead = random.Random(f"demo:answered:{plan.key}:{year}").randint(3, 10)
            opens = phase_windows(session, year)[Phase.EVALUATION][0]
            day = plan.starts_at.date()
            kind, answered = (
                ResponseKind.EVALUATION,
                min(max(day - timedelta(days=lead), opens), day),
            )
        if answered < today:
            added += ensure_response(
                session, plan.town, year, kind, answered, contacts[plan.town.id][0]
            )
    return added


def summarize(session: Session, years: list[int], today: date) -> DemoSummary:
    from ..models import AssessmentResponse

    summary = DemoSummary(fiscal_years=years)
    summary.team_members = session.scalar(
        select(func.count()).select_from(TeamMember).where(TeamMember.deleted.is_(False))
    )
    summary.contacts = session.scalar(
        select(func.count()).select_from(Contact).where(Contact.deleted.is_(False))
    )
    live = Visit.deleted.is_(False)
    for year, status, count in session.execute(
        select(Visit.fiscal_year, Visit.status, func.count())
        .where(live, Visit.fiscal_year.in_(years))
        .group_by(Visit.fiscal_year, Visit.status)
    ):
        summary.visits.setdefault(str(year), {})[status.value] = count
    for year, phase, count in session.execute(
        select(Visit.fiscal_year, Visit.phase, func.count())
        .where(live, Visit.fiscal_year.in_(years), Visit.status != VisitStatus.CANCELLED)
        .group_by(Visit.fiscal_year, Visit.phase)
    ):
        summary.visits_by_phase.setdefault(str(year), {})[phase.value] = count
    notes = select(func.count()).select_from(NoteSection).where(NoteSection.deleted.is_(False))
    summary.note_sections = session.scalar(notes)
    summary.internal_notes = session.scalar(notes.where(NoteSection.internal.is_(True)))
    for status, count in session.execute(
        select(ActionItem.status, func.count())
        .where(ActionItem.deleted.is_(False))
        .group_by(ActionItem.status)
    ):
        summary.action_items[status.value] = count
    summary.overdue_action_items = session.scalar(
        select(func.count())
        .select_from(ActionItem)
        .where(
            ActionItem.deleted.is_(False),
            ActionItem.status.in_([ActionStatus.OPEN, ActionStatus.IN_PROGRESS]),
            ActionItem.due_on < today,
        )
    )
    for year, kind, count in session.execute(
        select(AssessmentResponse.fiscal_year, AssessmentResponse.kind, func.count())
        .where(AssessmentResponse.deleted.is_(False), AssessmentResponse.fiscal_year.in_(years))
        .group_by(AssessmentResponse.fiscal_year, AssessmentResponse.kind)
    ):
        summary.responses.setdefault(str(year), {})[kind.value] = count
    from ..models import Need, ProposalDraft

    for year, status, count in session.execute(
        select(Need.fiscal_year, Need.status, func.count())
        .where(Need.deleted.is_(False), Need.fiscal_year.in_(years))
        .group_by(Need.fiscal_year, Need.status)
    ):
        summary.needs.setdefault(str(year), {})[status.value] = count
    for year, count in session.execute(
        select(ProposalDraft.fiscal_year, func.count())
        .where(ProposalDraft.deleted.is_(False), ProposalDraft.fiscal_year.in_(years))
        .group_by(ProposalDraft.fiscal_year)
    ):
        summary.proposal_drafts[str(year)] = count
    _summarize_trainings(session, years, summary)
    return summary


def _summarize_trainings(session: Session, years: list[int], summary: DemoSummary) -> None:
    from ..models import SurveyResponse, Training

    for year, kind, count in session.execute(
        select(Training.fiscal_year, Training.kind, func.count())
        .where(Training.deleted.is_(False), Training.fiscal_year.in_(years))
        .group_by(Training.fiscal_year, Training.kind)
    ):
        summary.trainings.setdefault(str(year), {})[kind.value] = count
    for year, count in session.execute(
        select(Training.fiscal_year, func.count())
        .select_from(SurveyResponse)
        .join(Training, Training.id == SurveyResponse.training_id)
        .where(SurveyResponse.deleted.is_(False), Training.fiscal_year.in_(years))
        .group_by(Training.fiscal_year)
    ):
        summary.survey_responses[str(year)] = count

"""A municipality's page read in plain SQL gives what the former ORM computation gave.

The ORM computation (contacts, actions and the assessment through ORM objects, visits and
requests as column queries) is kept here as the oracle, with one change made on purpose:
the page's trainings are the programme year's, as its survey line is. Compared for every
town of the demo over three years (one without data), with the edge cases the page knows:
deleted and cancelled visits, a deleted request section, deleted and primary contacts,
actions in progress and done, a deleted answer, answers stored as numbers, a training of
another year, a deleted town link and a deleted municipality.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dxfield.assessment.engine import load_results
from dxfield.demo import install_demo
from dxfield.errors import NotFoundError
from dxfield.models import (
    ActionItem,
    ActionStatus,
    Answer,
    Contact,
    Municipality,
    NoteKind,
    NoteSection,
    Training,
    TrainingMunicipality,
    Visit,
    VisitStatus,
)
from dxfield.overview import ActionSummary
from dxfield.services import dashboard
from dxfield.services.needs import list_needs
from dxfield.services.trainings import training_summaries
from dxfield.surveys.results import results_for_year

TODAY = date(2026, 7, 15)
YEARS = (2025, 2026, 2027)


def old_overview(session: Session, municipality_id: str, year: int):
    town = session.get(Municipality, municipality_id)
    if town is None or town.deleted:
        raise NotFoundError(municipality_id)
    contacts = session.scalars(
        select(Contact)
        .where(Contact.municipality_id == municipality_id, Contact.deleted.is_(False))
        .order_by(Contact.is_primary.desc(), Contact.name)
    )
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
    return dashboard.MunicipalityOverview(
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
            dashboard.ContactRow(
                c.id, c.name, c.kana, c.department, c.title, c.phone, c.email, c.is_primary, c.notes
            )
            for c in contacts
        ),
        visits=tuple(
            dashboard._visit_summaries(
                session, Visit.municipality_id == municipality_id, descending=True
            )
        ),
        open_actions=tuple(
            ActionSummary(
                id=a.id,
                municipality_id=a.municipality_id,
                municipality=a.municipality.name,
                visit_id=a.visit_id,
                title=a.title,
                owner_side=a.owner_side.label,
                owner_name=a.owner_name,
                due_on=a.due_on,
                status=a.status,
            )
            for a in actions
        ),
        needs=tuple(
            dashboard.NeedRow(vid, start.date(), phase, body) for vid, start, phase, body in needs
        ),
        assessment=load_results(session, municipality_id, year),
        trainings=tuple(
            reversed(training_summaries(session, municipality_id=municipality_id, year=year))
        ),
        survey=results_for_year(session, year, municipality_id=municipality_id),
        forms=dashboard._forms(session, municipality_id, year),
        registered=tuple(list_needs(session, year=year, municipality_id=municipality_id)),
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """One demo store for the module (the tests only read it), with the edge cases."""
    from dxfield.db import open_database
    from dxfield.masterdata import ensure_master_data, ensure_programme_year

    db = open_database(tmp_path_factory.mktemp("townpage") / "dxfield.sqlite3")
    with db.session() as s:
        ensure_master_data(s)
        install_demo(s, today=TODAY)
    with db.session() as s:
        visits = list(s.scalars(select(Visit).order_by(Visit.id).limit(60)))
        for visit in visits[:8]:
            visit.status = VisitStatus.CANCELLED
        for visit in visits[8:12]:
            visit.deleted = True
        request = s.scalar(
            select(NoteSection)
            .where(NoteSection.kind == NoteKind.REQUESTS, NoteSection.body != "")
            .order_by(NoteSection.id)
        )
        request.deleted = True
        contacts = list(s.scalars(select(Contact).order_by(Contact.id)))
        contacts[0].deleted = True
        contacts[1].is_primary = True
        actions = list(s.scalars(select(ActionItem).order_by(ActionItem.id).limit(9)))
        for item in actions[:4]:
            item.status = ActionStatus.IN_PROGRESS
        for item in actions[4:6]:
            item.status = ActionStatus.DONE
        actions[6].due_on = None
        s.scalar(select(Answer).order_by(Answer.id)).deleted = True
        ensure_programme_year(s, 2027)
        training = s.scalar(select(Training).order_by(Training.starts_at))
        training.fiscal_year, training.starts_at = 2027, datetime(2027, 6, 1, 13)
        training.ends_at = datetime(2027, 6, 1, 15)
        link = s.scalar(select(TrainingMunicipality).order_by(TrainingMunicipality.id))
        link.deleted = True
        s.scalar(select(Municipality).where(Municipality.code == "304271")).deleted = True
    yield db
    db.close()


def _towns(session):
    return list(session.scalars(select(Municipality.id).order_by(Municipality.code)))


def test_the_demo_gives_the_page_something_to_show(demo_db):
    with demo_db.read_session() as s:
        pages = [
            dashboard.municipality_overview(s, town, year)
            for town in _towns(s)
            if not s.get(Municipality, town).deleted
            for year in YEARS
        ]
    for part in ("contacts", "visits", "open_actions", "needs", "trainings"):
        assert any(getattr(p, part) for p in pages), part
    assert any(p.baseline for p in pages) and any(p.evaluation for p in pages)
    assert any(p.survey.responses for p in pages)
    assert any(c.is_primary for p in pages for c in p.contacts)
    assert any(v.members for p in pages for v in p.visits)
    assert any(a.due_on is None for p in pages for a in p.open_actions)
    with demo_db.engine.connect() as conn:  # SQLite gives these back as numbers, not JSON
        stored = {kind for (kind,) in conn.exec_driver_sql("SELECT typeof(value) FROM answer")}
    assert {"integer", "text"} <= stored


@pytest.mark.parametrize("year", YEARS)
def test_the_page_equals_the_orm_computation(demo_db, year):
    with demo_db.read_session() as s:
        for town in _towns(s):
            if s.get(Municipality, town).deleted:
                with pytest.raises(NotFoundError):
                    dashboard.municipality_overview(s, town, year)
                continue
            assert dashboard.municipality_overview(s, town, year) == old_overview(s, town, year)


def test_the_trainings_are_the_programme_years(demo_db):
    """The page's trainings tab lists the year its survey line names, newest first."""
    with demo_db.read_session() as s:
        for town in _towns(s):
            if s.get(Municipality, town).deleted:
                continue
            every_year = training_summaries(s, municipality_id=town)
            for year in YEARS:
                page = dashboard.municipality_overview(s, town, year)
                assert all(t.fiscal_year == year for t in page.trainings)
                assert [t.id for t in page.trainings] == [
                    t.id for t in reversed(every_year) if t.fiscal_year == year
                ]

"""``generate_large``: years of demo-like data for the start-up and search benchmarks.

Same generators as the demo (the same plans, notes and answers, so every record is as valid
as a demo record), written with bulk INSERTs instead of one ORM object at a time. The rows
are *untracked*: a store that has been in use for years has pushed its history long ago, so
its outbox is empty, and that is the state the benchmarks should start from. The search
index, when the store has one, is rebuilt once at the end.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from .. import fiscal
from ..assessment.definition import normalize_answer
from ..assessment.template import current_template, question_id, template_definition
from ..masterdata import ensure_master_data, ensure_programme_year, phase_windows
from ..models import (
    ActionItem,
    ActionStatus,
    Answer,
    AssessmentResponse,
    Municipality,
    NoteSection,
    OwnerSide,
    Phase,
    ResponseKind,
    ResponseSource,
    Visit,
    VisitMember,
    VisitStatus,
)
from ..models.base import stable_id
from ..services.visits import note_section_id
from ..tracking import untracked
from .corpus import NoteContext, compose, town_themes
from .install import attendees_text, ensure_contacts, ensure_team, member_id
from .people import TEAM_BY_KEY
from .responses import answers_for, trend_of
from .schedule import plan_year

_CHUNK = 2000


def _stamps(when: datetime) -> dict[str, Any]:
    return {"created_at": when, "updated_at": when, "version": 1, "deleted": False}


def generate_large(session: Session, *, years: int = 10, seed: int = 1) -> None:
    """``years`` complete programme years ending with last year, for all municipalities.

    Running it again with the same ``seed`` adds nothing.
    """
    last = fiscal.fiscal_year_of(date.today()) - 1
    first = last - years + 1
    tag = f"large:{seed}"
    ensure_master_data(session)
    towns = sorted(
        session.scalars(select(Municipality).where(Municipality.deleted.is_(False))),
        key=lambda t: t.code,
    )
    with untracked(session):
        ensure_team(session)
        contacts, _added = ensure_contacts(session, towns)
        template = current_template(session)
        defn = template_definition(template)
        version = template.template_version
        rows: dict[type, list[dict[str, Any]]] = {
            model: []
            for model in (Visit, VisitMember, NoteSection, ActionItem, AssessmentResponse, Answer)
        }
        for year in range(first, last + 1):
            # Every town has an assessment-sheet visit: if the first is there, the year is.
            marker = f"{towns[0].code}:{Phase.ASSESSMENT_SHEET.value}:0"
            if session.get(Visit, stable_id(tag, "visit", year, marker)) is not None:
                continue
            ensure_programme_year(session, year)
            windows = phase_windows(session, year)
            plans = plan_year(year, towns, windows, date(year + 1, 4, 1), seed=tag)
            said: dict[str, set[str]] = {}
            for plan in plans:
                _visit_rows(rows, tag, year, plan, contacts[plan.town.id], said)
            for town in towns:
                _response_rows(rows, tag, year, town, defn, version, contacts[town.id][0])
        for model, batch in rows.items():
            for start in range(0, len(batch), _CHUNK):
                session.execute(insert(model), batch[start : start + _CHUNK])
        _rebuild_search_index(session)


def _visit_rows(rows, tag, year, plan, contacts, said) -> None:
    visit_id = stable_id(tag, "visit", year, plan.key)
    created = plan.starts_at - timedelta(days=21)
    done = plan.status == VisitStatus.DONE
    rows[Visit].append(
        {
            "id": visit_id,
            "municipality_id": plan.town.id,
            "fiscal_year": year,
            "phase": plan.phase,
            "starts_at": plan.starts_at,
            "ends_at": plan.ends_at,
            "method": plan.method,
            "location": plan.location,
            "agenda": plan.agenda,
            "participants": "、".join(f"{c.title} {c.name}" for c in contacts),
            "status": plan.status,
            **_stamps(created),
        }
    )
    for key in plan.members:
        rows[VisitMember].append(
            {
                "id": stable_id("visit_member", visit_id, member_id(key)),
                "visit_id": visit_id,
                "member_id": member_id(key),
                "remote": key in plan.remote,
                **_stamps(created),
            }
        )
    if not done:
        return
    rng = random.Random(f"{tag}:notes:{visit_id}")
    ctx = NoteContext(
        town=plan.town,
        phase=plan.phase,
        themes=town_themes(plan.town, year),
        domain=plan.domain,
        attendees=attendees_text(plan.town, contacts, plan.members),
        primary_contact=contacts[0].name,
        department=contacts[0].department,
    )
    draft = compose(
        rng, ctx, trend=trend_of(plan.town, year), used=said.setdefault(plan.town.id, set())
    )
    written = plan.ends_at + timedelta(hours=2)
    for kind, (body, internal) in draft.sections.items():
        rows[NoteSection].append(
            {
                "id": note_section_id(visit_id, kind),
                "visit_id": visit_id,
                "kind": kind,
                "body": body,
                "internal": internal,
                **_stamps(written),
            }
        )
    owners = {
        OwnerSide.MUNICIPALITY: contacts[0].name,
        OwnerSide.ADVISORS: TEAM_BY_KEY[plan.members[0]].name,
        OwnerSide.PREFECTURE: TEAM_BY_KEY["pref1"].name,
    }
    for n, (title, side, days) in enumerate(draft.actions):
        due = plan.starts_at.date() + timedelta(days=days)
        status = rng.choices(
            (ActionStatus.DONE, ActionStatus.DROPPED, ActionStatus.IN_PROGRESS), (17, 2, 1)
        )[0]
        rows[ActionItem].append(
            {
                "id": stable_id(tag, "action_item", visit_id, n),
                "municipality_id": plan.town.id,
                "visit_id": visit_id,
                "title": title,
                "owner_side": side,
                "owner_name": owners[side],
                "due_on": due,
                "status": status,
                "completed_on": due - timedelta(days=rng.randint(0, 10))
                if status == ActionStatus.DONE
                else None,
                "position": n,
                **_stamps(written),
            }
        )


def _response_rows(rows, tag, year, town, defn, version, contact) -> None:
    for kind, answered in (
        (ResponseKind.BASELINE, date(year, 4, 25)),
        (ResponseKind.EVALUATION, date(year + 1, 1, 20)),
    ):
        response_id = stable_id(tag, "response", year, town.code, kind.value)
        stamp = datetime.combine(answered, datetime.min.time()) + timedelta(hours=10)
        rows[AssessmentResponse].append(
            {
                "id": response_id,
                "municipality_id": town.id,
                "fiscal_year": year,
                "template_id": stable_id("assessment_template", version),
                "kind": kind,
                "answered_on": answered,
                "respondent": f"{contact.department} {contact.name}",
                "source": ResponseSource.WEB_FORM,
                "source_ref": "",
                **_stamps(stamp),
            }
        )
        for code, raw in answers_for(defn, town, year, kind).items():
            # The bulk path skips set_answers: check each value the way it would.
            value = normalize_answer(defn.question(code), raw)
            qid = _question_id(version, code)
            rows[Answer].append(
                {
                    "id": stable_id("answer", response_id, qid),
                    "response_id": response_id,
                    "question_id": qid,
                    "value": value,
                    **_stamps(stamp),
                }
            )


@cache
def _question_id(version: str, code: str) -> str:
    return question_id(version, code)


def _rebuild_search_index(session: Session) -> None:
    from ..search.index import index_state, rebuild

    raw = session.connection().connection.driver_connection
    if index_state(raw) is not None:
        rebuild(raw)

"""Test data builders: one place, small defaults, override what a test cares about."""

from __future__ import annotations

from datetime import datetime

from dxfield.masterdata import municipality_id
from dxfield.models import Phase, Role, TeamMember, VisitMethod
from dxfield.services.visits import VisitInput, create_visit

WAKAYAMA = "302015"
KITAYAMA = "304271"


def visit_wire(**overrides) -> dict:
    """A visit's fields as they travel in a push or a pull (no stamps)."""
    return {
        "municipality_id": municipality_id(KITAYAMA),
        "fiscal_year": 2025,
        "phase": "intake",
        "starts_at": "2025-05-12T10:00:00",
        "ends_at": "2025-05-12T11:30:00",
        "method": "visit",
        "location": "北山村役場",
        "agenda": "初回面談",
        "participants": "",
        "status": "planned",
        "deleted": False,
        **overrides,
    }


def team_member(session, name="山田 太郎", role=Role.LEAD, **kw) -> TeamMember:
    member = TeamMember(name=name, role=role, **kw)
    session.add(member)
    session.flush()
    return member


def visit_input(**overrides) -> VisitInput:
    values = {
        "municipality_id": municipality_id(WAKAYAMA),
        "phase": Phase.OVERALL,
        "starts_at": datetime(2025, 6, 10, 10, 0),
        "ends_at": datetime(2025, 6, 10, 12, 0),
        "method": VisitMethod.VISIT,
        "location": "和歌山市役所 本庁舎 5階会議室",
        "agenda": "全体相談：アセスメント結果の確認",
    }
    values.update(overrides)
    return VisitInput(**values)


def visit(session, **overrides):
    created, _warnings = create_visit(session, visit_input(**overrides))
    return created


def training_input(municipalities=(WAKAYAMA,), **overrides):
    from dxfield.models import TrainingKind, TrainingMethod
    from dxfield.services.trainings import Attendance, TrainingInput

    values = {
        "kind": TrainingKind.INTRO,
        "title": "DX入門研修「自治体DXマインド」",
        "starts_at": datetime(2025, 6, 10, 13, 30),
        "ends_at": datetime(2025, 6, 10, 15, 0),
        "method": TrainingMethod.ONSITE,
        "place": "和歌山市役所 本庁舎 5階会議室",
        "lecturers": "菅原 直敏（代表DX総括アドバイザー）\n",
        "content": "DXとは何か\nなぜ今DXなのか\n",
        # Codes get 2 leaders and 20 staff each; ``Attendance`` rows are taken as they are.
        "municipalities": [
            row
            if isinstance(row, Attendance)
            else Attendance(municipality_id(row), leaders=2, staff=20)
            for row in municipalities
        ],
    }
    values.update(overrides)
    return TrainingInput(**values)


def training(session, municipalities=(WAKAYAMA,), **overrides):
    """A training made the way the app makes one (the service), with its municipalities."""
    from dxfield.services.trainings import create_training

    created = create_training(session, training_input(municipalities, **overrides))
    return created


def survey_response(session, training_id, answers, municipality=WAKAYAMA, ref="row-1"):
    """One imported survey response: ``answers`` maps item code to a value."""
    from dxfield.models import SurveyAnswer, SurveyResponse, Training
    from dxfield.models.base import stable_id
    from dxfield.surveys.template import survey_definition, survey_item_id, survey_template_for

    template = survey_template_for(session, session.get(Training, training_id))
    defn = survey_definition(template)
    response = SurveyResponse(
        id=stable_id("survey_response", training_id, ref),
        training_id=training_id,
        template_id=template.id,
        municipality_id=municipality_id(municipality) if municipality else None,
        source_ref=ref,
    )
    session.add(response)
    session.flush()
    for code, value in answers.items():
        item_id = survey_item_id(defn.template_version, code)
        session.add(
            SurveyAnswer(
                id=stable_id("survey_answer", response.id, item_id),
                response_id=response.id,
                item_id=item_id,
                value=defn.item(code).normalize(value),
            )
        )
    session.flush()
    return response


def need(session, text="窓口のオンライン化を進めたいが、何から始めればよいか分からない", **kw):
    from dxfield.masterdata import ensure_programme_year
    from dxfield.models import Need

    values = {"fiscal_year": 2025, "municipality_id": municipality_id(KITAYAMA), "domain": "bpr"}
    values.update(kw)
    ensure_programme_year(session, values["fiscal_year"])
    created = Need(text=text, **values)
    session.add(created)
    session.flush()
    return created


def ensure_year(session, year):
    from dxfield.masterdata import ensure_programme_year

    return ensure_programme_year(session, year)

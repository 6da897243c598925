"""Filling the web forms from tests: a full, valid set of answers and the page's CSRF token."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from dxfield.models.base import utcnow
from sync.server.forms import invites
from sync.server.forms.spec import assessment_spec
from sync.server.models import FormInvite

TOWN = "白浜町"
# A moment as the pages show it: 「令和9年2月4日（木）14時48分」 (「…17時」), no zero padding.
WAREKI_MOMENT = r"令和\d+年[1-9]\d?月[1-9]\d?日（[月火水木金土日]）\d{1,2}時(?:[1-9]\d?分)?"


def make_link(db, kind: str = "baseline", town: str = TOWN, year: int = 2026, **kw) -> str:
    with db.session() as session:
        _invite, token = invites.create(
            session, kind=kind, municipality=town, fiscal_year=year, **kw
        )
    return token


def expire(db, token: str) -> None:
    with db.session() as session:
        session.execute(
            update(FormInvite)
            .where(FormInvite.token_hash == invites.token_hash(token))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def valid_fields() -> dict[str, str | list[str]]:
    """An answer to every question: the second choice, はい, a number within range."""
    fields: dict[str, str | list[str]] = {}
    for q in assessment_spec().questions:
        match q.answer_type.value:
            case "single_choice":
                fields[f"q.{q.code}"] = q.choices[1].value
            case "multi_choice":
                fields[f"q.{q.code}"] = [c.value for c in q.choices if not c.exclusive][:2]
            case "yes_no":
                fields[f"q.{q.code}"] = "yes"
            case "number":
                fields[f"q.{q.code}"] = f"{(q.min_value or 0) + 1:g}"
            case "free_text":
                fields[f"q.{q.code}"] = "庁内の理解を広げたい"
    return fields


def number_question():
    return next(q for q in assessment_spec().questions if q.answer_type.value == "number")


TRAINING = "7a1e0000-0000-4000-8000-00000000a001"


def add_training(db, training_id: str = TRAINING) -> str:
    """A training on the server, as a laptop's push would have put it there."""
    from sync.server.store import write_changes

    fields = {
        "fiscal_year": 2026,
        "kind": "intro",
        "title": "DX入門研修（紀南会場）",
        "starts_at": "2026-06-10T13:30:00",
        "ends_at": "2026-06-10T16:30:00",
        "method": "onsite",
        "status": "done",
        "deleted": False,
    }
    change = {"t": "training", "id": training_id, "bv": 0, "f": fields, "b": {}}
    with db.session() as session:
        write_changes(session, None, "laptop-test", [change])
    return training_id


def survey_link(db, training_id: str = TRAINING) -> str:
    with db.session() as session:
        _invite, token = invites.create(session, kind="survey", training_id=training_id)
    return token


def survey_fields() -> dict[str, str]:
    from sync.server.forms.spec import survey_for

    spec = survey_for({"kind": "intro"})
    return {f"q.{i.code}": i.choices[0].value for i in spec.items if i.choices}

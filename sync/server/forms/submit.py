"""A sent form becomes the team's records, exactly as if a laptop had pushed them.

The records are the ones the importers and the laptop services write: an
``assessment_response`` with one ``answer`` per answered question (ids as the services make
them, a cleared answer as a tombstone), or a ``survey_response`` with its ``survey_answer``
rows. They go through ``store.write_changes``: the push's checks and merge, the next
sequence numbers under the push's lock, so every laptop receives them on its next pull.
Only a draft without a single problem gets here (``pages`` judges it first).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from dxfield.assessment.template import question_id, template_id
from dxfield.models.base import new_id, stable_id, utcnow
from dxfield.surveys.template import survey_item_id, survey_template_id

from ..models import FormInvite, FormSubmission
from ..store import current_records, get_record, write_changes
from .spec import FormSpec

CLIENT_ID = "web-form"
# Japan Standard Time: the answer date is the municipality's date, not UTC's.
JST = timedelta(hours=9)


class FormRefused(Exception):
    """The form cannot be sent as it is; the message is for the person at the browser."""


def _stamp() -> str:
    return utcnow().isoformat(timespec="seconds")


def _upsert(session: Session, table: str, row_id: str, fields: dict[str, Any]) -> dict | None:
    """A change setting ``fields`` on the record (None when it already holds them)."""
    now = _stamp()
    found = get_record(session, table, row_id)
    if found is None:
        return {"t": table, "id": row_id, "bv": 0, "f": fields, "b": {}, "c": now, "u": now}
    version, data = found
    changed = {k: v for k, v in fields.items() if data.get(k) != v}
    if not changed:
        return None
    before = {k: data.get(k) for k in changed}
    return {"t": table, "id": row_id, "bv": version, "f": changed, "b": before, "u": now}


def _tombstone(session: Session, table: str, row_id: str) -> dict | None:
    found = get_record(session, table, row_id)
    if found is None or found[1].get("deleted"):
        return None
    return _upsert(session, table, row_id, {"deleted": True})


def _assessment_response_id(session: Session, invite: FormInvite) -> str:
    """The response this link writes: its own from an earlier send, else a new one; refused
    when the municipality already has one for the year and kind from elsewhere."""
    if invite.response_id:
        found = get_record(session, "assessment_response", invite.response_id)
        if found is not None and not found[1].get("deleted"):
            return invite.response_id
    for _version, data in current_records(session, "assessment_response").values():
        if (
            not data.get("deleted")
            and data.get("municipality_id") == invite.municipality_id
            and data.get("fiscal_year") == invite.fiscal_year
            and data.get("kind") == invite.kind
        ):
            raise FormRefused(
                "この年度のアセスメントシートは、すでにアドバイザーが登録しています。"
                "お手数ですが、担当アドバイザーにご連絡ください。"
            )
    return new_id()


def assessment_changes(
    session: Session,
    invite: FormInvite,
    spec: FormSpec,
    answers: dict[str, Any],
    respondent: str,
) -> tuple[str, list[dict]]:
    rid = _assessment_response_id(session, invite)
    version = spec.template_version
    changes = [
        _upsert(
            session,
            "assessment_response",
            rid,
            {
                "municipality_id": invite.municipality_id,
                "fiscal_year": invite.fiscal_year,
                "template_id": template_id(version),
                "kind": invite.kind,
                "answered_on": (utcnow() + JST).date().isoformat(),
                "respondent": respondent[:200],
                "source": "web_form",
                "source_ref": f"Webフォーム {invite.ref}",
                "deleted": False,
            },
        )
    ]
    for q in spec.questions:
        qid = question_id(version, q.code)
        aid = stable_id("answer", rid, qid)
        if q.code in answers:
            fields = {"response_id": rid, "question_id": qid, "value": answers[q.code]}
            changes.append(_upsert(session, "answer", aid, {**fields, "deleted": False}))
        else:
            changes.append(_tombstone(session, "answer", aid))
    return rid, [c for c in changes if c is not None]


def survey_changes(
    session: Session, invite: FormInvite, spec: FormSpec, answers: dict[str, Any], extras: dict
) -> tuple[str, list[dict]]:
    """Every send of a survey link is one more participant: a new response each time."""
    source_ref = f"web:{invite.ref}:{new_id()}"
    rid = stable_id("survey_response", invite.training_id, source_ref)
    version = spec.template_version
    changes = [
        _upsert(
            session,
            "survey_response",
            rid,
            {
                "training_id": invite.training_id,
                "template_id": survey_template_id(version),
                "municipality_id": extras.get("municipality") or None,
                "respondent_group": extras.get("respondent_group") or None,
                "submitted_at": _stamp(),
                "source": "web_form",
                "source_ref": source_ref,
                "deleted": False,
            },
        )
    ]
    for code, value in answers.items():
        item_id = survey_item_id(version, code)
        aid = stable_id("survey_answer", rid, item_id)
        fields = {"response_id": rid, "item_id": item_id, "value": value, "deleted": False}
        changes.append(_upsert(session, "survey_answer", aid, fields))
    return rid, [c for c in changes if c is not None]


def send(
    session: Session,
    invite: FormInvite,
    spec: FormSpec,
    answers: dict[str, Any],
    draft: dict[str, Any],
) -> FormSubmission:
    """Write the records and keep the send in the link's history (one transaction)."""
    if invite.kind == "survey":
        rid, changes = survey_changes(session, invite, spec, answers, draft)
    else:
        rid, changes = assessment_changes(
            session, invite, spec, answers, str(draft.get("respondent", ""))
        )
    # Written by no account: the history names the action ("form") and the client.
    write_changes(session, None, CLIENT_ID, changes)
    now = utcnow()
    submission = FormSubmission(
        invite_id=invite.id,
        at=now,
        response_id=rid,
        answers=json.dumps(answers, ensure_ascii=False),
        respondent=str(draft.get("respondent", ""))[:200],
    )
    session.add(submission)
    invite.submissions += 1
    invite.submitted_at = now
    if invite.kind == "survey":
        # The next participant starts from an empty form.
        invite.draft = None
    else:
        invite.response_id = rid
    session.flush()
    return submission

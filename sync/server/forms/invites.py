"""Invitation links: made, listed and revoked by advisors; looked up by the form pages.

A link carries a long random token (256 bits, URL-safe). Only its SHA-256 is stored, as
with login tokens, so a copy of the database opens no form. A link shows one form only:
its municipality's sheet for its year and kind, or its training's survey.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dxfield.fiscal import fiscal_year_label
from dxfield.masterdata import municipality_id, municipality_rows
from dxfield.messages import msg
from dxfield.models.base import utcnow

from ..accounts import token_hash
from ..errors import ApiError
from ..models import FormInvite
from ..store import get_record

ASSESSMENT_KINDS = ("baseline", "evaluation")
KINDS = (*ASSESSMENT_KINDS, "survey")
KIND_LABELS = {"baseline": "当初（ベースライン）", "evaluation": "評価", "survey": "研修アンケート"}
DEFAULT_DAYS = 60
MAX_DAYS = 400
FORM_PATH = "/f/"
# What secrets.token_urlsafe makes: anything else is not a link of ours (and is not hashed).
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


@dataclass(frozen=True)
class Town:
    id: str
    code: str
    name: str


def find_town(text: str) -> Town:
    """A municipality by its id, its 団体コード or its name."""
    wanted = text.strip()
    for row in municipality_rows():
        code, name = str(row["code"]), str(row["name"])
        mid = municipality_id(code)
        if wanted in (mid, code, code[:5], name):
            return Town(mid, code, name)
    raise ApiError(404, "not_found", msg("server.no_such_town", wanted=wanted))


def town_by_id(mid: str | None) -> Town | None:
    for row in municipality_rows():
        code = str(row["code"])
        if municipality_id(code) == mid:
            return Town(mid, code, str(row["name"]))
    return None


def training_record(session: Session, training_id: str | None) -> dict[str, Any] | None:
    """The training as the laptops last pushed it (None: unknown or deleted)."""
    if not training_id:
        return None
    found = get_record(session, "training", training_id)
    if found is None or found[1].get("deleted"):
        return None
    return found[1]


def create(
    session: Session,
    *,
    kind: str,
    municipality: str | None = None,
    fiscal_year: int | None = None,
    training_id: str | None = None,
    days: int = DEFAULT_DAYS,
    created_by: int | None = None,
) -> tuple[FormInvite, str]:
    """A new link; returns the invite and its token (shown once, never stored)."""
    if kind not in KINDS:
        raise ApiError(422, "bad_request", msg("server.invite_kind", kinds=", ".join(KINDS)))
    if not 1 <= days <= MAX_DAYS:
        raise ApiError(422, "bad_request", msg("server.invite_days", limit=MAX_DAYS))
    invite = FormInvite(kind=kind, created_by=created_by)
    if kind == "survey":
        if training_record(session, training_id) is None:
            raise ApiError(
                404, "not_found", msg("server.no_such_training", training_id=training_id)
            )
        invite.training_id = training_id
    else:
        if municipality is None or fiscal_year is None:
            raise ApiError(422, "bad_request", msg("server.invite_needs_town"))
        if not 2000 <= fiscal_year <= 2100:
            raise ApiError(422, "bad_request", msg("server.implausible_year", year=fiscal_year))
        invite.municipality_id = find_town(municipality).id
        invite.fiscal_year = fiscal_year
    token = secrets.token_urlsafe(32)
    invite.token_hash = token_hash(token)
    invite.ref = secrets.token_hex(4)
    now = utcnow()
    invite.created_at = now
    invite.expires_at = now + timedelta(days=days)
    session.add(invite)
    session.flush()
    return invite, token


def by_ref(session: Session, ref: str) -> FormInvite:
    invite = session.scalar(select(FormInvite).where(FormInvite.ref == ref))
    if invite is None:
        raise ApiError(404, "not_found", msg("server.no_such_invite", ref=ref))
    return invite


def revoke(session: Session, ref: str) -> FormInvite:
    invite = by_ref(session, ref)
    if invite.revoked_at is None:
        invite.revoked_at = utcnow()
    return invite


def by_token(session: Session, token: str) -> FormInvite | None:
    if not _TOKEN.fullmatch(token):
        return None
    return session.scalar(select(FormInvite).where(FormInvite.token_hash == token_hash(token)))


def is_open(invite: FormInvite, now: datetime | None = None) -> bool:
    return invite.revoked_at is None and (now or utcnow()) < invite.expires_at


def state(invite: FormInvite) -> str:
    """unanswered / draft (typed, not sent) / answered (sent at least once)."""
    if invite.submitted_at is not None:
        return "answered"
    return "draft" if invite.draft_updated_at is not None else "unanswered"


STATE_LABELS = {"unanswered": "未回答", "draft": "回答中", "answered": "回答済"}


def describe(session: Session, invite: FormInvite) -> dict[str, Any]:
    """The link as the invite API lists it (never its token)."""
    town = town_by_id(invite.municipality_id)
    training = training_record(session, invite.training_id)
    return {
        "ref": invite.ref,
        "kind": invite.kind,
        "municipality_id": invite.municipality_id,
        "municipality": town.name if town else None,
        "fiscal_year": invite.fiscal_year,
        "training_id": invite.training_id,
        "training": (training or {}).get("title"),
        "created_at": invite.created_at,
        "expires_at": invite.expires_at,
        "revoked": invite.revoked_at is not None,
        "state": state(invite),
        "draft_updated_at": invite.draft_updated_at,
        "submitted_at": invite.submitted_at,
        "submissions": invite.submissions,
    }


def sheet_title(info: dict[str, Any]) -> str:
    return "研修アンケート" if info["kind"] == "survey" else "アセスメントシート"


def sheet_heading(info: dict[str, Any]) -> str:
    """Who the link is for, in words: 「白浜町 令和8年度（2026年度） 当初（ベースライン）」."""
    if info["kind"] == "survey":
        return f"{info.get('training') or info['training_id']} {KIND_LABELS['survey']}"
    year = fiscal_year_label(info["fiscal_year"])
    return f"{info['municipality']} {year} {KIND_LABELS[info['kind']]}"


def listing(session: Session, *, include_closed: bool = False) -> list[dict[str, Any]]:
    invites = session.scalars(select(FormInvite).order_by(FormInvite.id)).all()
    now = utcnow()
    return [describe(session, i) for i in invites if include_closed or is_open(i, now)]


def load_draft(invite: FormInvite) -> dict[str, Any]:
    if not invite.draft:
        return {}
    try:
        data = json.loads(invite.draft)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}

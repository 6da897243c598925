"""The form pages: HTML rendered on the server, plain POST forms, no account needed.

The link's token is the only key, so every page first finds its link and refuses politely
(a page, 404 or 410) when it is unknown, expired or revoked. Every POST carries a CSRF
token that must match a cookie only this site can set (double submit, SameSite=Strict),
is counted against limits per address and per link, and loses nothing that was typed:
what cannot be saved or sent is shown again as it was, with the reason next to it.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from dxfield.fiscal import fiscal_year_label, wareki_datetime, wareki_with_weekday
from dxfield.models.base import utcnow

from .. import throttle
from ..deps import get_client_address
from ..errors import ApiError
from ..models import FormInvite
from . import invites, render, submit
from .spec import FormSpec, answer_label, assessment_spec, draft_from_fields, judge, survey_for
from .spec import survey_spec as make_survey_spec

router = APIRouter(prefix="/f", include_in_schema=False)

CSRF_COOKIE = "dxf_csrf"
JST = timedelta(hours=9)


@dataclass
class Link:
    """An open link with what its pages show."""

    invite: FormInvite
    spec: FormSpec
    heading: str  # municipality and year, or the training
    subheading: str


def jst(moment: datetime | None) -> str:
    """A stored UTC moment as officials in Japan read it: 「令和9年2月4日（木）14時48分」."""
    return "" if moment is None else wareki_datetime(moment + JST)


def _held_on(starts_at: object) -> str:
    """「令和8年6月10日（水）実施」 from the training's start as the laptops pushed it
    (local time, ISO text); text that is not a date is left out rather than shown raw."""
    try:
        day = datetime.fromisoformat(str(starts_at or ""))
    except ValueError:
        return ""
    return f"{wareki_with_weekday(day)} 実施"


def _describe(session, invite: FormInvite) -> Link:
    if invite.kind == "survey":
        training = invites.training_record(session, invite.training_id) or {}
        spec = make_survey_spec(survey_for(training))
        return Link(
            invite, spec, str(training.get("title", "研修")), _held_on(training.get("starts_at"))
        )
    town = invites.town_by_id(invite.municipality_id)
    label = invites.KIND_LABELS[invite.kind]
    return Link(
        invite,
        assessment_spec(),
        town.name if town else "",
        f"{fiscal_year_label(invite.fiscal_year)} ・ {label}",
    )


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    response = HTMLResponse(render.page(name, **context), status_code=status)
    return render.secure(response)


def _closed(invite: FormInvite | None) -> HTMLResponse:
    if invite is None:
        return _page("closed.html", 404, reason="unknown")
    reason = "revoked" if invite.revoked_at is not None else "expired"
    return _page("closed.html", 410, reason=reason)


def _find(request: Request, token: str, *, write: bool):
    """(link, None) for an open link, else (None, the polite page)."""
    db = request.app.state.db

    def work():
        with db.read_session() as session:
            invite = invites.by_token(session, token)
            if invite is None or not invites.is_open(invite):
                return None, _closed(invite)
            link = _describe(session, invite)
            # The read session ends in a rollback, which would expire the loaded row.
            session.expunge(invite)
            return link, None

    return work()


def _csrf(request: Request) -> str:
    value = request.cookies.get(CSRF_COOKIE, "")
    return value if 20 <= len(value) <= 100 else secrets.token_urlsafe(24)


def _with_csrf(response: Response, request: Request, value: str) -> Response:
    if request.cookies.get(CSRF_COOKIE) != value:
        response.set_cookie(
            CSRF_COOKIE,
            value,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/f/",
        )
    return response


def _form_context(link: Link, token: str, draft: dict, problems: dict, **extra) -> dict:
    invite = link.invite
    return {
        "link": link,
        "spec": link.spec,
        "token": token,
        "draft": draft,
        "answers": draft.get("answers") or {},
        "problems": problems,
        "expires": jst(invite.expires_at),
        "submitted": jst(invite.submitted_at) if invite.kind != "survey" else "",
        "saved": jst(invite.draft_updated_at) if invite.kind != "survey" else "",
        **extra,
    }


@router.get("/{token}")
async def form(request: Request, token: str) -> Response:
    link, refused = await run_in_threadpool(_find, request, token, write=False)
    if refused is not None:
        return refused
    draft = invites.load_draft(link.invite) if link.invite.kind != "survey" else {}
    csrf = _csrf(request)
    context = _form_context(link, token, draft, {}, csrf=csrf)
    return _with_csrf(_page("form.html", **context), request, csrf)


async def _fields(request: Request) -> dict[str, list[str]] | None:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return None
    body = await request.body()
    try:
        return parse_qs(
            body.decode("utf-8"), keep_blank_values=True, max_num_fields=2000, strict_parsing=False
        )
    except (UnicodeDecodeError, ValueError):
        return None


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        # Old browsers send none; "null" comes from privacy settings. The cookie decides.
        return True
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


async def _posted(request: Request, token: str):
    """(link, fields, None) for an acceptable POST, else (…, the page to answer with)."""
    link, refused = await run_in_threadpool(_find, request, token, write=True)
    if refused is not None:
        return None, None, refused
    fields = await _fields(request)
    if fields is None:
        return link, None, _page("problem.html", 400, reason="format")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = (fields.get("csrf") or [""])[0]
    if not cookie or not secrets.compare_digest(cookie, sent) or not _same_origin(request):
        # Shown again with what was typed, so that a second press goes through.
        return link, fields, "csrf"
    address = get_client_address(request)
    settings = request.app.state.settings
    db = request.app.state.db

    def count() -> bool:
        with db.session() as session:
            return throttle.count_form_write(session, address, link.invite.token_hash, settings)

    if not await run_in_threadpool(count):
        return link, fields, _page("problem.html", 429, reason="busy")
    return link, fields, None


def _save_draft(request: Request, invite_id: int, draft: dict) -> FormInvite:
    db = request.app.state.db
    with db.session() as session:
        invite = session.get(FormInvite, invite_id)
        invite.draft = json.dumps(draft, ensure_ascii=False)
        invite.draft_updated_at = utcnow()
        return invite


def _rerender(request, link: Link, token: str, draft: dict, problems: dict, **extra) -> Response:
    csrf = _csrf(request)
    status = 422 if problems or extra.get("message") else 200
    context = _form_context(link, token, draft, problems, csrf=csrf, **extra)
    return _with_csrf(_page("form.html", status, **context), request, csrf)


@router.post("/{token}")
async def post_form(request: Request, token: str) -> Response:
    link, fields, refused = await _posted(request, token)
    if refused == "csrf":
        draft = draft_from_fields(link.spec, fields)
        message = (
            "ページの有効期限が切れていました。内容はそのままです。もう一度ボタンを押してください。"
        )
        return _rerender(request, link, token, draft, {}, message=message)
    if refused is not None:
        return refused
    spec = link.spec
    draft = draft_from_fields(spec, fields)
    action = (fields.get("action") or ["save"])[0]
    if spec.kind == "survey":
        return await _send(request, link, token, draft)
    complete = action == "review"
    _answers, problems = judge(spec, draft, complete=complete)
    invite = await run_in_threadpool(_save_draft, request, link.invite.id, draft)
    link.invite = invite
    if problems:
        return _rerender(request, link, token, draft, problems)
    if complete:
        return RedirectResponse(f"/f/{token}/confirm", status_code=303)
    return _rerender(
        request,
        link,
        token,
        draft,
        {},
        notice=f"下書きを保存しました（{jst(invite.draft_updated_at)}）。",
    )


@router.post("/{token}/draft")
async def autosave(request: Request, token: str) -> Response:
    """The script's autosave: the same fields as the form, answered with a small JSON."""
    link, fields, refused = await _posted(request, token)
    if refused == "csrf":
        return render.secure(Response('{"saved":false}', 403, media_type="application/json"))
    if refused is not None:
        return render.secure(
            Response('{"saved":false}', refused.status_code, media_type="application/json")
        )
    if link.spec.kind == "survey":
        return render.secure(Response('{"saved":false}', 404, media_type="application/json"))
    draft = draft_from_fields(link.spec, fields)
    _answers, problems = judge(link.spec, draft, complete=False)
    invite = await run_in_threadpool(_save_draft, request, link.invite.id, draft)
    body = {"saved": True, "at": jst(invite.draft_updated_at), "problems": problems}
    return render.secure(
        Response(json.dumps(body, ensure_ascii=False), media_type="application/json")
    )


def _summary(spec: FormSpec, answers: dict) -> list[tuple[str, list[tuple[Any, str]]]]:
    out = []
    for section in spec.sections:
        rows = []
        for _sub, questions in section.groups:
            for q in questions:
                value = answers.get(q.code)
                rows.append((q, "（未回答）" if value is None else answer_label(q, value)))
        out.append((section.heading, rows))
    return out


@router.get("/{token}/confirm")
async def confirm(request: Request, token: str) -> Response:
    link, refused = await run_in_threadpool(_find, request, token, write=False)
    if refused is not None:
        return refused
    if link.spec.kind == "survey":
        return RedirectResponse(f"/f/{token}", status_code=303)
    draft = invites.load_draft(link.invite)
    answers, problems = judge(link.spec, draft, complete=True)
    if problems:
        return _rerender(request, link, token, draft, problems)
    csrf = _csrf(request)
    page = _page(
        "confirm.html",
        link=link,
        token=token,
        csrf=csrf,
        summary=_summary(link.spec, answers),
        respondent=draft.get("respondent", ""),
        resend=link.invite.submitted_at is not None,
    )
    return _with_csrf(page, request, csrf)


BUSY_TEXT = (
    "ただいま同じ記録を更新中のため、送信できませんでした。内容はそのままです。"
    "少し待ってから、もう一度送信してください。"
)


async def _send(request: Request, link: Link, token: str, draft: dict) -> Response:
    answers, problems = judge(link.spec, draft, complete=True)
    if problems:
        return _rerender(request, link, token, draft, problems)
    db = request.app.state.db

    def work():
        with db.session() as session:
            invite = session.get(FormInvite, link.invite.id)
            if not invites.is_open(invite):
                return None
            return submit.send(session, invite, link.spec, answers, draft)

    try:
        submission = await run_in_threadpool(work)
    except submit.FormRefused as exc:
        return _rerender(request, link, token, draft, {}, message=str(exc))
    except ApiError as exc:
        if exc.kind != "busy":
            raise
        # A laptop's big push is writing the same record right now (``holds``): seconds.
        return _rerender(request, link, token, draft, {}, message=BUSY_TEXT)
    if submission is None:
        return _closed(link.invite)
    return RedirectResponse(f"/f/{token}/done?n={submission.id}", status_code=303)


@router.post("/{token}/send")
async def send(request: Request, token: str) -> Response:
    link, _fields, refused = await _posted(request, token)
    if refused == "csrf":
        return RedirectResponse(f"/f/{token}/confirm", status_code=303)
    if refused is not None:
        return refused
    return await _send(request, link, token, invites.load_draft(link.invite))


def _submission(request: Request, invite_id: int, number: str):
    from ..models import FormSubmission

    if not number.isdigit():
        return None
    with request.app.state.db.read_session() as session:
        found = session.get(FormSubmission, int(number))
        if found is None or found.invite_id != invite_id:
            return None
        session.expunge(found)
        return found


async def _sent(request: Request, token: str, number: str):
    """(link, the send numbered ``number`` of this link, None) or (…, the page instead)."""
    link, refused = await run_in_threadpool(_find, request, token, write=False)
    if refused is not None:
        return None, None, refused
    submission = await run_in_threadpool(_submission, request, link.invite.id, number[:20])
    if submission is None:
        return link, None, RedirectResponse(f"/f/{token}", status_code=303)
    return link, submission, None


@router.get("/{token}/done")
async def done(request: Request, token: str, n: str = "") -> Response:
    link, submission, refused = await _sent(request, token, n)
    if refused is not None:
        return refused
    answers = json.loads(submission.answers)
    return _page(
        "done.html",
        link=link,
        token=token,
        number=f"{link.invite.ref}-{submission.id}",
        n=submission.id,
        at=jst(submission.at),
        expires=jst(link.invite.expires_at),
        summary=_summary(link.spec, answers),
    )


@router.get("/{token}/receipt.pdf")
async def receipt(request: Request, token: str, n: str = "") -> Response:
    from .receipt import receipt_pdf

    link, submission, refused = await _sent(request, token, n)
    if refused is not None:
        return refused
    answers = json.loads(submission.answers)
    pdf = await run_in_threadpool(
        receipt_pdf,
        title=link.spec.title,
        heading=link.heading,
        subheading=link.subheading,
        number=f"{link.invite.ref}-{submission.id}",
        at=jst(submission.at),
        respondent=submission.respondent,
        summary=_summary(link.spec, answers),
    )
    response = Response(pdf, media_type="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="receipt.pdf"'
    return render.secure(response)

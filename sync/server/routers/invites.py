"""Form links for advisors: make one, list them with their answer state, revoke one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from ..db import ServerDB
from ..deps import DbDep, Reader, Writer, read_body
from ..forms import invites
from ..openapi import errors, json_body
from ..schemas import (
    AssessmentInviteCreate,
    InviteBatchCreate,
    InviteBatchCreated,
    InviteCreate,
    InviteCreated,
    InviteList,
    InviteOut,
    SurveyInviteCreate,
)

router = APIRouter(prefix="/invites", tags=["forms"])


def form_url(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + invites.FORM_PATH + token


@router.post(
    "",
    response_model=InviteCreated,
    status_code=201,
    responses=errors(401, 403, 404, 422),
    openapi_extra=json_body(InviteCreate),
)
async def create_invite(request: Request, principal: Writer, db: DbDep) -> InviteCreated:
    """A new form link (advisors and admins). The link is in the answer only: the server
    keeps a hash of its token."""
    body = (await read_body(request, InviteCreate)).root
    [created] = await run_in_threadpool(_create_all, db, [body], principal.user_id)
    return _created(request, *created)


@router.post(
    "/batch",
    response_model=InviteBatchCreated,
    status_code=201,
    responses=errors(401, 403, 404, 422),
    openapi_extra=json_body(InviteBatchCreate),
)
async def create_invites(request: Request, principal: Writer, db: DbDep) -> InviteBatchCreated:
    """Several new form links in one request and one transaction (advisors and admins), as
    a day's handouts are printed together: all are made, or none (an unknown municipality or
    training: 404). The links are in the answer only, in the order asked for."""
    body = await read_body(request, InviteBatchCreate)
    wanted = [item.root for item in body.invites]
    made = await run_in_threadpool(_create_all, db, wanted, principal.user_id)
    return InviteBatchCreated(invites=[_created(request, *one) for one in made])


def _create_all(
    db: ServerDB, wanted: list[AssessmentInviteCreate | SurveyInviteCreate], user_id: int
) -> list[tuple[dict, str]]:
    """Make every link asked for in one transaction: (its description, its token) each."""
    made = []
    with db.session() as session:
        for body in wanted:
            invite, token = invites.create(
                session,
                kind=body.kind,
                municipality=getattr(body, "municipality", None),
                fiscal_year=getattr(body, "fiscal_year", None),
                training_id=getattr(body, "training_id", None),
                days=body.days,
                created_by=user_id,
            )
            made.append((invite, token))
        return [(invites.describe(session, invite), token) for invite, token in made]


def _created(request: Request, out: dict, token: str) -> InviteCreated:
    return InviteCreated(**out, url=form_url(request, token))


@router.get("", response_model=InviteList, responses=errors(401, 403))
def list_invites(_principal: Reader, db: DbDep, closed: bool = False) -> InviteList:
    """Every open link with its state (未回答 unanswered / 回答中 draft / 回答済 answered);
    ``closed=true`` adds expired and revoked ones."""
    with db.read_session() as session:
        return InviteList(invites=invites.listing(session, include_closed=closed))


@router.post("/{ref}/revoke", response_model=InviteOut, responses=errors(401, 403, 404, 422))
def revoke_invite(ref: str, _principal: Writer, db: DbDep) -> InviteOut:
    """Close a link at once: its pages then say that it is no longer valid."""
    with db.session() as session:
        return InviteOut(**invites.describe(session, invites.revoke(session, ref[:16])))

"""Form links for advisors: make one, list them with their answer state, revoke one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from ..deps import DbDep, Reader, Writer, read_body
from ..forms import invites
from ..openapi import errors, json_body
from ..schemas import InviteCreate, InviteCreated, InviteList, InviteOut

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

    def work():
        with db.session() as session:
            invite, token = invites.create(
                session,
                kind=body.kind,
                municipality=getattr(body, "municipality", None),
                fiscal_year=getattr(body, "fiscal_year", None),
                training_id=getattr(body, "training_id", None),
                days=body.days,
                created_by=principal.user_id,
            )
            return invites.describe(session, invite), token

    out, token = await run_in_threadpool(work)
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

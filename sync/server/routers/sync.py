from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from ...protocol import DEFAULT_PAGE, IDEMPOTENCY_HEADER, MAX_PAGE
from .. import batches, store
from ..deps import DbDep, Reader, SchemaChecked, SettingsDep, Writer
from ..errors import ApiError, describe_validation
from ..openapi import errors, json_body
from ..quota import QuotaLimits
from ..schemas import PullResponse, PushRequest, PushResponse

# Sequence numbers are BIGINT: a cursor beyond it is refused rather than failing in SQL.
MAX_CURSOR = 2**63 - 1

router = APIRouter(prefix="/sync", tags=["sync"], dependencies=[SchemaChecked])

_ERRORS = errors(401, 403, 409, 422)
_JSON = {"media_type": "application/json"}


@router.post(
    "/push",
    response_model=PushResponse,
    responses=errors(401, 403, 409, 422, 503),
    openapi_extra=json_body(PushRequest),
)
async def push(
    request: Request,
    principal: Writer,
    db: DbDep,
    settings: SettingsDep,
    key: Annotated[str, Header(alias=IDEMPOTENCY_HEADER, min_length=8, max_length=80)],
    cursor: Annotated[int | None, Query(ge=0, le=MAX_CURSOR)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
) -> Response:
    """Apply a batch of changes; the same ``Idempotency-Key`` again returns the same result.

    A push that deletes many records of a table (over ``DXFIELD_SERVER_MASS_DELETE_MAX``,
    or ``DXFIELD_SERVER_MASS_DELETE_PERCENT`` % of its live records) is refused with 409
    ``mass_delete`` and nothing applied, unless ``confirm_deletes`` says the user confirmed.
    A push whose new records take the user past their storage quota is refused with 413
    ``quota_exceeded`` (nothing applied). A push of more than ``DXFIELD_SERVER_PUSH_CHUNK``
    changes is applied in chunks, yet seen by others only whole; the same key sent while it
    is still being applied gets 409 ``push_running``. While it runs, a push that changes
    one of its records, or another push of the same user, gets 503 ``busy`` (Retry-After).
    One left unfinished for 10 minutes is undone; its key then gets 409 ``push_abandoned``
    and the laptop sends the changes again under a new key.

    The body may be gzip-compressed (``Content-Encoding: gzip``); the edge middleware has
    unpacked it and held it to the push limit. With ``cursor`` the answer also carries, as
    ``pull``, the page ``GET /sync/pull`` would give right after this push: a sync of a few
    changes is then one round trip. That page is read afresh on every request (a retry gets
    the stored results and a current page); only the results are kept with the key.
    """
    body = await request.body()
    limits = store.PushLimits(
        guard=store.DeleteGuard(settings.mass_delete_max, settings.mass_delete_percent),
        quota=QuotaLimits(settings.quota_records, settings.quota_bytes),
        chunk=settings.push_chunk,
    )

    def work() -> str | bytes:
        # Parsed off the event loop: 5,000 changes take a while, and others wait meanwhile.
        try:
            payload = PushRequest.model_validate_json(body)
        except ValidationError as exc:
            raise ApiError(422, "bad_request", describe_validation(exc.errors())) from None
        result = store.submit(
            db,
            principal,
            payload.client_id,
            key,
            hashlib.sha256(body).hexdigest(),
            [c.model_dump() for c in payload.changes],
            limits=limits,
            confirm_deletes=payload.confirm_deletes,
        )
        if cursor is None:
            return result
        with db.read_session() as session:  # after the commit: the page holds this push
            page = store.pull(session, cursor, limit, role=principal.role)
        return store.with_page(result, page)

    result = await run_in_threadpool(work)
    return Response(result, media_type="application/json")


@router.get("/pull", response_model=PullResponse, responses=_ERRORS)
def pull(
    principal: Reader,
    db: DbDep,
    cursor: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
) -> Response:
    """Records changed after ``cursor`` in server order, one page at a time. Viewers get
    internal note sections as tombstones with their text blanked."""
    with db.read_session() as session:
        if not batches.is_due(session):
            return Response(store.pull(session, cursor, limit, role=principal.role), **_JSON)
    # A push nobody finished goes first (then nothing holds the pull back below it).
    batches.abandon_stale(db)
    with db.read_session() as session:
        return Response(store.pull(session, cursor, limit, role=principal.role), **_JSON)

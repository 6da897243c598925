from __future__ import annotations

import gzip
import hashlib
import zlib
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from ...protocol import DEFAULT_PAGE, IDEMPOTENCY_HEADER, MAX_PAGE, MAX_REQUEST_BYTES
from .. import store
from ..deps import DbDep, Reader, SchemaChecked, Writer
from ..errors import ApiError
from ..schemas import ErrorOut, PullResponse, PushRequest, PushResponse

router = APIRouter(prefix="/sync", tags=["sync"], dependencies=[SchemaChecked])

_ERRORS = {
    401: {"model": ErrorOut},
    403: {"model": ErrorOut},
    409: {"model": ErrorOut},
    413: {"model": ErrorOut},
}


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and int(declared) > MAX_REQUEST_BYTES:
        raise ApiError(413, "too_large", f"request over {MAX_REQUEST_BYTES} bytes")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_REQUEST_BYTES:
            raise ApiError(413, "too_large", f"request over {MAX_REQUEST_BYTES} bytes")
    if request.headers.get("content-encoding", "").lower() == "gzip":
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(bytes(raw), MAX_REQUEST_BYTES + 1)
        except (zlib.error, gzip.BadGzipFile) as exc:
            raise ApiError(400, "bad_request", f"broken gzip body: {exc}") from exc
        if len(body) > MAX_REQUEST_BYTES or inflater.unconsumed_tail:
            raise ApiError(413, "too_large", f"request over {MAX_REQUEST_BYTES} bytes unpacked")
        return body
    return bytes(raw)


@router.post(
    "/push",
    response_model=PushResponse,
    responses=_ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": PushRequest.model_json_schema()}},
        }
    },
)
async def push(
    request: Request,
    principal: Writer,
    db: DbDep,
    key: Annotated[str, Header(alias=IDEMPOTENCY_HEADER, min_length=8, max_length=80)],
) -> Response:
    """Apply a batch of changes; the same ``Idempotency-Key`` again returns the same result.

    The body may be gzip-compressed (``Content-Encoding: gzip``).
    """
    body = await _read_body(request)
    try:
        payload = PushRequest.model_validate_json(body)
    except ValidationError as exc:
        raise ApiError(422, "bad_request", f"malformed push: {exc.errors()[:3]}") from exc
    request_hash = hashlib.sha256(body).hexdigest()
    changes = [c.model_dump() for c in payload.changes]

    def work() -> str:
        with db.session() as session:
            return store.push(session, principal, payload.client_id, key, request_hash, changes)

    result = await run_in_threadpool(work)
    return Response(result, media_type="application/json")


@router.get("/pull", response_model=PullResponse, responses=_ERRORS)
def pull(
    _principal: Reader,
    db: DbDep,
    cursor: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
) -> Response:
    """Records changed after ``cursor`` in server order, one page at a time."""
    with db.read_session() as session:
        body = store.pull(session, cursor, limit)
    return Response(body, media_type="application/json")

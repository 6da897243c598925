"""Record history for admins: list a record's versions, restore one, undo a user's pushes."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from .. import history
from ..deps import Admin, DbDep, read_body
from ..openapi import errors, json_body
from ..schemas import ID_PATTERN, RestoreRequest, UndoOut, UndoRequest, UndoStepOut, VersionOut

router = APIRouter(prefix="/admin", tags=["admin"])
RecordId = Annotated[str, Path(pattern=ID_PATTERN)]
Table = Annotated[
    str | None,
    Query(pattern=r"^[a-z_]{1,40}$", description="the record's table, if the id is in several"),
]


def _out(v: history.Version) -> VersionOut:
    return VersionOut(
        table=v.table,
        id=v.row_id,
        version=v.version,
        seq=v.seq,
        at=v.at,
        user=v.user,
        action=v.action,
        changed=list(v.changed),
        data=v.data,
    )


@router.get(
    "/records/{row_id}/history",
    response_model=list[VersionOut],
    responses=errors(401, 403, 404, 409, 422),
)
def record_history(row_id: RecordId, _admin: Admin, db: DbDep, table: Table = None):
    """Every kept version of a record, oldest first (409: the id is in several tables)."""
    with db.read_session() as session:
        return [_out(v) for v in history.versions(session, row_id, table)]


@router.post(
    "/records/{row_id}/restore",
    response_model=VersionOut,
    responses=errors(401, 403, 404, 409, 422, 503),
    openapi_extra=json_body(RestoreRequest),
)
async def restore(row_id: RecordId, request: Request, admin: Admin, db: DbDep, table: Table = None):
    """Make a kept version current again: a new version that every laptop pulls. A record
    a big push still being applied holds gets 503 ``busy`` (try again in a moment)."""
    body = await read_body(request, RestoreRequest)

    def work() -> VersionOut:
        with db.session() as session:
            return _out(
                history.restore(session, row_id, body.version, table=table, by=admin.user_id)
            )

    return await run_in_threadpool(work)


@router.post(
    "/undo",
    response_model=UndoOut,
    responses=errors(401, 403, 404, 422, 503),
    openapi_extra=json_body(UndoRequest),
)
async def undo(request: Request, admin: Admin, db: DbDep) -> UndoOut:
    """Undo what a user pushed in a time range, field by field, as new versions.

    A field someone else changed afterwards is left alone (``kept``); a record the user
    created in the range is deleted. ``dry_run`` only says what would change.
    """
    body = await read_body(request, UndoRequest)
    since = body.since.astimezone(UTC).replace(tzinfo=None)
    until = body.until.astimezone(UTC).replace(tzinfo=None) if body.until else None

    def work() -> UndoOut:
        with db.session() as session:
            plan = history.undo(
                session, body.user, since, until, dry_run=body.dry_run, by=admin.user_id
            )
            return UndoOut(
                user=plan.user,
                applied=plan.applied,
                records=plan.changes,
                steps=[
                    UndoStepOut(
                        table=s.table, id=s.row_id, action=s.action, fields=s.fields, kept=s.kept
                    )
                    for s in plan.steps
                ],
            )

    return await run_in_threadpool(work)

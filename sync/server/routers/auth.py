from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from .. import accounts, names, throttle
from ..deps import ClientAddress, CurrentUser, DbDep, HashPoolDep, SettingsDep, read_body
from ..errors import ApiError
from ..hashing import REFUSAL_DELAY
from ..openapi import errors, json_body
from ..schemas import LoginRequest, TokenOut, UserOut

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/login",
    response_model=TokenOut,
    responses=errors(401, 422, 429, 503),
    openapi_extra=json_body(LoginRequest),
)
async def login(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    pool: HashPoolDep,
    address: ClientAddress,
) -> TokenOut:
    """Exchange a password for an opaque token.

    Limited per client address and per (account, address); a login from the same laptop
    (``client_id``) revokes the token that laptop had before.
    """
    body = await read_body(request, LoginRequest)
    try:
        return await _login(body, db, settings, pool, address)
    except ApiError as exc:
        if exc.status in (429, 503):
            # Turned away slowly: a flood that never waits gets two answers a second per
            # connection, not thousands (the wait costs the server a timer, nothing more).
            await asyncio.sleep(REFUSAL_DELAY)
        raise


async def _login(body: LoginRequest, db, settings, pool, address: str) -> TokenOut:
    key = names.lookup_key(body.username)
    bucket = throttle.address_bucket(address)
    async with pool.slot():

        def reserve() -> tuple[int, str, bool] | None:
            with db.session() as session:
                throttle.reserve(session, key, bucket, settings)
            with db.read_session() as session:
                user = accounts.find_user(session, body.username) if key else None
                return (user.id, user.password_hash, user.disabled) if user else None

        found = await run_in_threadpool(reserve)
        stored = found[1] if found else None
        keep = await pool.run(accounts.verify_password, stored, body.password)
        if found is None or keep is None or found[2]:
            raise ApiError(401, "wrong_password", "wrong user name or password")
        user_id = found[0]

        def issue() -> TokenOut:
            with db.session() as session:
                user = session.get(accounts.UserAccount, user_id)
                if user is None or user.disabled:
                    raise ApiError(401, "wrong_password", "wrong user name or password")
                if keep != user.password_hash:
                    user.password_hash = keep
                throttle.give_back(session, key, bucket)
                token, expires = accounts.issue_token(
                    session, user.id, body.client_id, settings.token_days
                )
                return TokenOut(token=token, expires_at=expires, role=user.role)

        return await run_in_threadpool(issue)


@router.post("/logout", status_code=204, responses=errors(401))
def logout(_principal: CurrentUser, request: Request, db: DbDep) -> Response:
    """Revoke the token this request carries."""
    with db.session() as session:
        accounts.revoke_token(session, request.state.token)
    return Response(status_code=204)


@router.post("/logout-all", status_code=204, responses=errors(401))
def logout_all(principal: CurrentUser, db: DbDep) -> Response:
    """Revoke every token of the caller's account, on every laptop."""
    with db.session() as session:
        accounts.revoke_tokens(session, principal.user_id)
    return Response(status_code=204)


@router.get("/me", response_model=UserOut, responses=errors(401))
def me(principal: CurrentUser) -> UserOut:
    return UserOut(name=principal.name, role=principal.role)

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from .. import accounts
from ..deps import CurrentUser, DbDep
from ..schemas import ErrorOut, LoginRequest, TokenOut, UserOut

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/login",
    response_model=TokenOut,
    responses={401: {"model": ErrorOut}, 429: {"model": ErrorOut}},
)
def login(body: LoginRequest, db: DbDep) -> TokenOut:
    """Exchange a password for an opaque token (rate-limited per user name)."""
    try:
        with db.session() as session:
            token, expires, user = accounts.login(session, body.username, body.password)
            return TokenOut(token=token, expires_at=expires, role=user.role)
    except accounts.ApiError as exc:
        if exc.kind == "wrong_password":
            # The failed attempt must be counted even though the request fails.
            with db.session() as session:
                accounts.record_failed_login(session, body.username)
        raise


@router.post("/logout", status_code=204)
def logout(principal: CurrentUser, request: Request, db: DbDep) -> Response:
    """Revoke the token this request carries."""
    with db.session() as session:
        accounts.revoke_token(session, request.state.token)
    return Response(status_code=204)


@router.get("/me", response_model=UserOut)
def me(principal: CurrentUser) -> UserOut:
    return UserOut(name=principal.name, role=principal.role)

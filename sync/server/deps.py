"""Dependencies of the routes: the database, the caller and the role checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..protocol import SCHEMA, SCHEMA_HEADER, schema_rank
from .accounts import Principal, authenticate
from .db import ServerDB
from .errors import ApiError

_bearer = HTTPBearer(auto_error=False, description="token from POST /auth/login")


def get_db(request: Request) -> ServerDB:
    return request.app.state.db


DbDep = Annotated[ServerDB, Depends(get_db)]


def current_principal(
    request: Request,
    db: DbDep,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if creds is None or not creds.credentials:
        raise ApiError(401, "unauthorized", "log in first (Authorization: Bearer <token>)")
    with db.read_session() as session:
        principal = authenticate(session, creds.credentials)
    request.state.token = creds.credentials
    return principal


CurrentUser = Annotated[Principal, Depends(current_principal)]


def _require(*roles: str):
    def check(principal: CurrentUser) -> Principal:
        if principal.role not in roles:
            raise ApiError(
                403,
                "forbidden",
                f"role {principal.role!r} may not do this (needs {'/'.join(roles)})",
            )
        return principal

    return check


Reader = Annotated[Principal, Depends(_require("admin", "advisor", "viewer"))]
Writer = Annotated[Principal, Depends(_require("admin", "advisor"))]
Admin = Annotated[Principal, Depends(_require("admin"))]


def check_schema(
    schema: Annotated[str | None, Header(alias=SCHEMA_HEADER)] = None,
) -> None:
    """Refuse clients whose local schema differs: their records would not fit."""
    if schema is None:
        raise ApiError(409, "client_outdated", f"missing {SCHEMA_HEADER} header")
    rank = schema_rank(schema)
    if rank is None:
        raise ApiError(409, "server_outdated", f"client schema {schema} is newer than {SCHEMA}")
    if rank < schema_rank(SCHEMA):
        raise ApiError(409, "client_outdated", f"client schema {schema} is older than {SCHEMA}")


SchemaChecked = Depends(check_schema)

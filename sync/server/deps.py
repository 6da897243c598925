"""Dependencies of the routes: the database, the caller, the role checks, request bodies.

Order matters for what a stranger can make the server do: the token is checked first, then
the schema header, and only then is a body read and parsed (``read_body``), so nobody
without a token gets the server to parse anything but a login.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError

from ..protocol import SCHEMA, SCHEMA_HEADER, schema_rank
from .accounts import Principal, authenticate
from .db import ServerDB
from .errors import ApiError, describe_validation
from .hashing import HashPool
from .settings import ServerSettings

_bearer = HTTPBearer(auto_error=False, description="token from POST /auth/login")
M = TypeVar("M", bound=BaseModel)


def get_db(request: Request) -> ServerDB:
    return request.app.state.db


def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


def get_hash_pool(request: Request) -> HashPool:
    return request.app.state.hash_pool


def get_client_address(request: Request) -> str:
    """Set by the edge middleware (the socket peer, or per the trusted proxies)."""
    return request.scope.get("state", {}).get("client_address", "unknown")


DbDep = Annotated[ServerDB, Depends(get_db)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
HashPoolDep = Annotated[HashPool, Depends(get_hash_pool)]
ClientAddress = Annotated[str, Depends(get_client_address)]


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
    _principal: CurrentUser,
    schema: Annotated[str | None, Header(alias=SCHEMA_HEADER, max_length=40)] = None,
) -> None:
    """Refuse clients whose records have another shape (the revision of the records,
    ``dxfield.migrations.RECORD_REVISIONS``): their records would not fit.

    Depends on the token, so a caller without one learns nothing but 401.
    """
    if schema is None:
        raise ApiError(409, "client_outdated", f"missing {SCHEMA_HEADER} header")
    rank = schema_rank(schema)
    if rank is None:
        raise ApiError(409, "server_outdated", f"the client's schema is newer than {SCHEMA}")
    if rank < schema_rank(SCHEMA):
        raise ApiError(409, "client_outdated", f"the client's schema is older than {SCHEMA}")


SchemaChecked = Depends(check_schema)


async def read_body(request: Request, model: type[M]) -> M:
    """The JSON body as ``model``: call it after the token was checked.

    The edge middleware has already limited its size (and unpacked gzip).
    """
    raw = await request.body()
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise ApiError(422, "bad_request", describe_validation(exc.errors())) from None

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from .. import accounts
from ..deps import Admin, DbDep, HashPoolDep, read_body
from ..models import UserAccount
from ..openapi import errors, json_body
from ..schemas import RoleChange, UserCreate, UserOut

router = APIRouter(prefix="/users", tags=["users"])
_NAMED = errors(401, 403, 404, 409, 422)


def _out(user: UserAccount) -> UserOut:
    return UserOut(name=user.name, role=user.role, disabled=user.disabled)


@router.get("", response_model=list[UserOut], responses=errors(401, 403))
def list_users(_admin: Admin, db: DbDep) -> list[UserOut]:
    with db.read_session() as session:
        return [_out(u) for u in session.scalars(select(UserAccount).order_by(UserAccount.name))]


@router.post(
    "",
    response_model=UserOut,
    status_code=201,
    responses=errors(401, 403, 409, 422, 503),
    openapi_extra=json_body(UserCreate),
)
async def add_user(request: Request, _admin: Admin, db: DbDep, pool: HashPoolDep) -> UserOut:
    """Add an account. The name is stored NFKC-normalised and trimmed; a name that looks
    like an existing one (case, width, blanks, ``. _ -``) is refused with 409. A password
    has 12 to 256 characters, is not one character repeated and does not contain the name.
    """
    body = await read_body(request, UserCreate)

    def check() -> accounts.NewUser:
        with db.read_session() as session:
            return accounts.check_new_user(session, body.name, body.password, body.role)

    new = await run_in_threadpool(check)
    async with pool.slot():
        password_hash = await pool.run(accounts.hash_password, body.password)

    def store() -> UserOut:
        with db.session() as session:
            return _out(accounts.store_user(session, new, password_hash))

    return await run_in_threadpool(store)


@router.post("/{name}/disable", response_model=UserOut, responses=_NAMED)
def disable_user(name: str, _admin: Admin, db: DbDep) -> UserOut:
    """Disable an account and revoke all its tokens; the last enabled admin stays (409)."""
    with db.session() as session:
        return _out(accounts.disable_user(session, name))


@router.post("/{name}/enable", response_model=UserOut, responses=_NAMED)
def enable_user(name: str, _admin: Admin, db: DbDep) -> UserOut:
    """Let a disabled account log in again (its old tokens stay revoked)."""
    with db.session() as session:
        return _out(accounts.enable_user(session, name))


@router.post(
    "/{name}/role", response_model=UserOut, responses=_NAMED, openapi_extra=json_body(RoleChange)
)
async def set_role(name: str, request: Request, _admin: Admin, db: DbDep) -> UserOut:
    """Change an account's role (its tokens are revoked); the last enabled admin stays (409)."""
    body = await read_body(request, RoleChange)

    def work() -> UserOut:
        with db.session() as session:
            return _out(accounts.set_role(session, name, body.role))

    return await run_in_threadpool(work)


@router.post("/{name}/revoke-tokens", response_model=UserOut, responses=_NAMED)
def revoke_tokens(name: str, _admin: Admin, db: DbDep) -> UserOut:
    with db.session() as session:
        user = accounts.get_user(session, name)
        accounts.revoke_tokens(session, user.id)
        return _out(user)

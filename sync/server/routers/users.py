from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from .. import accounts
from ..deps import Admin, DbDep
from ..models import UserAccount
from ..schemas import UserCreate, UserOut

router = APIRouter(prefix="/users", tags=["users"])


def _out(user: UserAccount) -> UserOut:
    return UserOut(name=user.name, role=user.role, disabled=user.disabled)


@router.get("", response_model=list[UserOut])
def list_users(_admin: Admin, db: DbDep) -> list[UserOut]:
    with db.read_session() as session:
        return [_out(u) for u in session.scalars(select(UserAccount).order_by(UserAccount.name))]


@router.post("", response_model=UserOut, status_code=201)
def add_user(body: UserCreate, _admin: Admin, db: DbDep) -> UserOut:
    with db.session() as session:
        return _out(accounts.add_user(session, body.name, body.password, body.role))


@router.post("/{name}/disable", response_model=UserOut)
def disable_user(name: str, _admin: Admin, db: DbDep) -> UserOut:
    """Disable an account and revoke all its tokens."""
    with db.session() as session:
        return _out(accounts.disable_user(session, name))


@router.post("/{name}/revoke-tokens", response_model=UserOut)
def revoke_tokens(name: str, _admin: Admin, db: DbDep) -> UserOut:
    with db.session() as session:
        user = accounts.get_user(session, name)
        accounts.revoke_tokens(session, user.id)
        return _out(user)

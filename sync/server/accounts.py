"""Users, passwords (argon2) and opaque tokens (stored as SHA-256).

The login limit is in ``throttle.py``; the password work runs on ``hashing.HashPool``'s
threads. Functions here take a Session and never commit it (``db.session()`` does).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dxfield.messages import msg
from dxfield.models.base import utcnow

from . import names
from .errors import ApiError
from .models import ROLES, AuthToken, UserAccount


def _make_hasher() -> PasswordHasher:
    # argon2-cffi's defaults (RFC 9106 low-memory profile) unless tuned for the host.
    env = os.environ
    return PasswordHasher(
        time_cost=int(env.get("DXFIELD_SERVER_ARGON2_TIME", "3")),
        memory_cost=int(env.get("DXFIELD_SERVER_ARGON2_MEMORY_KIB", "65536")),
        parallelism=int(env.get("DXFIELD_SERVER_ARGON2_PARALLELISM", "4")),
    )


_hasher = _make_hasher()
_dummy_hash: str | None = None


def _dummy() -> str:
    """Verified against when the user does not exist, so both cases take the same time."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("dxfield-no-such-user")
    return _dummy_hash


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> str | None:
    """None when wrong; else the hash to keep (a fresh one when the parameters changed)."""
    try:
        _hasher.verify(stored or _dummy(), password)
    except (VerificationError, InvalidHashError):
        return None
    if stored is None:
        return None
    return _hasher.hash(password) if _hasher.check_needs_rehash(stored) else stored


@dataclass(frozen=True)
class Principal:
    user_id: int
    name: str
    role: str


@dataclass(frozen=True)
class NewUser:
    """A checked request to add an account; ``password_hash`` is made off the event loop."""

    name: str
    key: str
    role: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_new_user(session: Session, name: str, password: str, role: str) -> NewUser:
    if role not in ROLES:
        raise ApiError(422, "bad_request", msg("server.role_unknown", roles=", ".join(ROLES)))
    cleaned = names.clean_name(name)
    names.check_password(password, cleaned)
    key = names.name_key(cleaned)
    if session.scalar(select(UserAccount.id).where(UserAccount.name_key == key)):
        raise _taken()
    return NewUser(cleaned, key, role)


def _taken() -> ApiError:
    return ApiError(409, "duplicate", msg("server.name_taken"))


def store_user(session: Session, new: NewUser, password_hash: str) -> UserAccount:
    """Add the checked account; a look-alike added meanwhile (the hash took a while) wins."""
    user = UserAccount(name=new.name, name_key=new.key, password_hash=password_hash, role=new.role)
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise _taken() from None
    return user


def add_user(session: Session, name: str, password: str, role: str) -> UserAccount:
    """Check and add in one go (the command line; the API hashes on its own threads)."""
    new = check_new_user(session, name, password, role)
    return store_user(session, new, hash_password(password))


def find_user(session: Session, name: str) -> UserAccount | None:
    key = names.lookup_key(name)
    if key is None:
        return None
    return session.scalar(select(UserAccount).where(UserAccount.name_key == key))


def get_user(session: Session, name: str) -> UserAccount:
    user = find_user(session, name)
    if user is None:
        raise ApiError(404, "not_found", msg("server.no_such_user"))
    return user


def revoke_tokens(session: Session, user_id: int, client_id: str | None = None) -> int:
    """Revoke the user's live tokens (only those issued to ``client_id`` if given)."""
    where = [AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None)]
    if client_id is not None:
        where.append(AuthToken.client_id == client_id)
    result = session.execute(update(AuthToken).where(*where).values(revoked_at=utcnow()))
    return result.rowcount


def _lock_admins(session: Session) -> int:
    """Enabled admins, their rows locked so two admins cannot demote each other at once.

    (SQLite write sessions already hold the database's write lock.)
    """
    stmt = select(UserAccount.id).where(UserAccount.role == "admin", ~UserAccount.disabled)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return len(session.scalars(stmt).all())


def _keep_an_admin(session: Session, user: UserAccount) -> None:
    if user.role == "admin" and not user.disabled and _lock_admins(session) <= 1:
        raise ApiError(409, "last_admin", msg("server.last_admin"))


def disable_user(session: Session, name: str) -> UserAccount:
    user = get_user(session, name)
    _keep_an_admin(session, user)
    user.disabled = True
    revoke_tokens(session, user.id)
    return user


def enable_user(session: Session, name: str) -> UserAccount:
    user = get_user(session, name)
    user.disabled = False
    return user


def set_role(session: Session, name: str, role: str) -> UserAccount:
    if role not in ROLES:
        raise ApiError(422, "bad_request", msg("server.role_unknown", roles=", ".join(ROLES)))
    user = get_user(session, name)
    if role != user.role:
        _keep_an_admin(session, user)
        user.role = role
        # Tokens carry no role (it is read on every request), but a demoted user should
        # notice: they log in again and see the new role.
        revoke_tokens(session, user.id)
    return user


def issue_token(
    session: Session, user_id: int, client_id: str | None, days: int
) -> tuple[str, datetime]:
    """A new token; the one this laptop had before (same client id) stops working."""
    if client_id:
        revoke_tokens(session, user_id, client_id)
    token = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(days=days)
    session.add(
        AuthToken(
            token_hash=token_hash(token), user_id=user_id, expires_at=expires, client_id=client_id
        )
    )
    return token, expires


def authenticate(session: Session, token: str) -> Principal:
    row = session.execute(
        select(AuthToken, UserAccount)
        .join(UserAccount, UserAccount.id == AuthToken.user_id)
        .where(AuthToken.token_hash == token_hash(token))
    ).first()
    if row is None:
        raise ApiError(401, "unauthorized", "unknown token")
    tok, user = row
    if tok.revoked_at is not None or user.disabled:
        raise ApiError(401, "token_revoked", "the token was revoked")
    if tok.expires_at <= utcnow():
        raise ApiError(401, "token_expired", "the token has expired")
    return Principal(user.id, user.name, user.role)


def revoke_token(session: Session, token: str) -> None:
    session.execute(
        update(AuthToken)
        .where(AuthToken.token_hash == token_hash(token), AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )

"""Users, passwords (argon2), opaque tokens (stored as SHA-256) and the login rate limit."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from dxfield.models.base import utcnow

from .errors import ApiError
from .models import ROLES, AuthToken, LoginAttempt, UserAccount

TOKEN_DAYS = int(os.environ.get("DXFIELD_SERVER_TOKEN_DAYS", "30"))
LOGIN_WINDOW = timedelta(minutes=5)
LOGIN_MAX_FAILURES = int(os.environ.get("DXFIELD_SERVER_LOGIN_MAX_FAILURES", "5"))


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


@dataclass(frozen=True)
class Principal:
    user_id: int
    name: str
    role: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(session: Session, name: str, password: str, role: str) -> UserAccount:
    if role not in ROLES:
        raise ApiError(422, "bad_request", f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not name.strip() or len(name) > 80:
        raise ApiError(422, "bad_request", "a user name is 1 to 80 characters")
    if len(password) < 8:
        raise ApiError(422, "bad_request", "a password has at least 8 characters")
    if session.scalar(select(UserAccount).where(UserAccount.name == name)):
        raise ApiError(409, "duplicate", f"user {name!r} exists already")
    user = UserAccount(name=name, password_hash=_hasher.hash(password), role=role)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, name: str) -> UserAccount:
    user = session.scalar(select(UserAccount).where(UserAccount.name == name))
    if user is None:
        raise ApiError(404, "not_found", f"no user {name!r}")
    return user


def revoke_tokens(session: Session, user_id: int) -> int:
    result = session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount


def disable_user(session: Session, name: str) -> UserAccount:
    user = get_user(session, name)
    user.disabled = True
    revoke_tokens(session, user.id)
    return user


def login(session: Session, name: str, password: str) -> tuple[str, datetime, UserAccount]:
    """A new token for ``name``; failures count towards the rate limit."""
    now = utcnow()
    failures = session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.name == name, LoginAttempt.at > now - LOGIN_WINDOW)
    )
    if failures >= LOGIN_MAX_FAILURES:
        raise ApiError(429, "rate_limited", "too many failed logins; try again in a few minutes")
    user = session.scalar(select(UserAccount).where(UserAccount.name == name))
    try:
        _hasher.verify(user.password_hash if user else _dummy(), password)
        ok = user is not None and not user.disabled
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        raise ApiError(401, "wrong_password", "wrong user name or password")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.execute(delete(LoginAttempt).where(LoginAttempt.name == name))
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(days=TOKEN_DAYS)
    session.add(AuthToken(token_hash=token_hash(token), user_id=user.id, expires_at=expires))
    return token, expires, user


def record_failed_login(session: Session, name: str) -> None:
    session.add(LoginAttempt(name=name, at=utcnow()))


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

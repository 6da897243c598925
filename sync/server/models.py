"""The server's own tables (its own metadata and Alembic migrations, not the local store's)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from dxfield.models.base import NAMING_CONVENTION, utcnow

ROLES = ("admin", "advisor", "viewer")


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncRecord(ServerBase):
    """The current state of one synced record; ``seq`` is its place in the pull order."""

    __tablename__ = "sync_record"
    __table_args__ = (Index("ix_sync_record_seq", "seq", unique=True),)

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    # Content fields and stamps as JSON text, sent to clients without being parsed again.
    data: Mapped[str] = mapped_column(Text)
    last_client: Mapped[str] = mapped_column(String(64), default="")
    updated_by: Mapped[int | None] = mapped_column(Integer)
    # Mirrors ``data["deleted"]`` so the mass-delete guard counts live records in SQL.
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Who created the record: its size counts towards that user's quota.
    created_by: Mapped[int | None] = mapped_column(Integer)


class RecordHistory(ServerBase):
    """Every accepted version of every record: who wrote it, when, and what it replaced.

    ``data`` is the whole record after the change; ``old`` holds only the fields the change
    altered, with their previous values (NULL when the change created the record). Restoring
    a version and undoing a user's changes both read it; neither ever edits it.
    """

    __tablename__ = "record_history"
    __table_args__ = (
        Index("ix_record_history_row", "row_id", "table_name", "version", unique=True),
        Index("ix_record_history_user_at", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # NULL: written by a server command (``dxfield-server restore`` run on the host).
    user_id: Mapped[int | None] = mapped_column(Integer)
    client_id: Mapped[str] = mapped_column(String(64), default="")
    # "push", "restore", "undo", "edit" (an admin's correction), "import" (state at upgrade),
    # "form" (a web form sent by a municipality or a trainee, sync/server/forms)
    action: Mapped[str] = mapped_column(String(20))
    data: Mapped[str] = mapped_column(Text)
    old: Mapped[str | None] = mapped_column(Text)


class UserQuota(ServerBase):
    """A user's storage: records created and their current size in bytes (UTF-8 JSON).

    ``max_records``/``max_bytes`` override the server-wide limits for this user (NULL: the
    default from the environment).
    """

    __tablename__ = "user_quota"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    records: Mapped[int] = mapped_column(BigInteger, default=0)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    max_records: Mapped[int | None] = mapped_column(BigInteger)
    max_bytes: Mapped[int | None] = mapped_column(BigInteger)


class Counter(ServerBase):
    """Single-row counters; ``seq`` is locked FOR UPDATE by every push until it commits."""

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class PushBatch(ServerBase):
    """A push already applied: the same key again returns ``result`` and changes nothing.

    A big push is applied in chunks, each its own transaction; ``state`` is "running" until
    the last one commits and ``chunks_done`` says how far it got, so the same key sent again
    after a crash carries on from there instead of applying anything twice. One nobody
    resumes is rolled back and left "abandoned" (``batches``).
    """

    __tablename__ = "push_batch"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(10), default="done", server_default="done")
    chunks_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # While running: the first sequence number it may use; pulls stop below it (store.pull).
    first_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)
    # When a running push last made progress: one idle for ``batches.HOLD_EXPIRES`` is
    # rolled back and becomes "abandoned" (its key then answers 409 ``push_abandoned``).
    touched_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The laptop that sent it (a chunked push): another push from there replaces it.
    client_id: Mapped[str | None] = mapped_column(String(64))


class PushHold(ServerBase):
    """A record a running chunked push changes: nobody else writes it until the push is
    done or abandoned (see ``holds``)."""

    __tablename__ = "push_hold"
    __table_args__ = (Index("ix_push_hold_batch", "user_id", "key"),)

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(80))


class PushChunk(ServerBase):
    """The answer of one applied chunk of a running push (folded into ``PushBatch.result``)."""

    __tablename__ = "push_chunk"

    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, primary_key=True)
    result: Mapped[str] = mapped_column(Text)
    # JSON [[table, id, version, creator], ...]: its records before it changed them (version
    # 0: not stored yet); an abandoned push is rolled back to these (``batches``).
    before: Mapped[str | None] = mapped_column(Text)


class UserAccount(ServerBase):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # names.name_key(name): unique, so no look-alike of an existing name can be added.
    name_key: Mapped[str] = mapped_column(String(160), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuthToken(ServerBase):
    """An issued token, stored only as its SHA-256: a database leak yields no usable token."""

    __tablename__ = "auth_token"
    __table_args__ = (Index("ix_auth_token_user_client", "user_id", "client_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The laptop (its sync client id) the token was issued to: a new login from the same
    # laptop revokes the token it had before.
    client_id: Mapped[str | None] = mapped_column(String(64))


class LoginThrottle(ServerBase):
    """A login counter of one client address, or of one (account, address) pair.

    Kept in the database and bumped with one atomic upsert, so the limit holds across server
    processes and against concurrent attempts. ``key`` is a SHA-256: names typed at the
    login prompt (sometimes a password by mistake) are not kept in readable form.
    """

    __tablename__ = "login_throttle"
    __table_args__ = (Index("ix_login_throttle_window_start", "window_start"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime)
    hits: Mapped[int] = mapped_column(Integer)


class FormInvite(ServerBase):
    """A link to a web form: one municipality's assessment for a year, or one training's
    survey. Only the SHA-256 of its token is kept (the link cannot be rebuilt from a
    database copy); ``ref`` is a short public name to list and revoke it by.

    ``draft`` holds what was typed so far, exactly as typed (JSON of the form fields), so an
    invalid answer is shown again as it was; nothing of it reaches the team's records until
    it is sent. ``response_id`` is the record the first send wrote; later sends update it.
    """

    __tablename__ = "form_invite"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(16), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "baseline" / "evaluation" (assessment sheet) or "survey" (a training's survey)
    kind: Mapped[str] = mapped_column(String(20))
    municipality_id: Mapped[str | None] = mapped_column(String(36), index=True)
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    training_id: Mapped[str | None] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    draft: Mapped[str | None] = mapped_column(Text)
    draft_updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    response_id: Mapped[str | None] = mapped_column(String(36))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submissions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class FormSubmission(ServerBase):
    """Every send of a form, kept: what was sent and when (changes after sending included)."""

    __tablename__ = "form_submission"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    invite_id: Mapped[int] = mapped_column(ForeignKey("form_invite.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    response_id: Mapped[str] = mapped_column(String(36))
    answers: Mapped[str] = mapped_column(Text)
    respondent: Mapped[str] = mapped_column(String(200), default="")

"""Request and response bodies of the API (separate in and out models)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, RootModel

ID_PATTERN = r"^[0-9A-Za-z-]{1,36}$"
CLIENT_ID_PATTERN = r"^[0-9A-Za-z-]{1,64}$"
Role = Literal["admin", "advisor", "viewer"]


class LoginRequest(BaseModel):
    # Any text: a name no account can have (control characters, say) is simply unknown (401).
    username: str = Field(min_length=1, max_length=160)
    password: str = Field(min_length=1, max_length=1000)
    client_id: str | None = Field(
        default=None,
        pattern=CLIENT_ID_PATTERN,
        description="the laptop's sync client id: a new login from it revokes its old token",
    )


class TokenOut(BaseModel):
    token: str
    expires_at: datetime
    role: Role


class UserOut(BaseModel):
    name: str
    role: Role
    disabled: bool = False


class UserCreate(BaseModel):
    name: str = Field(min_length=1, max_length=160, description="stored NFKC, trimmed")
    password: str = Field(
        min_length=12, max_length=256, description="not one repeated character, not the name"
    )
    role: Role


class RoleChange(BaseModel):
    role: Role


class Change(BaseModel):
    t: str = Field(max_length=40, description="table")
    id: str = Field(pattern=ID_PATTERN)
    bv: int = Field(ge=0, description="base version: the server version the edit started from")
    f: dict[str, Any] = Field(
        description=(
            "changed fields and their new values, each checked against the table's record "
            "schema (type, enum, range, length, ISO date, id, reference, no control "
            "characters, finite numbers); one bad field refuses the whole push with 422"
        )
    )
    b: dict[str, Any] = Field(
        default_factory=dict,
        description="values before the edit (the merge base); values that break the schema "
        "are ignored",
    )
    c: str | None = Field(
        default=None, description="created_at: ignored, the server sets the stamps"
    )
    u: str | None = Field(
        default=None, description="updated_at: ignored, the server sets the stamps"
    )


class PushRequest(BaseModel):
    client_id: str = Field(min_length=1, max_length=64)
    changes: list[Change] = Field(max_length=5000)
    confirm_deletes: bool = Field(
        default=False,
        strict=True,
        description="the user confirmed deleting many records (else such a push gets 409 "
        "mass_delete)",
    )


class ConflictOut(BaseModel):
    field: str
    kind: str
    local: Any = None
    remote: Any = None
    base: Any = None
    merged: Any = None


class ChangeResult(BaseModel):
    t: str
    id: str
    v: int
    d: dict[str, Any]
    conflicts: list[ConflictOut]


class PulledRecord(BaseModel):
    t: str
    id: str
    v: int
    d: dict[str, Any]


class PullResponse(BaseModel):
    cursor: int
    has_more: bool
    records: list[PulledRecord]


class PushResponse(BaseModel):
    results: list[ChangeResult]
    pull: PullResponse | None = Field(
        default=None, description="the pull page after this push, when asked with ?cursor="
    )


class ErrorOut(BaseModel):
    """Every error the server sends: a ``kind`` to act on and a message for people."""

    kind: str = Field(description="machine-readable, e.g. unauthorized, rate_limited")
    message: str
    details: dict[str, Any] | None = Field(
        default=None,
        description=(
            "figures to act on: a mass_delete's table and counts; an invalid_record's "
            "t, id, field and rule (the change refused, never its value)"
        ),
    )


class Health(BaseModel):
    status: str
    schema_revision: str


InviteKind = Literal["baseline", "evaluation", "survey"]


class AssessmentInviteCreate(BaseModel):
    """A link to the assessment sheet of one municipality for one year."""

    kind: Literal["baseline", "evaluation"]
    municipality: str = Field(
        min_length=1, max_length=60, description="name, 団体コード or id; unknown: 404"
    )
    fiscal_year: int = Field(ge=2000, le=2100)
    days: int = Field(default=60, ge=1, le=400, description="valid for this many days")


class SurveyInviteCreate(BaseModel):
    """A link to a training's survey (shared by its participants)."""

    kind: Literal["survey"]
    training_id: str = Field(pattern=ID_PATTERN, description="a synced training; unknown: 404")
    days: int = Field(default=60, ge=1, le=400, description="valid for this many days")


class InviteCreate(
    RootModel[Annotated[AssessmentInviteCreate | SurveyInviteCreate, Field(discriminator="kind")]]
):
    pass


# A day's handouts (面談記録) make their links in one request: a few a day, a week at most.
MAX_BATCH_INVITES = 50


class InviteBatchCreate(BaseModel):
    """Several links made together (the handouts of a day printed at once): all or none."""

    invites: list[InviteCreate] = Field(min_length=1, max_length=MAX_BATCH_INVITES)


class InviteOut(BaseModel):
    ref: str
    kind: InviteKind
    municipality_id: str | None
    municipality: str | None
    fiscal_year: int | None
    training_id: str | None
    training: str | None
    created_at: datetime
    expires_at: datetime
    revoked: bool
    state: Literal["unanswered", "draft", "answered"]
    draft_updated_at: datetime | None
    submitted_at: datetime | None
    submissions: int


class InviteCreated(InviteOut):
    url: str = Field(description="the link to send; shown only now")


class InviteList(BaseModel):
    invites: list[InviteOut]


class InviteBatchCreated(BaseModel):
    invites: list[InviteCreated] = Field(description="in the order asked for")


class VersionOut(BaseModel):
    """One kept version of a record."""

    table: str
    id: str
    version: int
    seq: int
    at: datetime = Field(description="UTC")
    user: str | None = Field(description="who wrote it; null: a server command")
    action: Literal["push", "restore", "undo", "edit", "import", "form"]
    changed: list[str] = Field(description="fields this version changed (empty: created)")
    data: dict[str, Any]


def _number_only(value: Any) -> Any:
    # Lax int also takes "3" and true; JSON Schema's integer takes 3.0 but neither of those.
    if isinstance(value, str | bool):
        raise ValueError("must be a whole number")
    return value


class RestoreRequest(BaseModel):
    version: Annotated[int, BeforeValidator(_number_only)] = Field(ge=1, le=2**31 - 1)


class UndoRequest(BaseModel):
    model_config = ConfigDict(strict=True)

    user: str = Field(min_length=1, max_length=160)
    since: AwareDatetime
    until: AwareDatetime | None = Field(default=None, description="exclusive; default: now")
    dry_run: bool = False


class UndoStepOut(BaseModel):
    table: str
    id: str
    action: Literal["revert", "delete", "none"]
    fields: dict[str, Any] = Field(description="fields set back, with the values they get")
    kept: list[str] = Field(description="fields left alone: someone else changed them later")


class UndoOut(BaseModel):
    user: str
    applied: bool = Field(description="false for a dry run")
    records: int = Field(description="records changed (or that would be)")
    steps: list[UndoStepOut]

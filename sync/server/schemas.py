"""Request and response bodies of the API (separate in and out models)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

ID_PATTERN = r"^[0-9A-Za-z-]{1,36}$"


class LoginRequest(BaseModel):
    username: str = Field(max_length=80)
    password: str = Field(max_length=1000)


class TokenOut(BaseModel):
    token: str
    expires_at: datetime
    role: str


class UserOut(BaseModel):
    name: str
    role: str
    disabled: bool = False


class UserCreate(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=8, max_length=1000)
    role: str


class Change(BaseModel):
    t: str = Field(max_length=40, description="table")
    id: str = Field(pattern=ID_PATTERN)
    bv: int = Field(ge=0, description="base version: the server version the edit started from")
    f: dict[str, Any] = Field(description="changed fields and their new values")
    b: dict[str, Any] = Field(default_factory=dict, description="values before the edit")
    c: str | None = Field(default=None, description="created_at (informational)")
    u: str | None = Field(default=None, description="updated_at (informational)")


class PushRequest(BaseModel):
    client_id: str = Field(min_length=1, max_length=64)
    changes: list[Change] = Field(max_length=5000)


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


class PushResponse(BaseModel):
    results: list[ChangeResult]


class PulledRecord(BaseModel):
    t: str
    id: str
    v: int
    d: dict[str, Any]


class PullResponse(BaseModel):
    cursor: int
    has_more: bool
    records: list[PulledRecord]


class ErrorOut(BaseModel):
    kind: str
    message: str


class Health(BaseModel):
    status: str
    schema_revision: str

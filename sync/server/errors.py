"""Errors the API answers with: an HTTP status plus a ``kind`` the client maps to SyncError.

Messages never carry what the client sent: a password typed in the wrong field, or a
record's content, must not come back in a reply or land in a log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# How many problems one 422 lists, and how long a location may get in it.
_MAX_PROBLEMS = 3
_MAX_LOC = 120


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        kind: str,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.headers = dict(headers or {})


def describe_validation(errors: Iterable[Mapping[str, Any]]) -> str:
    """Pydantic errors as "where: what is wrong", without the submitted values.

    Only ``loc`` and ``msg`` are used: ``input`` (and ``ctx`` for some errors) hold the
    value itself. A location can name a dict key the client chose, so it is cut short.
    """
    problems = []
    errors = list(errors)
    for error in errors[:_MAX_PROBLEMS]:
        loc = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        if len(loc) > _MAX_LOC:
            loc = loc[:_MAX_LOC] + "…"
        msg = str(error.get("msg", "invalid"))
        problems.append(f"{loc}: {msg}" if loc else msg)
    more = len(errors) - _MAX_PROBLEMS
    if more > 0:
        problems.append(f"and {more} more")
    return "; ".join(problems) or "invalid request"

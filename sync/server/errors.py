"""Errors the API answers with: an HTTP status plus a ``kind`` the client maps to SyncError.

Messages never carry what the client sent: a password typed in the wrong field, or a
record's content, must not come back in a reply or land in a log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dxfield.messages import Message

# How many problems one 422 lists, and how long a location may get in it.
_MAX_PROBLEMS = 3
_MAX_LOC = 120
# Context of pydantic errors that describes the rule, never the value: a message built from
# only these is safe to send. Other context (a parser's "found `x`", a union's "tag") can
# quote the input, so such errors get a plain "not valid" instead.
_RULE_CONTEXT = frozenset(
    {
        "max_length",
        "min_length",
        "ge",
        "gt",
        "le",
        "lt",
        "multiple_of",
        "pattern",
        "expected",
        "expected_tags",
        "discriminator",
        "max_digits",
        "decimal_places",
    }
)
# Our own validators' messages (value_error) and JSON syntax errors name no value.
_OWN_MESSAGES = frozenset({"value_error", "json_invalid", "missing", "extra_forbidden"})


class ApiError(Exception):
    """``message`` is what the API answers (English); given as a ``Message``, its catalog
    text is that answer and ``said`` lets the admin command say it in Japanese."""

    def __init__(
        self,
        status: int,
        kind: str,
        message: str | Message,
        *,
        headers: Mapping[str, str] | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        self.said = message if isinstance(message, Message) else None
        message = str(message)
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.headers = dict(headers or {})
        # Figures a client acts on (e.g. how many records a push would delete); never input.
        self.details = dict(details) if details else None


def describe_validation(errors: Iterable[Mapping[str, Any]]) -> str:
    """Pydantic errors as "where: what is wrong", without the submitted values.

    ``input`` is never used, and ``msg`` only when its context is known to describe the
    rule (``_RULE_CONTEXT``); validators (``value_error``) must not quote values. A location
    can name a dict key the client chose, so it is cut short.
    """
    problems = []
    errors = list(errors)
    for error in errors[:_MAX_PROBLEMS]:
        loc = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        if len(loc) > _MAX_LOC:
            loc = loc[:_MAX_LOC] + "…"
        msg = _message(error)
        problems.append(f"{loc}: {msg}" if loc else msg)
    more = len(errors) - _MAX_PROBLEMS
    if more > 0:
        problems.append(f"and {more} more")
    return "; ".join(problems) or "invalid request"


def _message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "union_tag_invalid":
        # Its message quotes the tag that was sent; name the expected ones only.
        return (
            f"{context.get('discriminator', 'kind')} must be one of {context.get('expected_tags')}"
        )
    if kind in _OWN_MESSAGES or set(context) <= _RULE_CONTEXT:
        return str(error.get("msg", "invalid"))
    return f"not a valid {kind.removesuffix('_parsing').replace('_', ' ') or 'value'}"

"""The OpenAPI document as the server really behaves (checked by schemathesis in the tests).

Three things FastAPI would get wrong on its own here:

* Bodies read by hand (after the token check, see ``deps.read_body``) are declared with
  ``json_body(Model)``; their schemas are put under ``components`` so every ``$ref``
  resolves (a model's own ``$defs`` used to dangle inside the path).
* Errors are ``{"kind", "message"}`` (``ErrorOut``) for every status, 422 included, not
  FastAPI's ``{"detail": [...]}``.
* What the edge middleware answers before any route (413 too large, 415 encoding) is
  documented on every operation that takes a body.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from ..protocol import SCHEMA, SCHEMA_HEADER
from .schemas import ErrorOut

REF = "#/components/schemas/{model}"
DESCRIPTIONS = {
    400: "Malformed request (broken gzip)",
    401: "No token, or a wrong, expired or revoked one; wrong user name or password",
    403: "The caller's role may not do this",
    404: "No such user, record, version, form link, municipality or training",
    409: "Conflict: duplicate name, last admin, a client/server schema mismatch, a record id "
    "found in several tables, a push that deletes many records unconfirmed (mass_delete), "
    "the same push still being applied (push_running), or a push that stopped halfway and "
    "was undone (push_abandoned: send the changes again under a new key)",
    413: "The body is over the limit (on the wire or unpacked); a push over the user's "
    "storage quota (quota_exceeded)",
    415: "A content encoding other than gzip (gzip only on push)",
    422: "The request is malformed; the message says where, never with the values",
    429: "Too many login attempts from this address; see Retry-After",
    503: "The server is busy (checking other passwords; a push waiting for another push "
    "still being applied that holds its records, or for the same user's other push); see "
    "Retry-After",
}
PUSH_422 = (
    "The body is malformed, or a change breaks its table's record schema (kind "
    "`invalid_record`): the message says `TABLE ID: FIELD: rule` and `details` holds t, id, "
    "field and rule (never the value); nothing of the push is applied"
)
_bodies: dict[str, type[BaseModel]] = {}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": ErrorOut, "description": DESCRIPTIONS[s]} for s in statuses}


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` of a route that reads a ``model`` body itself."""
    _bodies[model.__name__] = model
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}},
        }
    }


def _error_response(status: int) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": REF.format(model="ErrorOut")}}},
    }


def build(app: FastAPI) -> dict[str, Any]:
    spec = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        separate_input_output_schemas=False,
    )
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name, model in _bodies.items():
        schema = model.model_json_schema(ref_template=REF)
        for def_name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(def_name, definition)
        schemas[name] = schema
    schemas.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template=REF))
    for path, operations in spec.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = _error_response(422)
            if "requestBody" in operation:
                for status in (413, 415):
                    responses.setdefault(str(status), _error_response(status))
            if path == "/sync/push":
                responses.setdefault("400", _error_response(400))
                responses["422"]["description"] = PUSH_422
            for parameter in operation.get("parameters", ()):
                if parameter["name"] == SCHEMA_HEADER:
                    parameter["schema"] = {"type": "string", "enum": [SCHEMA]}
                    parameter["description"] = (
                        "the revision of the records the client's store holds (not its "
                        "store file's: a migration that only adds indexes leaves it); any "
                        "other (or none) gets 409 client_outdated or server_outdated"
                    )
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return spec


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi

"""Jinja2 pages and the static files they use (served here: no CDN, no build step)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from dxfield.models import AnswerType

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
STATIC_PREFIX = "/forms/static"
_TYPES = {"css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"}

static_router = APIRouter(prefix=STATIC_PREFIX, include_in_schema=False)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["AnswerType"] = AnswerType
    env.globals["static"] = lambda name: f"{STATIC_PREFIX}/{name}?v={_stamp(name)}"
    return env


@cache
def _stamp(name: str) -> str:
    return str(int((STATIC / name).stat().st_mtime))


def page(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def secure(response: Response) -> Response:
    """Headers of every form page: the link's token is in the address, so no referrer to
    other sites; no scripts or styles but our own; not framed; not cached by anyone."""
    headers = response.headers
    headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Cache-Control"] = "no-store"
    return response


@cache
def _static(name: str) -> bytes | None:
    path = STATIC / name
    if path.parent != STATIC or not path.is_file():
        return None
    return path.read_bytes()


@static_router.get("/{name}")
def static(name: str) -> Response:
    suffix = name.rsplit(".", 1)[-1]
    body = _static(name) if suffix in _TYPES else None
    if body is None:
        return Response("not found", 404, media_type="text/plain")
    response = Response(body, media_type=_TYPES[suffix])
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

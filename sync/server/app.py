"""The FastAPI application."""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from . import batches, docs, openapi
from .db import ServerDB, open_server_db
from .edge import Edge
from .errors import ApiError, describe_validation
from .forms import pages as form_pages
from .forms import render as form_render
from .hashing import HashPool
from .routers import admin, auth, health, invites, users
from .routers import sync as sync_router
from .settings import ServerSettings

VERSION = "1"
# Kinds of the errors Starlette raises itself (unknown path, wrong method).
_HTTP_KINDS = {404: "not_found", 405: "method_not_allowed"}


def _methods_of(app: FastAPI, path: str) -> list[str]:
    """Every documented method of ``path`` (Starlette names only those of the first route
    that matches it: ``GET /users`` and ``POST /users`` are two routes)."""
    methods: set[str] = set()
    for template, operations in app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            methods |= {method.upper() for method in operations}
    return sorted(methods)


def create_app(
    db: ServerDB | None = None,
    *,
    url: str | None = None,
    settings: ServerSettings | None = None,
) -> FastAPI:
    settings = settings or ServerSettings.from_env()
    app = FastAPI(
        title="dxfield sync server",
        version=VERSION,
        description="Central server of dxfield: accounts, push and pull of field records.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = db or open_server_db(url)
    # A chunked push its laptop never came back for (the server died under it) goes now.
    batches.abandon_stale(app.state.db)
    app.state.settings = settings
    app.state.hash_pool = HashPool(settings.hash_workers, settings.hash_queue)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    # Added last, so it is outermost: limits apply before anything else reads the body.
    app.add_middleware(Edge, settings=settings, hash_pool=app.state.hash_pool)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        headers = dict(exc.headers)
        if exc.status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        body = {"kind": exc.kind, "message": exc.message}
        if exc.details:
            body["details"] = exc.details
        return JSONResponse(body, status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            {"kind": "bad_request", "message": describe_validation(exc.errors())},
            status_code=422,
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        kind = getattr(exc, "kind", None) or _HTTP_KINDS.get(exc.status_code, "bad_request")
        message = getattr(exc, "message", None) or str(exc.detail)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_methods_of(app, request.url.path))
        return JSONResponse(
            {"kind": kind, "message": message}, status_code=exc.status_code, headers=headers
        )

    for module in (health, auth, sync_router, users, admin, invites):
        app.include_router(module.router)
    # The web forms' pages and files: HTML for people, left out of the API document.
    app.include_router(form_pages.router)
    app.include_router(form_render.static_router)
    openapi.install(app)
    if settings.docs:
        docs.install(app)
    return app

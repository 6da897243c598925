"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse

from .db import ServerDB, open_server_db
from .errors import ApiError
from .routers import auth, health, users
from .routers import sync as sync_router

VERSION = "1"


def create_app(db: ServerDB | None = None, *, url: str | None = None) -> FastAPI:
    app = FastAPI(
        title="dxfield sync server",
        version=VERSION,
        description="Central server of dxfield: accounts, push and pull of field records.",
    )
    app.state.db = db or open_server_db(url)
    app.add_middleware(GZipMiddleware, minimum_size=1024)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(
            {"kind": exc.kind, "message": exc.message}, status_code=exc.status, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            {"kind": "bad_request", "message": str(exc.errors()[:3])}, status_code=422
        )

    for module in (health, auth, sync_router, users):
        app.include_router(module.router)
    return app

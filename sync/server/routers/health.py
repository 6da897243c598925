from __future__ import annotations

from fastapi import APIRouter

from ...protocol import SCHEMA
from ..schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health() -> Health:
    """Liveness check; the only endpoint that needs no token."""
    return Health(status="ok", schema_revision=SCHEMA)

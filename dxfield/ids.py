"""Record ids: random for a new record, deterministic (UUIDv5 of a natural key) for records
that several replicas may create independently for the same thing (see
``dxfield.models.base``). Here without SQLAlchemy, so that readers that skip the ORM
(``dxfield.quickread``) find a template or a question by the id every replica gives it."""

from __future__ import annotations

import uuid

# Namespace for deterministic ids (uuid5). Never change it: ids derived from it are stored.
DXFIELD_NAMESPACE = uuid.UUID("6f1c3c1e-9b7a-4d8e-a1f2-2f0d5b8e7c41")


def new_id() -> str:
    return str(uuid.uuid4())


def stable_id(*parts: object) -> str:
    """A UUIDv5 from a natural key, identical on every replica."""
    return str(uuid.uuid5(DXFIELD_NAMESPACE, ":".join(str(p) for p in parts)))

"""The wire protocol shared by client and server.

Push: ``POST /sync/push`` with header ``Idempotency-Key`` and body (gzip allowed)::

    {"client_id": "...", "changes": [
        {"t": table, "id": row id, "bv": base version, "f": {field: value},
         "b": {field: base value}, "c": created_at, "u": updated_at}, ...]}

and the answer, stored with the key so the same push twice returns the same thing::

    {"results": [{"t", "id", "v": new version, "d": {full record}, "conflicts": [...]}]}

Pull: ``GET /sync/pull?cursor=N&limit=M`` answers
``{"cursor": N', "has_more": bool, "records": [{"t", "id", "v", "d"}, ...]}``. ``cursor`` is
the server sequence: it is handed out under a lock held to commit, so no row can commit
later with a smaller number (see PITFALLS.md). Parents of a record that would otherwise
arrive in a later page come first, so a page never refers to a record the client lacks.

Every request carries ``X-Dxfield-Schema``: the revision of the records the client's store
holds (``dxfield.migrations.RECORD_REVISIONS``; a migration that adds only indexes does not
change it, so it is not the store's Alembic revision).
"""

from __future__ import annotations

from functools import cache

from dxfield import migrations
from dxfield.models import SYNCED_MODELS, Base

SCHEMA_HEADER = "X-Dxfield-Schema"
IDEMPOTENCY_HEADER = "Idempotency-Key"
SCHEMA = migrations.RECORD_REVISIONS[-1]
# Record fields beyond the content columns that travel (for people, never for ordering).
STAMPS = ("created_at", "updated_at")
MAX_REQUEST_BYTES = 8 * 1024 * 1024
DEFAULT_PAGE = 2000
MAX_PAGE = 10000


def schema_rank(revision: str) -> int | None:
    """Position of a record schema revision (older is smaller), None when unknown (newer)."""
    if revision in migrations.RECORD_REVISIONS:
        return migrations.RECORD_REVISIONS.index(revision)
    # Revisions are numbered ("0001", "0002", ...): one below ours is from an older dxfield.
    if revision.isdigit() and revision < migrations.RECORD_REVISIONS[0]:
        return -1
    return None


@cache
def table_order() -> dict[str, int]:
    """Synced tables, parents before children (what to push first)."""
    order = [t.name for t in Base.metadata.sorted_tables if t.name in SYNCED_MODELS]
    return {name: n for n, name in enumerate(order)}


@cache
def parent_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """table -> ((column, parent table), ...) for references to another record's id."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for name, cls in SYNCED_MODELS.items():
        refs = []
        for column in cls.__table__.columns:
            for fk in column.foreign_keys:
                target = fk.column
                if target.table.name in SYNCED_MODELS and target.name == "id":
                    refs.append((column.key, target.table.name))
        out[name] = tuple(refs)
    return out

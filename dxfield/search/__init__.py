"""Japanese full-text search over interview notes, action items, free-text answers (the
assessment's and the training surveys'), trainings and needs.

``search(session, "予算 研修")`` finds every record whose text contains all the terms after
NFKC + casefold normalisation — the same records a plain substring scan would find — ranked,
with a snippet of the original text and highlight spans. See ``text`` for the encoding that
makes one- and two-character Japanese words searchable in FTS5, ``index`` for the index and
``follow`` for how it follows edits, ``query`` for ranking.

Only ``follow`` needs SQLAlchemy: ``dxfield search`` reads an up-to-date store's index with
the stdlib (``search_current``) and imports this package without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .index import INDEX_FORMAT, INDEX_TABLES, TABLE_PREFIX, ensure_index, rebuild
from .query import SearchHit, make_snippet, search, search_current
from .text import normalise, query_terms

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = [
    "INDEX_FORMAT",
    "INDEX_TABLES",
    "TABLE_PREFIX",
    "SearchHit",
    "install",
    "is_index_table",
    "make_snippet",
    "normalise",
    "query_terms",
    "rebuild",
    "search",
    "search_current",
]


def install(engine: Engine) -> bool:
    """Make ``engine``'s store searchable: build the index if missing or outdated and keep it
    in step with every Session from now on. True if the index was (re)built."""
    from .follow import follow_edits

    follow_edits()
    with engine.connect() as conn:
        return ensure_index(conn.connection.driver_connection)


def is_index_table(name: str | None) -> bool:
    """Tables of the search index: derived data that schema comparisons must ignore
    (``search_fts`` brings FTS5 shadow tables such as ``search_fts_data``)."""
    return bool(name) and name.startswith(TABLE_PREFIX)
